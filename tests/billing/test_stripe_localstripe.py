"""Stripe billing with the real ``stripe`` library against a real localstripe server, which
delivers signed webhooks over HTTP to the app: a failed payment starts the grace period,
which ends in suspension; a paid invoice resumes the tenant."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, timedelta

import pytest
from sqlalchemy import select

from kiblat.platform.billing.accounts import (
    configure_account,
    get_account,
    tenant_by_slug,
    tenant_quote,
)
from kiblat.platform.billing.models import (
    FAILED,
    GOOD,
    GRACE,
    PAID,
    STRIPE,
    SUSPENDED,
    Invoice,
    StripeEvent,
)
from kiblat.platform.billing.standing import reconcile
from kiblat.platform.billing.stripe_billing import client, ensure_customer, subscribe
from kiblat.platform.core.extensions import db
from kiblat.tenants.models import TenantStatus

from .conftest import STRIPE_TEST_KEY, outbox_subjects, post_event, register_webhook, wait_until

GOOD_CARD = "4242424242424242"
# Asks for 3-D Secure, then the charge is declined (insufficient funds).
DECLINED_CARD = "4000008260003178"


def use_card(customer_id: str, number: str) -> str:
    """What the regency does in Checkout or the Billing Portal: put a card on file."""
    api = client().v1
    method = api.payment_methods.create(params={
        "type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
    api.payment_methods.attach(method.id, params={"customer": customer_id})
    api.customers.update(customer_id, params={"invoice_settings": {"default_payment_method": method.id}})
    return method.id


def pay_with_declined_card(localstripe: str, customer_id: str, invoice_id: str) -> None:
    """Pay ``invoice_id`` with a card that is declined after the cardholder authenticates.

    The authentication step is what Stripe.js does in the browser; localstripe exposes it
    as ``POST /v1/payment_intents/<id>/_authenticate``."""
    use_card(customer_id, DECLINED_CARD)
    api = client().v1
    invoice = api.invoices.pay(invoice_id)
    intent = api.payment_intents.retrieve(invoice["payment_intent"])
    assert intent.status == "requires_action"
    request = urllib.request.Request(
        f"{localstripe}/v1/payment_intents/{intent.id}/_authenticate",
        data=urllib.parse.urlencode({"client_secret": intent.client_secret, "success": "true"}).encode(),
        headers={"Authorization": f"Bearer {STRIPE_TEST_KEY}"},
    )
    with pytest.raises(urllib.error.HTTPError) as declined:
        urllib.request.urlopen(request, timeout=10)
    assert declined.value.code == 402


def invoice_row(stripe_invoice_id: str) -> Invoice | None:
    return db.session.scalar(select(Invoice).where(Invoice.stripe_invoice_id == stripe_invoice_id))


@pytest.fixture
def stripe_tenant(app_ctx, make_tenant, stripe_settings, localstripe, served_app):
    stripe_settings(localstripe)
    register_webhook(localstripe, f"{served_app}/billing/stripe/webhook")
    tenant = make_tenant()
    assert get_account(tenant.slug).mode == STRIPE  # the default once a Stripe key is configured
    configure_account(tenant.slug, contact_email="keuangan@pemda.example.id")
    return tenant


def test_failed_payment_grace_suspension_and_payment_resumes(stripe_tenant, client, localstripe):
    tenant = stripe_tenant
    slug = tenant.slug
    customer_id = ensure_customer(slug)
    assert ensure_customer(slug) == customer_id  # once per tenant
    customer = client_customer = stripe_customer(customer_id)
    assert client_customer.name == tenant.official_name
    assert customer.metadata["tenant_slug"] == slug

    # Subscription to the tenant's plan; the first invoice is paid with a good card.
    use_card(customer_id, GOOD_CARD)
    subscription_id = subscribe(slug)
    api = client_api()
    first_invoice = api.subscriptions.retrieve(subscription_id).latest_invoice
    expected_total = tenant_quote(tenant_by_slug(slug)).total
    paid = wait_until(lambda: (row := invoice_row(first_invoice)) is not None and row.status == PAID and row,
                      what="the first invoice's webhook")
    assert paid.total == expected_total
    assert get_account(slug).standing == GOOD

    # The card is now declined: the next invoice fails.
    api.invoice_items.create(params={"customer": customer_id, "amount": expected_total * 100, "currency": "idr",
                                     "description": "Langganan Kiblat"})
    renewal = api.invoices.create(params={"customer": customer_id})
    pay_with_declined_card(localstripe, customer_id, renewal.id)
    wait_until(lambda: (row := invoice_row(renewal.id)) is not None and row.status == FAILED,
               what="invoice.payment_failed")
    account = get_account(slug)
    assert account.standing == GRACE
    assert tenant_by_slug(slug).status == TenantStatus.ACTIVE
    assert outbox_subjects(slug) == [f"Tagihan Kiblat {tenant.official_name} lewat jatuh tempo"]

    # Fifteen days later the daily sweep suspends the regency; citizens see the notice.
    failed_at = invoice_row(renewal.id).payment_failed_at
    later = (failed_at if failed_at.tzinfo else failed_at.replace(tzinfo=UTC)) + timedelta(days=15)
    assert reconcile(tenant.id, later).state == SUSPENDED
    assert tenant_by_slug(slug).status == TenantStatus.SUSPENDED
    assert client.get("/", base_url=f"http://{tenant.primary_host}").status_code == 503

    # A working card, the invoice is paid: invoice.payment_succeeded resumes the tenant.
    use_card(customer_id, GOOD_CARD)
    api.invoices.pay(renewal.id)
    wait_until(lambda: invoice_row(renewal.id).status == PAID, what="the paid invoice's webhook")
    wait_until(lambda: client.get("/", base_url=f"http://{tenant.primary_host}").status_code == 200,
               what="the tenant resumed")
    assert tenant_by_slug(slug).status == TenantStatus.ACTIVE
    assert get_account(slug).standing == GOOD
    received = set(db.session.scalars(select(StripeEvent.event_type).where(StripeEvent.tenant_id == tenant.id)))
    assert {"invoice.payment_failed", "invoice.payment_succeeded", "customer.subscription.created"} <= received


def test_replayed_and_late_events_from_stripe_change_nothing(stripe_tenant, client, localstripe):
    tenant = stripe_tenant
    customer_id = ensure_customer(tenant.slug)
    api = client_api()
    use_card(customer_id, GOOD_CARD)
    subscribe(tenant.slug)
    api.invoice_items.create(params={"customer": customer_id, "amount": 100_000_00, "currency": "idr"})
    invoice = api.invoices.create(params={"customer": customer_id})
    pay_with_declined_card(localstripe, customer_id, invoice.id)
    wait_until(lambda: (row := invoice_row(invoice.id)) is not None and row.status == FAILED, what="failed")
    use_card(customer_id, GOOD_CARD)
    api.invoices.pay(invoice.id)
    wait_until(lambda: (row := invoice_row(invoice.id)) is not None and row.status == PAID, what="paid")
    assert get_account(tenant.slug).standing == GOOD

    [failed] = [e.to_dict() for e in api.events.list(params={"type": "invoice.payment_failed", "limit": 100}).data
                if e.data.object.id == invoice.id]
    # Stripe retries a delivery: the same event id is processed once.
    response = post_event(client, failed)
    assert response.status_code == 200 and response.get_json() == {"status": "duplicate"}
    # A late, distinct failure event for the invoice already paid does not regress it.
    late = {**failed, "id": failed["id"] + "_late"}
    assert post_event(client, late).get_json() == {"status": "processed"}
    assert invoice_row(invoice.id).status == PAID
    assert get_account(tenant.slug).standing == GOOD
    assert tenant_by_slug(tenant.slug).status == TenantStatus.ACTIVE


def client_api():  # noqa: ANN201
    return client().v1


def stripe_customer(customer_id: str):  # noqa: ANN201
    return client_api().customers.retrieve(customer_id)
