"""Per request: which host, which tenant, may it be served. Runs before any view."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request

from kiblat.platform.core.config import HOSTNAME_RE
from kiblat.tenants.context import TenantInfo, set_current_tenant
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.registry import tenant_registry

# Endpoints answered on every host, known or not.
HOST_INDEPENDENT_ENDPOINTS = {"web.healthz", "web.static", "metrics.metrics", "metrics.readyz"}
# Requests that only read: still served while a tenant is read-only (being moved).
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
MAINTENANCE_RETRY_SECONDS = 60


def maintenance_response(tenant: TenantInfo | None):  # noqa: ANN201
    """503 "under maintenance, back in a moment" for a write to a tenant being moved."""
    if request.path.startswith("/api/"):
        response = jsonify(error="maintenance", message="Sedang pemeliharaan, kembali sebentar lagi.")
        response.status_code = 503
    else:
        response = current_app.make_response((render_template("errors/maintenance.html", tenant=tenant), 503))
    response.headers["Retry-After"] = str(MAINTENANCE_RETRY_SECONDS)
    return response


def normalize_host(raw: str) -> str | None:
    """Lower-cased host without port or trailing dot, or None when malformed."""
    host = raw.strip().lower()
    if host.startswith("["):  # IPv6 literal: never a tenant
        return None
    host = host.rsplit(":", 1)[0] if ":" in host else host
    host = host.rstrip(".")
    return host if HOSTNAME_RE.match(host) else None


def resolve_tenant():  # noqa: ANN201 - returns a response to short-circuit, or None
    set_current_tenant(None)
    host = normalize_host(request.host)
    request_host_independent = request.endpoint in HOST_INDEPENDENT_ENDPOINTS
    if host is None:
        if request_host_independent:
            return None
        return render_template("errors/bad_host.html"), 400
    if host == current_app.config["BASE_DOMAIN"]:
        return None
    tenant = tenant_registry().by_host(host)
    if tenant is None:
        if request_host_independent:
            return None
        # Never fall back to some tenant: an unknown host is simply not a regency here.
        return render_template("errors/tenant_not_found.html", host=host), 404
    if request_host_independent:
        set_current_tenant(tenant)
        return None
    if tenant.status == TenantStatus.SUSPENDED:
        return render_template("errors/suspended.html", tenant=tenant), 503
    if tenant.status == TenantStatus.PROVISIONING:
        return render_template("errors/provisioning.html", tenant=tenant), 503
    if tenant.status == TenantStatus.ARCHIVED:
        return render_template("errors/tenant_not_found.html", host=host), 404
    set_current_tenant(tenant)
    if tenant.read_only and request.method not in READ_METHODS:
        return maintenance_response(tenant)
    return None


def init_routing(app: Flask) -> None:
    app.before_request(resolve_tenant)
