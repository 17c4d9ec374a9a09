"""Creating and revoking API clients, issuing and checking their access tokens.

Everything runs inside the current tenant (``tenant_db.session``). Secrets and tokens are
long random strings, so a SHA-256 hash is enough to store them; they are shown once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from kiblat.platform.identity.api.models import ApiClient, ApiToken
from kiblat.platform.identity.api.scopes import available_scopes
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

TOKEN_LIFETIME = timedelta(hours=1)
NAME_MAX = 120
CLIENT_ID_PREFIX = "kbl_"


class ApiClientError(ValueError):
    """Bad input for an API client, with a message fit to show (``field`` names the input)."""

    def __init__(self, message: str, field: str = "name") -> None:
        super().__init__(message)
        self.field = field


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def secret_matches(client: ApiClient, secret: str) -> bool:
    return hmac.compare_digest(client.secret_hash, hash_secret(secret))


def create_client(name: str, scopes: list[str] | tuple[str, ...],
                  created_by_id: int | None = None) -> tuple[ApiClient, str]:
    """A new client and its secret (the only time the secret exists in clear)."""
    name = name.strip()
    if not name:
        raise ApiClientError("Nama klien wajib diisi")
    if len(name) > NAME_MAX:
        raise ApiClientError(f"Nama klien paling banyak {NAME_MAX} karakter")
    known = available_scopes(current_tenant)
    unknown = sorted(set(scopes) - set(known))
    if unknown:
        raise ApiClientError(f"Cakupan tidak tersedia di daerah ini: {', '.join(unknown)}", "scopes")
    secret = secrets.token_urlsafe(32)
    client = ApiClient(
        client_id=CLIENT_ID_PREFIX + secrets.token_hex(12),
        name=name,
        secret_hash=hash_secret(secret),
        scopes=" ".join(sorted(set(scopes))),
        created_by_id=created_by_id,
    )
    tenant_db.session.add(client)
    tenant_db.session.commit()
    return client, secret


def list_clients() -> list[ApiClient]:
    return list(tenant_db.session.scalars(select(ApiClient).order_by(ApiClient.created_at.desc(), ApiClient.id.desc())))


def find_client(client_id: str) -> ApiClient | None:
    """An active client of the current tenant by its public id."""
    client = tenant_db.session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
    return client if client is not None and client.active else None


def revoke_client(client_pk: int) -> ApiClient:
    """Revoke a client and every token it holds; revoking twice changes nothing."""
    session = tenant_db.session
    client = session.get(ApiClient, client_pk)
    if client is None:
        raise ApiClientError("Klien API tidak ditemukan")
    now = datetime.now(UTC)
    if client.revoked_at is None:
        client.revoked_at = now
    session.execute(
        update(ApiToken).where(ApiToken.client_id == client.id, ApiToken.revoked_at.is_(None)).values(revoked_at=now)
    )
    session.commit()
    return client


def grantable_scopes(client: ApiClient) -> list[str]:
    """The client's scopes that the regency still offers (a disabled module's scopes lapse)."""
    offered = available_scopes(current_tenant)
    return [scope for scope in client.scope_list if scope in offered]


def store_token(client: ApiClient, access_token: str, scopes: str, expires_in: int) -> ApiToken:
    now = datetime.now(UTC)
    token = ApiToken(
        client_id=client.id,
        token_hash=hash_secret(access_token),
        scopes=scopes,
        issued_at=now,
        expires_at=now + timedelta(seconds=expires_in),
    )
    client.last_used_at = now
    tenant_db.session.add(token)
    tenant_db.session.commit()
    return token


def find_token(access_token: str) -> ApiToken | None:
    """The current tenant's token with this value, valid or not, or None."""
    if not access_token or len(access_token) > 200:
        return None
    return tenant_db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(access_token)))
