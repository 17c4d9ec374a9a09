"""The two host guards: pages that exist on a regency's host only, or on the base domain only.

Use them as ``bp.before_request(require_tenant_host)`` for a whole blueprint, or call one at
the top of a single view. Either way the wrong host answers 404, as if the page did not exist.
"""

from __future__ import annotations

from flask import abort

from kiblat.tenants.context import get_current_tenant


def require_tenant_host() -> None:
    """404 unless the request came to a regency's host."""
    if get_current_tenant() is None:
        abort(404)


def require_platform_host() -> None:
    """404 unless the request came to the platform's base domain."""
    if get_current_tenant() is not None:
        abort(404)
