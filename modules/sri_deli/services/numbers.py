"""Registration numbers, tracking codes and certificate numbers."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import func, select

from kiblat.modules.sri_deli.models import Application
from kiblat.tenants.database import tenant_db

# No 0/O, 1/I/L: a code read over the phone is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def hash_code(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_matches(code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_code(code), stored_hash)


def registration_number(type_key: str, when: datetime) -> str:
    """``SD/PBG/202611/000123``: per-type, per-month sequence (the unique index settles a race).

    The highest number so far is found by a range scan on the unique index, not by counting.
    """
    prefix = f"SD/{type_key.upper()}/{when:%Y%m}/"
    last = tenant_db.session.scalar(select(func.max(Application.number)).where(
        Application.number >= prefix, Application.number < prefix + "~"))
    sequence = int(last[len(prefix):len(prefix) + 6]) if last else 0
    return f"{prefix}{sequence + 1:06d}"


def new_verify_token() -> str:
    return secrets.token_urlsafe(18)
