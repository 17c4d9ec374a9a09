"""Who may read ``/metrics``: addresses in the platform's networks (``KIBLAT_METRICS_NETWORKS``)
or anyone with the bearer token (``KIBLAT_METRICS_TOKEN``). Anyone else is told nothing is there
(404); a wrong token is refused (403)."""

from __future__ import annotations

import hmac
from ipaddress import ip_address

from flask import abort, current_app, request


def require_metrics_access() -> None:
    token = current_app.config.get("METRICS_TOKEN")
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        if token and hmac.compare_digest(header[7:].strip().encode(), token.encode()):
            return
        abort(403)
    if _from_platform_network():
        return
    abort(404)


def _from_platform_network() -> bool:
    # Through a proxy the app does not trust, the address is the proxy's, not the client's:
    # such a request never counts as coming from the platform's network.
    if not current_app.config["TRUST_PROXY"] and "X-Forwarded-For" in request.headers:
        return False
    try:
        address = ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in current_app.config["METRICS_NETWORKS"])
