"""What the regency admin does to OPD and users, inside the current tenant only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from kiblat.platform.identity import twofactor
from kiblat.platform.identity.accounts import AccountError, create_user
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.registration import CITIZEN_ROLE, check_name
from kiblat.platform.identity.roles import roles_for
from kiblat.platform.identity.services import issue_invitation
from kiblat.platform.identity.texts import _
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan

PAGE_SIZE = 50
OPD_SHORT_MAX = 40


class AdminError(ValueError):
    """Input the admin must correct; the message is in Bahasa Indonesia."""


def _opd_fields(name: str, short_name: str) -> tuple[str, str]:
    try:
        name = check_name_long(name)
    except AccountError as exc:
        raise AdminError(str(exc)) from None
    short_name = " ".join((short_name or "").split())
    if len(short_name) > OPD_SHORT_MAX:
        raise AdminError(_("Singkatan paling banyak %(n)s karakter.", n=OPD_SHORT_MAX))
    if "<" in short_name or ">" in short_name:
        raise AdminError(_("Singkatan tidak boleh memuat tanda < atau >."))
    return name, short_name


def check_name_long(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise AccountError(_("Nama OPD wajib diisi."))
    if len(name) > 200:
        raise AccountError(_("Nama OPD paling banyak 200 karakter."))
    if "<" in name or ">" in name:
        raise AccountError(_("Nama tidak boleh memuat tanda < atau >."))
    return name


def list_opd() -> list[Opd]:
    return list(tenant_db.session.scalars(select(Opd).order_by(Opd.active.desc(), Opd.name)))


def _name_taken(name: str, except_id: int | None = None) -> bool:
    query = select(Opd.id).where(func.lower(Opd.name) == name.lower())
    if except_id is not None:
        query = query.where(Opd.id != except_id)
    return tenant_db.session.scalar(query) is not None


def create_opd(name: str, short_name: str = "") -> Opd:
    name, short_name = _opd_fields(name, short_name)
    if _name_taken(name):
        raise AdminError(_("OPD bernama %(name)s sudah ada.", name=name))
    opd = Opd(name=name, short_name=short_name, active=True)
    tenant_db.session.add(opd)
    try:
        tenant_db.session.flush()
        record("opd.create", "opd", opd.id, name=name)
        tenant_db.session.commit()
    except IntegrityError:
        tenant_db.session.rollback()
        raise AdminError(_("OPD bernama %(name)s sudah ada.", name=name)) from None
    return opd


def get_opd(opd_id: int) -> Opd | None:
    return tenant_db.session.get(Opd, opd_id)


def rename_opd(opd: Opd, name: str, short_name: str = "") -> None:
    name, short_name = _opd_fields(name, short_name)
    if _name_taken(name, except_id=opd.id):
        raise AdminError(_("OPD bernama %(name)s sudah ada.", name=name))
    record("opd.update", "opd", opd.id, old_name=opd.name, name=name)
    opd.name, opd.short_name = name, short_name
    tenant_db.session.commit()


def set_opd_active(opd: Opd, active: bool) -> None:
    opd.active = active
    record("opd.enable" if active else "opd.disable", "opd", opd.id)
    tenant_db.session.commit()


@dataclass(frozen=True)
class UserFilter:
    q: str = ""
    role: str = ""
    status: str = ""  # "", "active", "inactive"
    opd_id: int | None = None
    page: int = 1


def list_users(criteria: UserFilter) -> tuple[list[User], int]:
    """One page of users matching the filter, and the total count."""
    query = select(User)
    if criteria.q:
        like = f"%{criteria.q.strip().lower()[:100]}%"
        query = query.where(or_(func.lower(User.name).like(like), User.email.like(like), User.phone.like(like)))
    if criteria.role:
        query = query.where(User.role_key == criteria.role)
    if criteria.status in ("active", "inactive"):
        query = query.where(User.active.is_(criteria.status == "active"))
    if criteria.opd_id is not None:
        query = query.where(User.opd_id == criteria.opd_id)
    total = tenant_db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, criteria.page)
    rows = tenant_db.session.scalars(query.order_by(User.name, User.id).limit(PAGE_SIZE)
                                     .offset((page - 1) * PAGE_SIZE)).all()
    return list(rows), total


def staff_roles() -> dict:
    """Roles an admin can give: every role of the tenant (core and modules) but citizen."""
    return {key: role for key, role in roles_for(current_tenant).items() if key != CITIZEN_ROLE}


def desa_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The regency's own desa/kelurahan grouped by kecamatan, for a picker."""
    kecamatan = {k.code: k.name for k in tenant_db.session.scalars(select(Kecamatan))}
    groups: dict[str, list[tuple[str, str]]] = {}
    for desa in tenant_db.session.scalars(select(Desa).order_by(Desa.kecamatan_code, Desa.name)):
        groups.setdefault(kecamatan.get(desa.kecamatan_code, desa.kecamatan_code), []).append((desa.code, desa.name))
    return sorted(groups.items())


def create_staff_user(*, name: str, email: str, phone: str, role: str, opd_id: int | None,
                      desa_code: str | None) -> User:
    """A staff account without a password: an invitation email lets them set one (commits)."""
    if role not in staff_roles():
        raise AdminError(_("Pilih peran petugas yang tersedia."))
    if not (email or "").strip():
        raise AdminError(_("Email wajib diisi: undangan untuk mengatur kata sandi dikirim ke sana."))
    if opd_id is not None:
        opd = tenant_db.session.get(Opd, opd_id)
        if opd is None or not opd.active:
            raise AdminError(_("OPD tidak ditemukan atau sudah nonaktif."))
    try:
        user = create_user(name=check_name(name), role=role, email=email, phone=phone or None,
                           opd_id=opd_id if role != "village_operator" else None,
                           desa_code=desa_code if role == "village_operator" else None)
    except AccountError as exc:
        tenant_db.session.rollback()
        raise AdminError(str(exc)) from None
    token = issue_invitation(user)
    record("users.create", "user", user.id, role=role, opd_id=user.opd_id, desa_code=user.desa_code)
    tenant_db.session.commit()
    _send_invitation(user, token)
    return user


def _send_invitation(user: User, token: str) -> None:
    from kiblat.provisioning.invitations import invitation_email

    subject, body = invitation_email(current_tenant, user.name, token)
    message = queue_message(user.email, subject, body, tenant_slug=current_tenant.slug)
    enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=current_tenant.slug)


def get_user(user_id: int) -> User | None:
    return tenant_db.session.get(User, user_id)


def set_user_active(admin: User, user: User, active: bool) -> None:
    if user.id == admin.id and not active:
        raise AdminError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    user.active = active
    if not active:
        user.session_version += 1  # signed out everywhere at once
    record("users.enable" if active else "users.disable", "user", user.id)
    tenant_db.session.commit()


def reset_two_factor(user: User) -> None:
    """For a lost phone: the secret goes and the user's sessions end; staff enrol again at next sign-in."""
    twofactor.disable(user)
    user.session_version += 1
    record("users.reset_two_factor", "user", user.id)
    tenant_db.session.commit()

