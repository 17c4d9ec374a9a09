"""Security headers on every response. No inline scripts or styles anywhere, so the CSP is strict.

The headers are the same for every regency (and, with another ``form-action``, for the platform
host), so both sets are built once per app; a response gets the ones its view did not set.
"""

from flask import Flask, Response, current_app

from kiblat.tenants.context import get_current_tenant

POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action {form_action}; frame-ancestors 'none'"
)
Headers = tuple[tuple[str, str, str], ...]  # (lower-cased name, name, value)


def _policies(base_domain: str) -> tuple[str, str]:
    """(tenant hosts, platform host). Forms on the platform host may hand over to a regency's
    subdomain (staff impersonation, the end of onboarding): browsers apply form-action to the
    redirect after a POST too, so the subdomains are named there, and only there."""
    tenant = POLICY.format(form_action="'self'")
    platform = POLICY.format(form_action=f"'self' *.{base_domain}:*")
    return tenant, platform


def security_headers(base_domain: str, production: bool) -> tuple[Headers, Headers]:
    """The headers of (tenant hosts, the platform host), in the order they are added."""

    def headers(policy: str) -> Headers:
        pairs = [
            ("Content-Security-Policy", policy),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ]
        if production:
            pairs.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
        return tuple((name.lower(), name, value) for name, value in pairs)

    tenant_policy, platform_policy = _policies(base_domain)
    return headers(tenant_policy), headers(platform_policy)


def _add_headers(response: Response) -> Response:
    app = current_app._get_current_object()
    tenant_headers, platform_headers = app.extensions["kiblat_security_headers"][app.config["ENV"] == "production"]
    wanted = tenant_headers if get_current_tenant() is not None else platform_headers
    headers = response.headers
    present = set(headers.keys(lower=True))
    for lower, name, value in wanted:
        if lower not in present:  # a view's own value (e.g. a looser CSP for one page) wins
            headers.add(name, value)
    return response


def init_security_headers(app: Flask) -> None:
    # Both variants: HSTS follows the configured environment at the time of each response.
    app.extensions["kiblat_security_headers"] = {
        production: security_headers(app.config["BASE_DOMAIN"], production) for production in (False, True)}
    app.after_request(_add_headers)
