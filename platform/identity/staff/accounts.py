"""Creating staff accounts and checking their password and TOTP code."""

from __future__ import annotations

import time
from collections.abc import Callable

import pyotp
from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.accounts import AccountError, clean_name, normalize_email
from kiblat.platform.identity.crypto import decrypt, encrypt
from kiblat.platform.identity.passwords import (
    check_strength,
    hash_password,
    needs_rehash,
    verify_password,
)
from kiblat.platform.identity.staff.models import StaffUser

TOTP_PURPOSE = "staff-totp"
TOTP_ISSUER = "Kiblat Staf"

# Seconds since the epoch for TOTP steps; tests pin it so a code never straddles a 30-second step.
clock: Callable[[], float] = time.time


def create_staff(*, email: str, name: str, password: str) -> StaffUser:
    """Validate, then add a staff member (flushes; the caller commits)."""
    email = normalize_email(email)
    if db.session.scalar(select(StaffUser.id).where(StaffUser.email == email)):
        raise AccountError("Email ini sudah terdaftar sebagai staf.")
    check_strength(password)
    staff = StaffUser(email=email, name=clean_name(name), password_hash=hash_password(password), active=True,
                      totp_enabled=False, session_version=1)
    db.session.add(staff)
    db.session.flush()
    return staff


def find_staff(email: str) -> StaffUser | None:
    try:
        email = normalize_email(email)
    except AccountError:
        return None
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email))


def authenticate_staff(email: str, password: str) -> StaffUser | None:
    staff = find_staff(email)
    if not verify_password(staff.password_hash if staff else None, password) or staff is None or not staff.active:
        return None
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
        db.session.commit()
    return staff


# Two-factor ------------------------------------------------------------------------
def totp_secret(staff: StaffUser) -> str:
    """The staff member's secret, created (not yet enabled) on first use."""
    secret = decrypt(staff.totp_secret_cipher, TOTP_PURPOSE) if staff.totp_secret_cipher else None
    if secret is None:
        secret = pyotp.random_base32()
        staff.totp_secret_cipher = encrypt(secret, TOTP_PURPOSE)
        db.session.commit()
    return secret


def provisioning_uri(staff: StaffUser) -> str:
    return pyotp.TOTP(totp_secret(staff)).provisioning_uri(name=staff.email, issuer_name=TOTP_ISSUER)


def verify_totp(staff: StaffUser, code: str, now: float | None = None) -> bool:
    """A 6-digit code of this or a neighbouring 30-second step, never one accepted before."""
    code = "".join((code or "").split())
    if not staff.totp_secret_cipher or len(code) != 6 or not code.isdigit():
        return False
    secret = decrypt(staff.totp_secret_cipher, TOTP_PURPOSE)
    if secret is None:
        return False
    totp = pyotp.TOTP(secret)
    now = clock() if now is None else now
    current = int(now // totp.interval)
    for step in (current, current - 1, current + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            if staff.totp_last_step is not None and step <= staff.totp_last_step:
                return False
            staff.totp_last_step = step
            db.session.commit()
            return True
    return False


def enable_totp(staff: StaffUser, code: str) -> bool:
    if not verify_totp(staff, code):
        return False
    staff.totp_enabled = True
    db.session.commit()
    return True
