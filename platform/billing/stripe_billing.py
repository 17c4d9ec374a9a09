"""Stripe: one customer per tenant, a monthly subscription, Checkout and the Billing Portal.

Stripe amounts for IDR are in the currency's minor unit (sen): Rupiah × 100.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiblat.platform.billing.accounts import account_for, tenant_by_slug, tenant_quote
from kiblat.platform.billing.invoices import module_title
from kiblat.platform.billing.models import STRIPE, BillingAccount
from kiblat.platform.billing.settings import BillingError, stripe_api_base, stripe_secret_key
from kiblat.platform.core.extensions import db
from kiblat.tenants.models import Tenant

if TYPE_CHECKING:
    import stripe

CURRENCY = "idr"
MINOR_UNITS = 100


def client() -> stripe.StripeClient:
    import stripe  # imported on first use: it adds a third of a second to every start

    key = stripe_secret_key()
    if not key:
        raise BillingError("KIBLAT_STRIPE_SECRET_KEY belum diatur; pembayaran Stripe tidak tersedia")
    base = stripe_api_base()
    if base:
        return stripe.StripeClient(key, base_addresses={"api": base}, max_network_retries=2)
    return stripe.StripeClient(key, max_network_retries=2)


def _stripe_account(slug: str) -> tuple[Tenant, BillingAccount]:
    tenant = tenant_by_slug(slug)
    account = account_for(tenant)
    if account.mode != STRIPE:
        raise BillingError(f"Tenant {slug!r} ditagih dengan invoice pemerintah, bukan Stripe")
    return tenant, account


def ensure_customer(slug: str) -> str:
    """The tenant's Stripe customer id, created once."""
    tenant, account = _stripe_account(slug)
    if account.stripe_customer_id:
        return account.stripe_customer_id
    params: dict = {
        "name": tenant.official_name,
        "metadata": {"tenant_slug": tenant.slug, "region_code": tenant.region_code},
    }
    if account.contact_email:
        params["email"] = account.contact_email
    customer = client().v1.customers.create(params=params)
    account.stripe_customer_id = customer.id
    db.session.commit()
    return customer.id


def subscribe(slug: str) -> str:
    """Subscribe a customer whose card is already on file to the tenant's plan (back office)."""
    tenant, account = _stripe_account(slug)
    customer_id = ensure_customer(slug)
    plan_quote = tenant_quote(tenant)
    if not plan_quote.lines:
        raise BillingError(f"Tenant {slug!r} tidak memiliki modul aktif; tidak ada yang ditagihkan")
    stripe_client = client()
    product = stripe_client.v1.products.create(params={
        "name": f"Kiblat {tenant.official_name}", "metadata": {"tenant_slug": tenant.slug},
    })
    plan = stripe_client.v1.plans.create(params={
        "amount": plan_quote.total * MINOR_UNITS, "currency": CURRENCY, "interval": "month",
        "product": product.id, "metadata": {"tenant_slug": tenant.slug, "tier": plan_quote.tier.key},
    })
    subscription = stripe_client.v1.subscriptions.create(params={
        "customer": customer_id, "items": [{"plan": plan.id}], "metadata": {"tenant_slug": tenant.slug},
    })
    account.stripe_subscription_id = subscription.id
    db.session.commit()
    return subscription.id


def create_checkout_session(slug: str, success_url: str, cancel_url: str) -> str:
    """A Stripe Checkout page subscribing the tenant; one line per enabled module. Returns its URL."""
    tenant, _account = _stripe_account(slug)
    customer_id = ensure_customer(slug)
    plan_quote = tenant_quote(tenant)
    if not plan_quote.lines:
        raise BillingError(f"Tenant {slug!r} tidak memiliki modul aktif; tidak ada yang ditagihkan")
    line_items = [
        {
            "quantity": 1,
            "price_data": {
                "currency": CURRENCY,
                "unit_amount": line.amount * MINOR_UNITS,
                "recurring": {"interval": "month"},
                "product_data": {"name": f"Modul {module_title(line.module_key)}",
                                 "metadata": {"module_key": line.module_key}},
            },
        }
        for line in plan_quote.lines
    ]
    session = client().v1.checkout.sessions.create(params={
        "mode": "subscription",
        "customer": customer_id,
        "client_reference_id": tenant.slug,
        "line_items": line_items,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "locale": "id",
        "subscription_data": {"metadata": {"tenant_slug": tenant.slug}},
    })
    return session.url


def create_portal_session(slug: str, return_url: str) -> str:
    """A Billing Portal page where the regency changes its card. Returns its URL."""
    _tenant, account = _stripe_account(slug)
    if not account.stripe_customer_id:
        raise BillingError(f"Tenant {slug!r} belum terdaftar sebagai pelanggan Stripe")
    session = client().v1.billing_portal.sessions.create(params={
        "customer": account.stripe_customer_id, "return_url": return_url, "locale": "id",
    })
    return session.url
