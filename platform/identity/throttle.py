"""Limits on a regency's sign-in, two-factor codes, emailed links and resends, counted in
the deployment's shared store (``kiblat.platform.throttle``) under the regency's own scope,
so regencies never share a counter."""

from __future__ import annotations

from kiblat.platform import throttle
from kiblat.platform.throttle import Limit, minutes
from kiblat.tenants.context import current_tenant

LOGIN_ACCOUNT = Limit("login-account", 5, 15 * 60)
LOGIN_IP = Limit("login-ip", 20, 15 * 60)
TOTP_CODE = Limit("totp", 5, 15 * 60)
EMAIL_RESEND = Limit("email", 3, 15 * 60)
# Requests for reset links from one address (each may email someone).
RESET_REQUEST_IP = Limit("reset-ip", 10, 15 * 60)
# Unknown, used or expired links (invitation, reset, verification) opened from one address.
LINK_IP = Limit("link-ip", 20, 15 * 60)

__all__ = ["EMAIL_RESEND", "LINK_IP", "LOGIN_ACCOUNT", "LOGIN_IP", "RESET_REQUEST_IP", "TOTP_CODE", "Limit",
           "hit", "minutes", "reset", "retry_after"]


def retry_after(limit: Limit, subject: str) -> int:
    """Seconds until ``subject`` may try again in this regency; 0 when it is not blocked."""
    return throttle.retry_after(limit, subject, current_tenant.slug)


def hit(limit: Limit, subject: str) -> int:
    return throttle.hit(limit, subject, current_tenant.slug)


def reset(limit: Limit, subject: str) -> None:
    throttle.reset(limit, subject, current_tenant.slug)
