"""Billing settings, read from the ``KIBLAT_*`` environment the app was built with."""

from __future__ import annotations

from flask import current_app

DEFAULT_GRACE_DAYS = 14
DEFAULT_DUE_DAYS = 30


class BillingError(ValueError):
    """Input or state that billing cannot accept; the message is in Bahasa Indonesia."""


def setting(name: str) -> str | None:
    return current_app.config["KIBLAT_SOURCE_ENV"].get(name) or None


def _days(name: str, default: int) -> int:
    raw = setting(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BillingError(f"{name}={raw!r} harus bilangan bulat (hari)") from None
    if value < 0:
        raise BillingError(f"{name} tidak boleh negatif")
    return value


def grace_days() -> int:
    """Days between an overdue payment and the tenant's suspension."""
    return _days("KIBLAT_BILLING_GRACE_DAYS", DEFAULT_GRACE_DAYS)


def due_days() -> int:
    """Days between issuing a government invoice and its due date."""
    return _days("KIBLAT_BILLING_DUE_DAYS", DEFAULT_DUE_DAYS)


def stripe_secret_key() -> str | None:
    return setting("KIBLAT_STRIPE_SECRET_KEY")


def stripe_webhook_secret() -> str | None:
    return setting("KIBLAT_STRIPE_WEBHOOK_SECRET")


def stripe_api_base() -> str | None:
    """Another Stripe-compatible API address (a local test server); the real API when unset."""
    return setting("KIBLAT_STRIPE_API_BASE")
