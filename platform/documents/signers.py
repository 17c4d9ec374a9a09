"""The regency admin's settings for official documents: signing officials per scope."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kiblat.platform.documents.models import DocumentSigner
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import Opd
from kiblat.tenants.database import tenant_db

NIP_RE = re.compile(r"^\d{18}$")
REGENCY_SCOPE = ""


class SignerError(ValueError):
    pass


def opd_scope(short_name: str) -> str:
    return f"opd:{short_name.strip().upper()}"


def scope_choices() -> list[tuple[str, str]]:
    """The scopes the admin can configure: the whole regency, then each active OPD."""
    opds = tenant_db.session.scalars(select(Opd).where(Opd.active.is_(True), Opd.short_name != "")
                                     .order_by(Opd.name))
    return [(REGENCY_SCOPE, str(_l("Seluruh pemerintah daerah (bawaan)")))] + [
        (opd_scope(opd.short_name), opd.name) for opd in opds]


def scope_label(scope: str) -> str:
    return dict(scope_choices()).get(scope, scope)


def all_signers() -> list[DocumentSigner]:
    return list(tenant_db.session.scalars(select(DocumentSigner).order_by(DocumentSigner.scope)))


def save(scope: str, *, unit_name: str, unit_address: str, signer_name: str, signer_nip: str,
         signer_position: str) -> DocumentSigner:
    """Create or replace the official of ``scope``. Commits."""
    signer_nip = re.sub(r"\s", "", signer_nip or "")
    if scope not in dict(scope_choices()):
        raise SignerError(str(_l("Pilih lingkup dari daftar")))
    if not signer_name.strip() or not signer_position.strip():
        raise SignerError(str(_l("Nama dan jabatan penandatangan wajib diisi")))
    if signer_nip and not NIP_RE.match(signer_nip):
        raise SignerError(str(_l("NIP terdiri atas 18 angka")))
    row = tenant_db.session.scalar(select(DocumentSigner).where(DocumentSigner.scope == scope))
    if row is None:
        row = DocumentSigner(scope=scope)
        tenant_db.session.add(row)
    row.unit_name, row.unit_address = unit_name.strip()[:200], unit_address.strip()[:300]
    row.signer_name, row.signer_nip = signer_name.strip()[:120], signer_nip
    row.signer_position = signer_position.strip()[:200]
    tenant_db.session.flush()
    record("documents.signer_saved", "document_signer", row.id, scope=scope, signer=row.signer_name)
    tenant_db.session.commit()
    return row


def delete(signer_id: int) -> None:
    row = tenant_db.session.get(DocumentSigner, signer_id)
    if row is not None:
        record("documents.signer_deleted", "document_signer", row.id, scope=row.scope)
        tenant_db.session.delete(row)
        tenant_db.session.commit()
