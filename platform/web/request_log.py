"""One log line per request: request id, host, tenant, method, path, status, duration."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, current_app, g, request

from kiblat.tenants.context import get_current_tenant

logger = logging.getLogger("kiblat.request")
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _start() -> None:
    g.request_started = time.perf_counter()
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 2) if started else None
    tenant = get_current_tenant()
    record = {
        "request_id": g.get("request_id"),
        "host": request.host,
        "tenant": tenant.slug if tenant else None,
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": duration_ms,
    }
    if current_app.config["JSON_LOGS"]:
        logger.info(json.dumps(record, separators=(",", ":")))
    else:
        logger.info(" ".join(f"{k}={v}" for k, v in record.items()))
    response.headers["X-Request-ID"] = record["request_id"] or ""
    return response


def init_request_log(app: Flask) -> None:
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.INFO)
    # Registered first so it runs before tenant resolution and sees every request.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
