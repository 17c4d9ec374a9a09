"""A signed-in person's own account: contact details, password, email verification."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.platform.core.texts import _
from kiblat.platform.identity.account_mail import send_password_reset, send_verification
from kiblat.platform.identity.accounts import AccountError, find_by_identifier, normalize_email
from kiblat.platform.identity.credentials import store_new_password
from kiblat.platform.identity.models import User
from kiblat.platform.identity.passwords import PasswordError, check_strength, verify_password
from kiblat.platform.identity.phone import PhoneError, normalize_phone
from kiblat.platform.identity.registration import check_name
from kiblat.platform.identity.throttle import EMAIL_RESEND, hit, retry_after
from kiblat.platform.identity.tokens import RESET_PASSWORD, VERIFY_EMAIL, issue_token, use_token
from kiblat.tenants.database import tenant_db


class ThrottledError(RuntimeError):
    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def update_contact(user: User, *, name: str, phone: str) -> None:
    """Change name and phone (commits). The email is the sign-in address and stays."""
    name = check_name(name)
    try:
        phone_value = normalize_phone(phone) if (phone or "").strip() else None
    except PhoneError as exc:
        raise AccountError(str(exc)) from None
    if phone_value is None and user.email is None:
        raise AccountError(_("Isi nomor telepon: akun ini tidak memiliki email."))
    if phone_value and phone_value != user.phone and tenant_db.session.scalar(
            select(User.id).where(User.phone == phone_value, User.id != user.id)):
        raise AccountError(_("Nomor telepon ini sudah terdaftar."))
    user.name, user.phone = name, phone_value
    tenant_db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """Check the current password, store the new one and sign out every other session (commits)."""
    if not verify_password(user.password_hash, current or ""):
        raise AccountError(_("Kata sandi saat ini salah."))
    try:
        check_strength(new or "")
    except PasswordError as exc:
        raise AccountError(str(exc)) from None
    store_new_password(user, new)
    tenant_db.session.commit()


def resend_verification(user: User) -> None:
    """A new verification link, at most EMAIL_RESEND.attempts per window (commits)."""
    if user.email is None or user.email_verified_at is not None:
        return
    subject = f"verify:{user.id}"
    wait = retry_after(EMAIL_RESEND, subject)
    if wait:
        raise ThrottledError(wait)
    hit(EMAIL_RESEND, subject)
    token = issue_token(user, VERIFY_EMAIL)
    tenant_db.session.commit()
    send_verification(user, token)


def verify_email(token: str) -> User:
    user = use_token(token, VERIFY_EMAIL)
    user.email_verified_at = user.email_verified_at or datetime.now(UTC)
    tenant_db.session.commit()
    return user


def request_password_reset(email: str) -> None:
    """Email a reset link when an active account has this address; silent otherwise,
    so the answer never tells whether an account exists."""
    try:
        address = normalize_email(email)
    except AccountError:
        return
    subject = f"reset:{address}"
    if retry_after(EMAIL_RESEND, subject):
        return
    hit(EMAIL_RESEND, subject)
    user = find_by_identifier(address)
    if user is None or not user.active:
        return
    token = issue_token(user, RESET_PASSWORD)
    tenant_db.session.commit()
    send_password_reset(user, token)


def reset_password(token: str, new: str) -> User:
    """Set a new password through a reset link (once), signing out every session (commits)."""
    try:
        check_strength(new or "")
    except PasswordError as exc:
        raise AccountError(str(exc)) from None
    user = use_token(token, RESET_PASSWORD)
    store_new_password(user, new)
    # Receiving the link proves the address.
    user.email_verified_at = user.email_verified_at or datetime.now(UTC)
    tenant_db.session.commit()
    return user
