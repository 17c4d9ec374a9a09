"""Failed staff sign-ins and codes, counted per account and per address in the deployment's
shared store (``kiblat.platform.throttle``), in the platform's scope no regency can name."""

from __future__ import annotations

from flask import current_app

from kiblat.platform import throttle
from kiblat.platform.throttle import PLATFORM_SCOPE, Limit

WINDOW_SECONDS = 15 * 60
DEFAULT_ACCOUNT_LIMIT = 5
DEFAULT_IP_LIMIT = 30


def _limits() -> tuple[Limit, Limit]:
    config = current_app.config
    return (Limit("staff-account", int(config.get("STAFF_LOGIN_ACCOUNT_LIMIT", DEFAULT_ACCOUNT_LIMIT)),
                  WINDOW_SECONDS),
            Limit("staff-ip", int(config.get("STAFF_LOGIN_IP_LIMIT", DEFAULT_IP_LIMIT)), WINDOW_SECONDS))


def _subjects(email: str, ip: str | None) -> tuple[str, str]:
    return (email or "").strip().lower(), ip or "-"


def blocked_for(email: str, ip: str | None) -> int:
    """Seconds until this account and address may try again (0: now); sent as Retry-After."""
    account, address = _subjects(email, ip)
    account_limit, ip_limit = _limits()
    return max(throttle.retry_after(account_limit, account, PLATFORM_SCOPE),
               throttle.retry_after(ip_limit, address, PLATFORM_SCOPE))


def note_failure(email: str, ip: str | None) -> None:
    account, address = _subjects(email, ip)
    account_limit, ip_limit = _limits()
    throttle.hit(account_limit, account, PLATFORM_SCOPE)
    throttle.hit(ip_limit, address, PLATFORM_SCOPE)


def clear_account(email: str) -> None:
    throttle.reset(_limits()[0], _subjects(email, None)[0], PLATFORM_SCOPE)
