"""One log line per request: request id, host, tenant, method, path, status, duration.

The line is cheap to make: the JSON is written from its seven fields with the json
module's C string escaper (the same text ``json.dumps`` gives), and when the
``kiblat.request`` logger has only its own stderr handler the line is written straight to
that stream, as the handler would, without building a ``LogRecord``. Anything else
attached to the logger (a test's capture, a deployment's own handler) gets a normal record.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
import time
from json.encoder import encode_basestring_ascii as _json_string

from flask import Flask, Response, current_app, g, request

from kiblat.tenants.context import get_current_tenant

logger = logging.getLogger("kiblat.request")
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_own_handler: logging.StreamHandler | None = None


def _start() -> None:
    context = g._get_current_object()
    context.request_started = time.perf_counter()
    incoming = request.environ.get("HTTP_X_REQUEST_ID", "")
    context.request_id = incoming if REQUEST_ID_RE.match(incoming) else secrets.token_hex(16)


def _json(value: str | None) -> str:
    return "null" if value is None else _json_string(value)


def json_line(request_id: str | None, host: str, tenant: str | None, method: str, path: str, status: int,
              duration_ms: float | None) -> str:
    """``json.dumps`` of the record with compact separators, written out field by field."""
    duration = "null" if duration_ms is None else repr(duration_ms)
    return (f'{{"request_id":{_json(request_id)},"host":{_json(host)},"tenant":{_json(tenant)},'
            f'"method":{_json(method)},"path":{_json(path)},"status":{status},"duration_ms":{duration}}}')


def _emit(line: str) -> None:
    handler = _own_handler
    if (handler is not None and logger.handlers == [handler] and not logger.propagate and not logger.filters
            and not handler.filters and handler.level <= logging.INFO):
        try:
            with handler.lock:
                handler.stream.write(line + handler.terminator)
                handler.stream.flush()
            return
        except Exception:  # noqa: BLE001, S110 - the handler's own error path below reports it
            pass
    logger.handle(logger.makeRecord(logger.name, logging.INFO, __file__, 0, line, None, None))


def log_answered(request_id: str | None, host: str, tenant: str | None, method: str, path: str, status: int,
                 duration_ms: float | None, json_logs: bool) -> None:
    """The request's one line: JSON in production, ``key=value`` pairs otherwise."""
    if not logger.isEnabledFor(logging.INFO):
        return
    if json_logs:
        line = json_line(request_id, host, tenant, method, path, status, duration_ms)
    else:
        line = (f"request_id={request_id} host={host} tenant={tenant} method={method} "
                f"path={path} status={status} duration_ms={duration_ms}")
    _emit(line)


def _finish(response: Response) -> Response:
    context = g._get_current_object()
    request_id = getattr(context, "request_id", None)
    if logger.isEnabledFor(logging.INFO):
        started = getattr(context, "request_started", None)
        duration_ms = round((time.perf_counter() - started) * 1000, 2) if started else None
        current = request._get_current_object()
        tenant = get_current_tenant()
        log_answered(request_id, current.host, tenant.slug if tenant else None, current.method, current.path,
                     response.status_code, duration_ms, current_app.config["JSON_LOGS"])
    response.headers["X-Request-ID"] = request_id or ""
    return response


def init_request_log(app: Flask) -> None:
    global _own_handler
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
        _own_handler = handler
    logger.setLevel(logging.INFO)
    # Registered first so it runs before tenant resolution and sees every request.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
