"""A citizen's data rights at service level: what "Data saya" downloads for an account, and
carrying out its deletion as the admin would (every enabled module's hook, then the account)."""

from __future__ import annotations

import json
from typing import Any

from kiblat.platform.identity.models import User
from kiblat.platform.privacy import erasure, export
from kiblat.tenants.database import tenant_db


def download(user_id: int) -> dict[str, Any]:
    """The "layanan" part of the account's download, as the JSON file holds it."""
    data = export.personal_data(tenant_db.session.get(User, user_id))
    return json.loads(json.dumps(data))["layanan"]


def erase(user_id: int, admin_id: int) -> dict[str, list[str]]:
    """Ask for deletion and carry it out (commits); the combined report in words."""
    row = erasure.request_erasure(tenant_db.session.get(User, user_id), "Pindah domisili")
    done = erasure.carry_out(row.id, tenant_db.session.get(User, admin_id))
    return done.report
