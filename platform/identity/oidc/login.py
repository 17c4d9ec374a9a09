"""Signing in to a regency through its OpenID Connect provider (code flow, PKCE, nonce).

The flow's state lives in the regency's own host-only session cookie, and is additionally
recorded with the tenant's id: a callback that reaches regency B for a flow started at
regency A finds no state there and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import requests
from authlib.common.errors import AuthlibBaseError
from flask import session, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.platform.identity.accounts import AccountError, create_user, normalize_email
from kiblat.platform.identity.models import User
from kiblat.platform.identity.oidc.clients import tenant_client
from kiblat.platform.identity.oidc.models import OidcIdentity, OidcProvider
from kiblat.platform.identity.oidc.settings import (
    SsoSettingsError,
    check_discovery,
    enabled_provider,
)
from kiblat.platform.identity.phone import PhoneError, normalize_phone
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

FLOW_KEY = "oidc_flow"
FALLBACK_NAME = "Pengguna SSO"


class SsoLoginError(Exception):
    """Signing in through the provider failed; the message is shown to the person."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class LoginResult:
    user: User
    created: bool
    next_url: str


def _provider() -> OidcProvider:
    try:
        provider = enabled_provider()
    except SsoSettingsError as exc:
        raise SsoLoginError(str(exc), 503) from None
    if provider is None:
        raise SsoLoginError("Masuk dengan SSO tidak diaktifkan di kabupaten/kota ini.", 403)
    return provider


def _client(provider: OidcProvider):  # noqa: ANN202
    try:
        client = tenant_client(current_tenant.slug, provider)
        metadata = client.load_server_metadata()
    except SsoSettingsError as exc:
        raise SsoLoginError(str(exc), 503) from None
    except (requests.RequestException, ValueError):
        raise SsoLoginError(
            f"Penyedia {provider.display_name} tidak dapat dihubungi saat ini; coba lagi nanti.", 503
        ) from None
    try:
        check_discovery(provider.issuer, metadata)
    except SsoSettingsError as exc:
        raise SsoLoginError(f"Konfigurasi SSO salah: {exc}", 503) from None
    return client


def start_login(next_url: str) -> str:
    """Record the flow in the session and return the provider's authorization URL."""
    provider = _provider()
    client = _client(provider)
    redirect_uri = url_for("oidc.callback", _external=True)
    data = client.create_authorization_url(redirect_uri)
    client.save_authorize_data(redirect_uri=redirect_uri, **data)
    session[FLOW_KEY] = {"tenant": current_tenant.id, "state": data["state"], "next": next_url}
    return data["url"]


def finish_login(state: str | None) -> LoginResult:
    """Check the callback, fetch and validate the tokens, find or create the user (commits)."""
    flow = session.pop(FLOW_KEY, None)
    if not flow or flow.get("tenant") != current_tenant.id or not state or flow.get("state") != state:
        raise SsoLoginError(
            "Proses masuk ini tidak dimulai di kabupaten/kota ini atau sudah kedaluwarsa. Silakan mulai lagi."
        )
    provider = _provider()
    client = _client(provider)
    try:
        token = client.authorize_access_token()
    except AuthlibBaseError as exc:
        if getattr(exc, "error", "") == "access_denied":
            raise SsoLoginError("Anda membatalkan proses masuk di penyedia.") from None
        raise SsoLoginError(f"Penyedia menolak proses masuk ({exc.error}). Silakan mulai lagi.") from None
    except requests.RequestException:
        raise SsoLoginError(f"Penyedia {provider.display_name} tidak dapat dihubungi; coba lagi nanti.", 503) from None
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        raise SsoLoginError("Penyedia tidak mengirim ID token yang sah.")
    claims = dict(claims)
    if any(c and c not in claims for c in (provider.email_claim, provider.name_claim, provider.phone_claim)):
        claims = _with_userinfo(client, token, claims)
    user, created = resolve_user(provider, claims["iss"], str(claims["sub"]), claims)
    return LoginResult(user, created, flow.get("next") or "/")


def _with_userinfo(client, token: dict, claims: dict) -> dict:  # noqa: ANN001
    """Claims the ID token left out, from the UserInfo endpoint (same subject only)."""
    if not client.load_server_metadata().get("userinfo_endpoint"):
        return claims
    try:
        info = client.userinfo(token=token)
    except (AuthlibBaseError, requests.RequestException, ValueError):
        return claims
    if str(info.get("sub")) != str(claims["sub"]):
        raise SsoLoginError("Data pengguna dari penyedia tidak cocok dengan ID token.")
    return {**info, **claims}


def _verified(claims: dict) -> bool:
    return claims.get("email_verified") in (True, "true")


def _claim(claims: dict, key: str) -> str | None:
    value = claims.get(key) if key else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def resolve_user(provider: OidcProvider, issuer: str, subject: str, claims: dict) -> tuple[User, bool]:
    """The linked user, or the user with the same verified email (then linked), or a new one."""
    session = tenant_db.session
    try:
        return _resolve(provider, issuer, subject, claims)
    except IntegrityError:
        # Two first sign-ins of the same person at once: the other one linked it; use that.
        session.rollback()
        return _resolve(provider, issuer, subject, claims)


def _resolve(provider: OidcProvider, issuer: str, subject: str, claims: dict) -> tuple[User, bool]:
    session = tenant_db.session
    now = datetime.now(UTC)
    identity = session.scalar(
        select(OidcIdentity).where(OidcIdentity.issuer == issuer, OidcIdentity.subject == subject)
    )
    if identity is not None:
        user = session.get(User, identity.user_id)
        _check_active(user)
        identity.last_login_at = now
        session.commit()
        return user, False

    email = _claim(claims, provider.email_claim)
    try:
        email = normalize_email(email) if email else None
    except AccountError:
        email = None
    verified = email is not None and _verified(claims)
    user = session.scalar(select(User).where(User.email == email)) if email else None
    created = False
    if user is not None:
        if not verified:
            raise SsoLoginError(
                f"Email {email} sudah terdaftar di sini, tetapi penyedia tidak menyatakannya terverifikasi, "
                "sehingga akun tidak dapat dihubungkan otomatis. Masuk dengan kata sandi atau hubungi admin."
            )
        _check_active(user)
    else:
        user = _new_user(provider, email, claims)
        created = True
    if verified and user.email_verified_at is None:
        user.email_verified_at = now
    session.add(OidcIdentity(user_id=user.id, issuer=issuer, subject=subject, last_login_at=now))
    session.commit()
    return user, created


def _check_active(user: User | None) -> None:
    if user is None or not user.active:
        raise SsoLoginError("Akun Anda di kabupaten/kota ini dinonaktifkan. Hubungi admin.", 403)


def _new_user(provider: OidcProvider, email: str | None, claims: dict) -> User:
    phone = _claim(claims, provider.phone_claim)
    try:
        phone = normalize_phone(phone) if phone else None
    except PhoneError:
        phone = None
    if phone and tenant_db.session.scalar(select(User.id).where(User.phone == phone)):
        phone = None  # another account already uses it; the person can add a number later
    if email is None and phone is None:
        raise SsoLoginError("Penyedia tidak mengirim email atau nomor telepon, sehingga akun tidak dapat dibuat.")
    name = _claim(claims, provider.name_claim) or (email.split("@")[0] if email else FALLBACK_NAME)
    try:
        return create_user(name=name[:120], role=provider.default_role, email=email, phone=phone)
    except AccountError as exc:
        raise SsoLoginError(f"Akun tidak dapat dibuat: {exc}") from None
