"""What the regency admin does to OPD and users, inside the current tenant only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from kiblat.platform.admin import placement
from kiblat.platform.core.texts import _
from kiblat.platform.identity import twofactor
from kiblat.platform.identity.account_mail import invitation_email
from kiblat.platform.identity.accounts import AccountError, create_user
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import Opd, User, UserRole
from kiblat.platform.identity.phone import PhoneError, normalize_phone
from kiblat.platform.identity.registration import CITIZEN_ROLE, check_name
from kiblat.platform.identity.roles import ADMIN_ROLE, roles_for
from kiblat.platform.identity.services import issue_invitation
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
                      desa_code: str | None, kecamatan_code: str | None = None,
                      extra_roles: tuple[str, ...] = ()) -> User:
    """A staff account without a password: an invitation email lets them set one (commits)."""
    if role not in staff_roles():
        raise AdminError(_("Pilih peran petugas yang tersedia."))
    if not (email or "").strip():
        raise AdminError(_("Email wajib diisi: undangan untuk mengatur kata sandi dikirim ke sana."))
    extra = _extra_roles(role, extra_roles)
    try:
        place = placement.resolve({role, *extra}, placement.Placement(opd_id, kecamatan_code, desa_code))
        user = create_user(name=check_name(name), role=role, email=email, phone=phone or None,
                           opd_id=place.opd_id, desa_code=place.desa_code, kecamatan_code=place.kecamatan_code,
                           extra_roles=extra)
    except (AccountError, placement.PlacementError) as exc:
        tenant_db.session.rollback()
        raise AdminError(str(exc)) from None
    token = issue_invitation(user)
    record("users.create", "user", user.id, role=role, extra_roles=list(extra), opd_id=user.opd_id,
           kecamatan_code=user.kecamatan_code, desa_code=user.desa_code)
    tenant_db.session.commit()
    send_invitation(user, token)
    return user


def _extra_roles(role: str, extra_roles: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    known = staff_roles()
    unknown = [key for key in extra_roles if key not in known and key != CITIZEN_ROLE]
    if unknown:
        raise AdminError(_("Pilih peran tambahan yang tersedia."))
    return tuple(sorted({key for key in extra_roles if key != role}))


def update_staff_user(admin: User, user: User, *, name: str, phone: str, role: str,
                      extra_roles: tuple[str, ...] | list[str], opd_id: int | None,
                      kecamatan_code: str | None, desa_code: str | None) -> None:
    """Change an account's name, phone, roles and places in one step (commits; nothing on error)."""
    if role not in staff_roles() and role != CITIZEN_ROLE:
        raise AdminError(_("Pilih peran yang tersedia."))
    if user.id == admin.id and ADMIN_ROLE not in {role, *extra_roles}:
        raise AdminError(_("Anda tidak dapat melepas peran admin dari akun Anda sendiri."))
    extra = _extra_roles(role, extra_roles)
    try:
        clean = check_name(name)
        phone_number = normalize_phone(phone) if (phone or "").strip() else None
        place = placement.resolve({role, *extra}, placement.Placement(opd_id, kecamatan_code, desa_code))
    except (AccountError, PhoneError, placement.PlacementError) as exc:
        raise AdminError(str(exc)) from None
    if phone_number and tenant_db.session.scalar(select(User.id).where(User.phone == phone_number, User.id != user.id)):
        raise AdminError(_("Nomor telepon ini sudah dipakai akun lain."))
    if phone_number is None and not user.email:
        raise AdminError(_("Akun tanpa email harus memiliki nomor telepon."))
    before = {"role": user.role_key, "extra_roles": sorted(user.role_keys - {user.role_key}), "opd_id": user.opd_id,
              "kecamatan_code": user.kecamatan_code, "desa_code": user.desa_code}
    user.name, user.phone, user.role_key = clean, phone_number, role
    user.extra_roles = [r for r in user.extra_roles if r.role_key in extra] + [
        UserRole(role_key=key) for key in extra if key not in {r.role_key for r in user.extra_roles}]
    placement.apply(user, place)
    if before["role"] != role or before["extra_roles"] != list(extra):
        user.session_version += 1  # new permissions take effect on a fresh sign-in, everywhere
    record("users.update", "user", user.id, before=before, role=role, extra_roles=list(extra), opd_id=user.opd_id,
           kecamatan_code=user.kecamatan_code, desa_code=user.desa_code)
    tenant_db.session.commit()


def resend_invitation(user: User) -> None:
    """A fresh invitation link for an account that never set a password (the old link stops working)."""
    if user.password_hash is not None:
        raise AdminError(_("Akun ini sudah mengatur kata sandi; undangan tidak diperlukan."))
    if not user.email:
        raise AdminError(_("Akun ini tidak memiliki email untuk dikirimi undangan."))
    if not user.active:
        raise AdminError(_("Aktifkan akun terlebih dahulu."))
    token = issue_invitation(user)
    record("users.invite", "user", user.id)
    tenant_db.session.commit()
    send_invitation(user, token)


def send_invitation(user: User, token: str) -> None:
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



def place_names(user: User) -> dict[str, str]:
    """The names of the kecamatan and desa an account is placed in (never the bare codes)."""
    names = {}
    if user.kecamatan_code:
        kecamatan = tenant_db.session.get(Kecamatan, user.kecamatan_code)
        names["kecamatan"] = kecamatan.name if kecamatan else user.kecamatan_code
    if user.desa_code:
        desa = tenant_db.session.get(Desa, user.desa_code)
        names["desa"] = desa.name if desa else user.desa_code
    return names
