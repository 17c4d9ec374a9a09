"""``/api/v1``: one blueprint per app holding the token endpoint, the OpenAPI document, the
core endpoints and the endpoints of every module that declares ``http_api`` in its manifest."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from urllib.parse import unquote

from flask import Blueprint, current_app, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from kiblat.platform import throttle
from kiblat.platform.api import wilayah
from kiblat.platform.api.auth import require_scope
from kiblat.platform.api.errors import (
    ApiError,
    error_response,
    handle_api_error,
    handle_http_exception,
)
from kiblat.platform.api.openapi import CORE, build_document
from kiblat.platform.api.routes import ApiRoute, ApiRoutes
from kiblat.platform.api.validation import validated_json
from kiblat.platform.identity.api.oauth import REALM, TOKEN_ERROR_MESSAGES
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.tenants.context import current_tenant, get_current_tenant

NAME = "api_v1"
# Failed token requests (unknown client, wrong secret) per client id and per address.
TOKEN_CLIENT = throttle.Limit("token-client", 10, 15 * 60)
TOKEN_IP = throttle.Limit("token-ip", 30, 15 * 60)


def contributions(registry: ModuleRegistry) -> list[tuple[str, ApiRoutes]]:
    """``(owner, routes)``: the core's, then each module's that declares ``http_api``."""
    found = [(CORE, wilayah.api)]
    for manifest in registry:
        routes = manifest.hook("http_api")
        if routes is None:
            continue
        if not isinstance(routes, ApiRoutes):
            raise TypeError(f"module {manifest.key}: {manifest.http_api} is not an ApiRoutes")
        found.append((manifest.key, routes))
    return found


def _tenant_only() -> None:
    if get_current_tenant() is None:  # the base domain has no API
        raise ApiError(404, "not_found", "API hanya tersedia di alamat pemerintah daerah.")


def _wrap(owner: str, route: ApiRoute) -> Callable:
    def view(**kwargs):  # noqa: ANN202
        if owner != CORE and not current_tenant.has_module(owner):
            raise ApiError(404, "not_found", "Alamat atau data yang diminta tidak ada.")
        if route.scope:
            require_scope(route.scope)
        if route.body is not None:
            kwargs["body"] = validated_json(route.body)
        result = route.view(**kwargs)
        if route.status != 200 and isinstance(result, dict):
            return result, route.status
        return result

    view.__name__ = f"{owner}_{route.name}"
    return view


def index():  # noqa: ANN201
    return {"version": "1", "regency": current_tenant.official_name,
            "openapi": url_for(f"{NAME}.openapi", _external=True),
            "token_url": url_for(f"{NAME}.token", _external=True)}


def openapi():  # noqa: ANN201
    routes = current_app.extensions["kiblat_api_routes"]
    document = build_document(current_tenant, routes, request.host_url.rstrip("/") + "/api/v1")
    return jsonify(document)


class _UnreadableCredentials(ValueError):
    pass


def _client_id_asked_for() -> str:
    """The client id the request names (Basic credentials or the form); _UnreadableCredentials
    when ``Authorization: Basic`` is not base64 of UTF-8 ``id:secret`` text."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return (request.form.get("client_id") or "")[:200]
    try:
        text = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _UnreadableCredentials from None
    return unquote(text.partition(":")[0])[:200]


def token():  # noqa: ANN201
    if current_app.config["ENV"] == "production" and not request.is_secure:
        return error_response(400, "insecure_transport", "Token hanya diberikan lewat HTTPS.")
    scope, address = current_tenant.slug, request.remote_addr or "unknown"
    wait = throttle.retry_after(TOKEN_IP, address, scope)
    try:
        client_id = _client_id_asked_for()
    except _UnreadableCredentials:
        client_id, response = "", error_response(401, "invalid_client", TOKEN_ERROR_MESSAGES["invalid_client"],
                                                 {"WWW-Authenticate": f'Basic realm="{REALM}"'})
    else:
        if client_id:
            wait = max(wait, throttle.retry_after(TOKEN_CLIENT, client_id, scope))
        response = None
    if wait:
        return error_response(429, "rate_limited", "Terlalu banyak permintaan token yang gagal; coba lagi nanti.",
                              {"Retry-After": str(wait)})
    if response is None:
        server, _protector = current_app.extensions["kiblat_oauth"]
        response = server.create_token_response()
    if response.status_code == 401:  # a wrong secret or an unknown client: a guess
        throttle.hit(TOKEN_IP, address, scope)
        if client_id:
            throttle.hit(TOKEN_CLIENT, client_id, scope)
    return response


def build_blueprint(routes: list[tuple[str, ApiRoutes]]) -> Blueprint:
    """A fresh blueprint per app, holding ``routes`` (from :func:`contributions`)."""
    bp = Blueprint(NAME, __name__, url_prefix="/api/v1")
    bp.before_request(_tenant_only)
    bp.register_error_handler(ApiError, handle_api_error)
    bp.register_error_handler(HTTPException, handle_http_exception)
    bp.add_url_rule("/", "index", index)
    bp.add_url_rule("/openapi.json", "openapi", openapi)
    bp.add_url_rule("/oauth/token", "token", token, methods=["POST"])
    for owner, collection in routes:
        for route in collection.routes:
            bp.add_url_rule(route.rule, f"{owner}_{route.name}", _wrap(owner, route), methods=[route.method])
    return bp
