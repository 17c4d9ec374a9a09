"""TOTP two-factor sign-in (RFC 6238 through pyotp), required for staff, optional for citizens.

The secret is stored encrypted. Until a first code confirms it, it is only pending
(``totp_enabled_at`` is empty). Each accepted 30-second step is remembered, so a code
seen over someone's shoulder cannot be used a second time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp
import segno
from sqlalchemy import delete

from kiblat.platform.identity.crypto import decrypt, encrypt
from kiblat.platform.identity.models import RecoveryCode, User
from kiblat.platform.identity.roles import roles_requiring_two_factor
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

PURPOSE = "totp"
CODE_RE = re.compile(r"^\d{6}$")


def requires_two_factor(user: User) -> bool:
    """Staff roles and the module roles that declare it (permit officers, waste-bank cashiers)."""
    return bool(user.role_keys & roles_requiring_two_factor(current_tenant))


def is_enabled(user: User) -> bool:
    return user.totp_enabled_at is not None and user.totp_secret_cipher is not None


def secret_of(user: User) -> str | None:
    return decrypt(user.totp_secret_cipher, PURPOSE) if user.totp_secret_cipher else None


def pending_secret(user: User) -> str:
    """The secret being enrolled: kept across page reloads until confirmed. Caller commits."""
    secret = None if is_enabled(user) else secret_of(user)
    if secret is None:
        secret = pyotp.random_base32()
        user.totp_secret_cipher = encrypt(secret, PURPOSE)
        user.totp_enabled_at = None
        user.totp_last_step = None
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    account = user.email or user.phone or str(user.id)
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=f"Kiblat {current_tenant.short_name}")


def qr_data_uri(uri: str) -> str:
    """An SVG QR code as a data: URI (the CSP allows ``img-src data:``; no script, no request)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _accept(user: User, secret: str, code: str) -> bool:
    code = re.sub(r"\s", "", code or "")
    if not CODE_RE.match(code):
        return False
    totp = pyotp.TOTP(secret)
    current = int(datetime.now(UTC).timestamp()) // totp.interval
    for step in (current, current - 1, current + 1):  # one step of clock drift either way
        if (user.totp_last_step is None or step > user.totp_last_step) and pyotp.utils.strings_equal(
            totp.generate_otp(step), code
        ):
            user.totp_last_step = step
            return True
    return False


def confirm_enrolment(user: User, code: str) -> bool:
    """Turn 2FA on if ``code`` matches the pending secret. Caller commits."""
    secret = secret_of(user)
    if secret is None or is_enabled(user) or not _accept(user, secret, code):
        return False
    user.totp_enabled_at = datetime.now(UTC)
    return True


def verify_code(user: User, code: str) -> bool:
    """A sign-in code for an enrolled user (each code once). Caller commits."""
    secret = secret_of(user) if is_enabled(user) else None
    return secret is not None and _accept(user, secret, code)


def disable(user: User) -> None:
    """Remove the secret (the person's choice, or the regency admin's reset). Caller commits."""
    user.totp_secret_cipher = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    # Recovery codes belong to the secret they back up: a later enrolment makes new ones.
    tenant_db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
