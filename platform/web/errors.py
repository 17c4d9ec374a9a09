"""Branded error pages in Bahasa Indonesia; JSON for API paths."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from kiblat.platform.web.error_texts import error_texts
from kiblat.tenants.context import get_current_tenant
from kiblat.tenants.database import is_read_only_error
from kiblat.tenants.routing import maintenance_response

logger = logging.getLogger("kiblat.errors")


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz", "/readyz", "/metrics")


def _http_error(error: HTTPException):  # noqa: ANN202
    if _wants_json():
        return jsonify(error=error.name.lower().replace(" ", "_"), message=error.description), error.code
    template = "errors/404.html" if error.code == 404 else "errors/generic.html"
    retry = _form_page() if isinstance(error, CSRFError) else None
    return render_template(template, error=error, retry=retry), error.code


def _form_page() -> str | None:
    """The page a refused form was sent from, when the same address opens it (most forms post
    to their own page): the way back to a fresh form. None for an action with no page."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(request.path, method="GET")
    except HTTPException:  # 405 or 404: nothing to open there
        return None
    return request.path


def _unexpected_error(error: Exception):  # noqa: ANN202
    if is_read_only_error(error):  # a write reached a tenant frozen for a move
        logger.info("write refused while the tenant moves (request_id=%s)", g.get("request_id"))
        return maintenance_response(get_current_tenant())
    logger.exception("unhandled error (request_id=%s)", g.get("request_id"))
    if _wants_json():
        return jsonify(error="internal_error", message="Terjadi kesalahan pada server."), 500
    return render_template("errors/500.html", error=InternalServerError()), 500


def register_error_handlers(app: Flask) -> None:
    app.jinja_env.globals["error_texts"] = error_texts
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
