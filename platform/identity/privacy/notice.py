"""The privacy notice a regency publishes, and the consents citizens give to its versions.

Until the regency admin publishes one, the notice is version 1 filled from the regency's own
name and an officer title: a citizen registering on a new regency still reads a complete notice
and their consent is recorded against version 1. Every change the admin publishes is a new
version; signed-in citizens who accepted an older one are asked to read and accept it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from kiblat.platform.core.texts import _
from kiblat.platform.identity.models import User
from kiblat.platform.identity.privacy.models import PrivacyConsent, PrivacyNotice
from kiblat.platform.identity.roles import CITIZEN_ROLE
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


class NoticeError(ValueError):
    """A field of the notice is wrong (field name → message fit to show)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Notice:
    """The notice as shown: a published version, or the default version 1."""

    version: int
    controller_name: str
    controller_address: str
    dpo_name: str
    dpo_email: str
    dpo_phone: str
    changes: str
    published_at: datetime | None


def _default() -> Notice:
    return Notice(version=1, controller_name=current_tenant.official_name, controller_address="",
                  dpo_name="", dpo_email="", dpo_phone="", changes="", published_at=None)


def current_notice() -> Notice:
    row = tenant_db.session.scalar(select(PrivacyNotice).order_by(PrivacyNotice.version.desc()).limit(1))
    if row is None:
        return _default()
    return Notice(row.version, row.controller_name, row.controller_address, row.dpo_name, row.dpo_email,
                  row.dpo_phone, row.changes, row.published_at)


def current_version() -> int:
    return tenant_db.session.scalar(select(func.max(PrivacyNotice.version))) or 1


def publish(*, controller_name: str, controller_address: str, dpo_name: str, dpo_email: str, dpo_phone: str,
            changes: str, by: User | None) -> Notice:
    """A new version of the notice (commits). Every field but the phone is required."""
    values = {"controller_name": controller_name.strip(), "controller_address": controller_address.strip(),
              "dpo_name": dpo_name.strip(), "dpo_email": dpo_email.strip(), "dpo_phone": dpo_phone.strip(),
              "changes": changes.strip()}
    errors = {}
    required = {"controller_name": _("Isi nama pengendali data (instansi)."),
                "controller_address": _("Isi alamat pengendali data."),
                "dpo_name": _("Isi nama pejabat pelindungan data pribadi."),
                "dpo_email": _("Isi email pejabat pelindungan data pribadi.")}
    for key, message in required.items():
        if not values[key]:
            errors[key] = message
    if values["dpo_email"] and ("@" not in values["dpo_email"] or " " in values["dpo_email"]):
        errors["dpo_email"] = _("Email tidak valid.")
    if errors:
        raise NoticeError(errors)
    # The default notice is version 1, so the first published one is version 2: whoever accepted
    # the default is asked to read the filled-in notice.
    row = PrivacyNotice(version=current_version() + 1, published_by_user_id=by.id if by else None,
                        published_at=datetime.now(UTC), **values)
    tenant_db.session.add(row)
    tenant_db.session.commit()
    return current_notice()


def record_consent(user: User, version: int) -> None:
    """``user`` accepted ``version`` (the caller commits)."""
    tenant_db.session.add(PrivacyConsent(user_id=user.id, version=version, accepted_at=datetime.now(UTC)))


def accept_current(user: User) -> None:
    """``user`` accepted the current version (commits)."""
    record_consent(user, current_version())
    tenant_db.session.commit()


def accepted_version(user_id: int) -> int | None:
    return tenant_db.session.scalar(select(func.max(PrivacyConsent.version)).where(PrivacyConsent.user_id == user_id))


def consents(user_id: int) -> list[PrivacyConsent]:
    return list(tenant_db.session.scalars(
        select(PrivacyConsent).where(PrivacyConsent.user_id == user_id).order_by(PrivacyConsent.id)))


def needs_consent(user: User) -> bool:
    """A citizen who has not accepted the notice's current version (registered before the
    notice existed, or before its last change)."""
    if CITIZEN_ROLE not in user.role_keys:
        return False
    accepted = accepted_version(user.id)
    return accepted is None or accepted < current_version()
