"""Creating users and checking credentials, inside the current tenant."""

from __future__ import annotations

import re

from sqlalchemy import or_, select

from kiblat.platform.identity.models import Opd, User, UserRole
from kiblat.platform.identity.passwords import (
    check_strength,
    hash_password,
    needs_rehash,
    verify_password,
)
from kiblat.platform.identity.phone import PhoneError, normalize_phone
from kiblat.platform.identity.roles import roles_for
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan

EMAIL_RE = re.compile(r"^[^@\s<>\"']{1,64}@[A-Za-z0-9.-]{1,185}\.[A-Za-z]{2,}$")
NAME_MAX = 120


class AccountError(ValueError):
    """Input that cannot become an account; the message names the field, in Bahasa Indonesia."""


def normalize_email(raw: str) -> str:
    email = (raw or "").strip().lower()
    if not EMAIL_RE.match(email):
        raise AccountError("Alamat email tidak valid.")
    return email


def clean_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise AccountError("Nama wajib diisi.")
    if len(name) > NAME_MAX:
        raise AccountError(f"Nama paling banyak {NAME_MAX} karakter.")
    return name


def create_user(
    *, name: str, role: str, email: str | None = None, phone: str | None = None,
    password: str | None = None, opd_id: int | None = None, desa_code: str | None = None,
    extra_roles: tuple[str, ...] = (), kecamatan_code: str | None = None,
) -> User:
    """Validate everything, then add the user (flushes; the caller commits)."""
    session = tenant_db.session
    known = roles_for(current_tenant)
    for key in (role, *extra_roles):
        if key not in known:
            raise AccountError(f"Peran {key!r} tidak dikenal (tersedia: {', '.join(sorted(known))}).")
    email = normalize_email(email) if email else None
    try:
        phone = normalize_phone(phone) if phone else None
    except PhoneError as exc:
        raise AccountError(str(exc)) from None
    if email is None and phone is None:
        raise AccountError("Isi email atau nomor telepon.")
    if email and session.scalar(select(User.id).where(User.email == email)):
        raise AccountError("Email ini sudah terdaftar.")
    if phone and session.scalar(select(User.id).where(User.phone == phone)):
        raise AccountError("Nomor telepon ini sudah terdaftar.")
    if role == "officer" and opd_id is None:
        raise AccountError("Petugas OPD harus terhubung ke sebuah OPD.")
    if opd_id is not None and session.get(Opd, opd_id) is None:
        raise AccountError("OPD tidak ditemukan.")
    if role == "village_operator" and desa_code is None:
        raise AccountError("Operator desa harus terhubung ke sebuah desa/kelurahan.")
    if desa_code is not None and session.get(Desa, desa_code) is None:
        raise AccountError("Desa/kelurahan tidak ditemukan di kabupaten/kota ini.")
    if kecamatan_code is not None and session.get(Kecamatan, kecamatan_code) is None:
        raise AccountError("Kecamatan tidak ditemukan di kabupaten/kota ini.")
    if password is not None:
        check_strength(password)
    user = User(
        name=clean_name(name), role_key=role, email=email, phone=phone, opd_id=opd_id, desa_code=desa_code,
        kecamatan_code=kecamatan_code, password_hash=hash_password(password) if password is not None else None,
    )
    user.extra_roles = [UserRole(role_key=key) for key in extra_roles if key != role]
    session.add(user)
    session.flush()
    return user


def find_by_identifier(identifier: str) -> User | None:
    """A user by email or phone number, as typed on a login form."""
    identifier = (identifier or "").strip()
    candidates = []
    if "@" in identifier:
        candidates.append(User.email == identifier.lower())
    else:
        try:
            candidates.append(User.phone == normalize_phone(identifier))
        except PhoneError:
            return None
    return tenant_db.session.scalar(select(User).where(or_(*candidates)))


def authenticate(identifier: str, password: str) -> User | None:
    user = find_by_identifier(identifier)
    if not verify_password(user.password_hash if user else None, password) or user is None or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user
