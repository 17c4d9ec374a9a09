"""Keys for personal data: a keyed hash for matching and Fernet for encrypted values.

Both are derived from ``KIBLAT_DATA_KEY`` when set (so the session secret can rotate
without losing data), otherwise from the app's secret key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def _master() -> bytes:
    source = current_app.config.get("KIBLAT_SOURCE_ENV", {}).get("KIBLAT_DATA_KEY") or current_app.config["SECRET_KEY"]
    return source.encode()


def _derive(purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"kiblat:" + purpose).derive(_master())


def keyed_hash(value: str, purpose: str) -> str:
    return hmac.new(_derive(purpose.encode()), value.encode(), hashlib.sha256).hexdigest()


def encrypt(value: str, purpose: str) -> str:
    return Fernet(base64.urlsafe_b64encode(_derive(purpose.encode()))).encrypt(value.encode()).decode()


def decrypt(token: str, purpose: str) -> str | None:
    try:
        return Fernet(base64.urlsafe_b64encode(_derive(purpose.encode()))).decrypt(token.encode()).decode()
    except InvalidToken:
        return None
