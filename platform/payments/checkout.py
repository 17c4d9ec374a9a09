"""A Stripe Checkout page for exactly one amount in Rupiah, naming this regency and the
owner's record in its metadata (which the webhook later checks).

Stripe amounts for IDR are in the currency's minor unit (sen): Rupiah × 100.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kiblat.platform.payments import accounts
from kiblat.tenants.context import current_tenant

CURRENCY = "idr"
MINOR_UNITS = 100
# Stripe accepts no closing time sooner than 30 minutes ahead; a minute's margin for the request's travel.
SOONEST_CLOSE = timedelta(minutes=31)


def metadata(code_key: str, code: str) -> dict[str, str]:
    """What Stripe carries back to the webhook: this regency and the owner's record."""
    return {"tenant_slug": current_tenant.slug, code_key: code}


def checkout_url(owner: str, *, code_key: str, code: str, rupiah: int, name: str, description: str,
                 success_url: str, cancel_url: str, locale: str, closes_at: datetime | None = None,
                 now: datetime | None = None) -> str:
    """A Stripe Checkout page for ``rupiah`` on ``owner``'s account; its URL. ``closes_at`` (with
    ``now``) closes the page then, or at Stripe's soonest allowed time if that is later."""
    meta = metadata(code_key, code)
    params: dict = {
        "mode": "payment",
        "client_reference_id": code,
        "line_items": [{"quantity": 1, "price_data": {
            "currency": CURRENCY, "unit_amount": rupiah * MINOR_UNITS, "product_data": {"name": name[:250]}}}],
        "metadata": meta,
        "payment_intent_data": {"metadata": meta, "description": description},
        "success_url": success_url,
        "cancel_url": cancel_url,
        "locale": "en" if locale == "en" else "id",
    }
    if closes_at is not None and now is not None:
        params["expires_at"] = max(int(closes_at.timestamp()), int((now + SOONEST_CLOSE).timestamp()))
    return accounts.client(owner).v1.checkout.sessions.create(params=params).url
