"""Envelope encryption of everything confidential in a case.

Each tenant has one random *data key* (Fernet: AES-128-CBC with HMAC-SHA256). It is stored in
``mesra_data_key`` only *wrapped*: encrypted by a key-encryption key derived (HKDF, through
``kiblat.platform.identity.crypto``) from the instance's ``KIBLAT_DATA_KEY`` secret and the
tenant's id. That secret lives in the instance's environment, never in any tenant's schema
or file, so a copy of a tenant's database, its uploads or its export holds only ciphertext
and a key nobody can unwrap without the running instance.

The tenant's data key can be rotated (``services/rotation.py``): a new key is added and seals
everything new at once; older keys still open what they sealed until a job has re-encrypted
it all under the new key, and only then are they destroyed. So there may be several keys for a
while: the newest seals, every one opens (Fernet's ``MultiFernet``).
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
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


def _new_key_row() -> DataKey:
    key = Fernet.generate_key().decode()
    row = DataKey(wrapped=crypto.encrypt(key, _purpose()))
    tenant_db.session.add(row)
    tenant_db.session.flush()
    return row


def _keyring() -> list[tuple[int, Fernet]]:
    """``(key id, key)`` of every live data key of the tenant, newest (the sealing one) first."""
    cache = g.setdefault("mesra_keys", {})
    tenant_id = current_tenant.id
    if tenant_id not in cache:
        rows = list(tenant_db.session.scalars(select(DataKey).order_by(DataKey.id.desc())))
        if not rows:
            rows = [_new_key_row()]
        ring = []
        for row in rows:
            key = crypto.decrypt(row.wrapped, _purpose())
            if key is None:
                raise VaultError("the tenant's data key cannot be unwrapped with this instance's secret")
            ring.append((row.id, Fernet(key.encode())))
        cache[tenant_id] = ring
    return cache[tenant_id]


def forget_keys() -> None:
    """Drop this request's copy of the keys (after a key was added or destroyed)."""
    g.setdefault("mesra_keys", {}).pop(current_tenant.id, None)


def add_key() -> int:
    """A new data key that seals from now on (flushed, not committed); returns its id."""
    row = _new_key_row()
    forget_keys()
    return row.id


def _fernet() -> Fernet:
    return _keyring()[0][1]


def _opener() -> MultiFernet:
    return MultiFernet([key for _, key in _keyring()])


def is_current(token: bytes) -> bool:
    """Whether the newest key alone opens ``token`` (it needs no re-encryption)."""
    try:
        _fernet().decrypt(token)
    except InvalidToken:
        return False
    return True


def rewrap(token: bytes) -> bytes:
    """``token`` opened with whichever live key sealed it and sealed again with the newest."""
    try:
        return _opener().rotate(token)
    except InvalidToken as exc:
        raise VaultError("ciphertext does not belong to this tenant's keys") from exc


def seal(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def open_text(token: str | None) -> str:
    if not token:
        return ""
    try:
        return _opener().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise VaultError("ciphertext does not belong to this tenant's key") from exc


def seal_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def open_bytes(data: bytes) -> bytes:
    try:
        return _opener().decrypt(data)
    except InvalidToken as exc:
        raise VaultError("ciphertext does not belong to this tenant's key") from exc


def receipt_hash(code: str) -> str:
    """Keyed hash of a receipt code (the key is the instance's, per tenant)."""
    return crypto.keyed_hash(code, f"mesra-receipt:{current_tenant.id}")
