"""Envelope encryption of everything confidential in a case.

Each tenant has one random *data key* (Fernet: AES-128-CBC with HMAC-SHA256). It is stored in
``mesra_data_key`` only *wrapped*: encrypted by a key-encryption key derived (HKDF, through
``kiblat.platform.identity.crypto``) from the instance's ``KIBLAT_DATA_KEY`` secret and the
tenant's id. That secret lives in the instance's environment, never in any tenant's schema
or file, so a copy of a tenant's database, its uploads or its export holds only ciphertext
and a key nobody can unwrap without the running instance. Rotating the instance secret
means re-wrapping every tenant's data key (not built yet).
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from flask import g
from sqlalchemy import select

from kiblat.modules.mesra.models import DataKey
from kiblat.platform.identity import crypto
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


class VaultError(RuntimeError):
    pass


def _purpose() -> str:
    return f"mesra-data-key:{current_tenant.id}"


def _fernet() -> Fernet:
    cache = g.setdefault("mesra_keys", {})
    tenant_id = current_tenant.id
    if tenant_id not in cache:
        row = tenant_db.session.scalar(select(DataKey).order_by(DataKey.id).limit(1))
        if row is None:
            key = Fernet.generate_key().decode()
            row = DataKey(wrapped=crypto.encrypt(key, _purpose()))
            tenant_db.session.add(row)
            tenant_db.session.flush()
        else:
            key = crypto.decrypt(row.wrapped, _purpose())
            if key is None:
                raise VaultError("the tenant's data key cannot be unwrapped with this instance's secret")
        cache[tenant_id] = Fernet(key.encode())
    return cache[tenant_id]


def seal(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def open_text(token: str | None) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise VaultError("ciphertext does not belong to this tenant's key") from exc


def seal_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def open_bytes(data: bytes) -> bytes:
    try:
        return _fernet().decrypt(data)
    except InvalidToken as exc:
        raise VaultError("ciphertext does not belong to this tenant's key") from exc


def receipt_hash(code: str) -> str:
    """Keyed hash of a receipt code (the key is the instance's, per tenant)."""
    return crypto.keyed_hash(code, f"mesra-receipt:{current_tenant.id}")
