"""Security headers on every response. No inline scripts or styles anywhere, so the CSP is strict."""

from flask import Flask, Response, current_app

from kiblat.tenants.context import get_current_tenant

POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action {form_action}; frame-ancestors 'none'"
)


def _policies(base_domain: str) -> tuple[str, str]:
    """(tenant hosts, platform host). Forms on the platform host may hand over to a regency's
    subdomain (staff impersonation, the end of onboarding): browsers apply form-action to the
    redirect after a POST too, so the subdomains are named there, and only there."""
    tenant = POLICY.format(form_action="'self'")
    platform = POLICY.format(form_action=f"'self' *.{base_domain}:*")
    return tenant, platform


def _add_headers(response: Response) -> Response:
    headers = response.headers
    tenant_policy, platform_policy = current_app.extensions["kiblat_csp"]
    policy = tenant_policy if get_current_tenant() is not None else platform_policy
    headers.setdefault("Content-Security-Policy", policy)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if current_app.config["ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_security_headers(app: Flask) -> None:
    app.extensions["kiblat_csp"] = _policies(app.config["BASE_DOMAIN"])
    app.after_request(_add_headers)
