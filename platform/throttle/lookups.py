"""Guessing codes through module pages: tracking codes, receipt numbers, verification links.

Every module route (pages and ``/api/v1`` alike) that answers 404 counts one failed lookup
for the client address in the regency's scope; an address that used up
:data:`LOOKUP_IP` gets 429 on every module request of that regency that carries a value to
look up (in the path, the query or a form) until the window ends, before any view runs, so a
right guess is not revealed either. A person who mistypes a
code a few times is never near the limit; a script walking a code space is stopped. This
covers every module without the platform knowing any of them by name.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import TooManyRequests

from kiblat.platform import throttle
from kiblat.platform.throttle import Limit
from kiblat.tenants.context import get_current_tenant

LOOKUP_IP = Limit("lookup-ip", 60, 15 * 60)


def module_endpoints(app: Flask) -> frozenset[str]:
    """Endpoints of every module's pages and API routes."""
    keys = {manifest.key for manifest in app.extensions["kiblat_modules"]}
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.partition(".")[0] in keys}
    for owner, routes in app.extensions.get("kiblat_api_routes", ()):
        if owner in keys:
            endpoints |= {f"api_v1.{owner}_{route.name}" for route in routes.routes}
    return frozenset(endpoints)


def _carries_input() -> bool:
    """Whether the request could look something up: a value in the path, a query string, or a
    form. A page with none of them (a module's index) reveals no code, so a blocked address may
    still see it, and it costs no look into the counter store."""
    return bool(request.view_args) or bool(request.query_string) or request.method not in ("GET", "HEAD")


def _address() -> str:
    return request.remote_addr or "unknown"


def _blocked_answer(wait: int) -> Response:
    message = _("Terlalu banyak pencarian yang tidak ditemukan dari alamat Anda. Coba lagi dalam %(minutes)s menit.",
                minutes=throttle.minutes(wait))
    if request.path.startswith("/api/"):
        response = jsonify(error="rate_limited", message=message)
    else:
        response = Response(render_template("errors/generic.html", error=TooManyRequests(message)),
                            mimetype="text/html")
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


def init_lookup_guard(app: Flask) -> None:
    """Call after every module's routes and API are registered."""
    endpoints = module_endpoints(app)

    def _guarded() -> str | None:
        tenant = get_current_tenant()
        return tenant.slug if tenant is not None and request.endpoint in endpoints else None

    @app.before_request
    def refuse_while_guessing() -> Response | None:
        scope = _guarded()
        if scope is None or not _carries_input():
            return None
        wait = throttle.retry_after(LOOKUP_IP, _address(), scope)
        return _blocked_answer(wait) if wait else None

    @app.after_request
    def count_failed_lookups(response: Response) -> Response:
        scope = _guarded() if response.status_code == 404 else None
        if scope is not None:
            throttle.hit(LOOKUP_IP, _address(), scope)
        return response
