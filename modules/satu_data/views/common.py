"""What the module's views share: who is asking, and portal query strings."""

from __future__ import annotations

from flask import abort

from kiblat.modules.satu_data.services.access import PRODUCE, WALIDATA
from kiblat.platform.identity.sessions import current_permissions, get_current_user
from kiblat.tenants.context import get_current_tenant


def inside_regency() -> bool:
    """Signed in as staff of this regency: internal datasets are visible."""
    if get_current_tenant() is None or get_current_user() is None:
        return False
    return bool(current_permissions() & {PRODUCE, WALIDATA, "opd.work"})


def require_tenant() -> None:
    """Views that only exist on a regency's own host."""
    if get_current_tenant() is None:
        abort(404)
