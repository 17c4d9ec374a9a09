"""The Stripe webhook endpoint: signatures checked, each event applied once, late events
never move a tenant backwards, and one regency's events never touch another."""

from __future__ import annotations

import json
import time
import uuid

from sqlalchemy import func, select

from kiblat.platform.billing.accounts import configure_account, get_account, tenant_by_slug
from kiblat.platform.billing.models import FAILED, GOOD, GRACE, PAID, Invoice, StripeEvent
from kiblat.platform.core.extensions import db
from kiblat.tenants.models import TenantStatus

from .conftest import post_event, sign


def stripe_account(make_tenant):  # noqa: ANN001, ANN201
    tenant = make_tenant()
    configure_account(tenant.slug, mode="stripe")
    account = get_account(tenant.slug)
    account.stripe_customer_id = f"cus_{uuid.uuid4().hex[:14]}"
    db.session.commit()
    return tenant, account.stripe_customer_id


def event(kind: str, obj: dict, created: int | None = None) -> dict:
    return {"id": f"evt_{uuid.uuid4().hex[:24]}", "object": "event", "type": kind, "api_version": "2025-03-31",
            "created": created or int(time.time()), "livemode": False, "data": {"object": obj}}


def invoice(customer: str, invoice_id: str | None = None, status: str = "open", amount: int = 1_500_000) -> dict:
    return {"id": invoice_id or f"in_{uuid.uuid4().hex[:14]}", "object": "invoice", "customer": customer,
            "status": status, "amount_due": amount * 100, "created": int(time.time()), "number": None,
            "lines": {"object": "list", "data": [
                {"id": "il_1", "amount": amount * 100, "description": "Modul Pengumuman"}]},
            "status_transitions": {"paid_at": int(time.time()) if status == "paid" else None}}


def subscription(customer: str, sub_id: str, status: str) -> dict:
    return {"id": sub_id, "object": "subscription", "customer": customer, "status": status}


def stored(invoice_id: str) -> Invoice:
    db.session.rollback()
    return db.session.scalar(select(Invoice).where(Invoice.stripe_invoice_id == invoice_id))


def test_forged_or_missing_signatures_are_rejected_and_change_nothing(app_ctx, client, make_tenant, stripe_settings):
    tenant, customer = stripe_account(make_tenant)
    failed = event("invoice.payment_failed", invoice(customer))
    payload = json.dumps(failed).encode()
    url, base = "/billing/stripe/webhook", "http://kiblat.test"
    forged = client.post(url, data=payload, base_url=base, headers={"Stripe-Signature": sign(payload, "whsec_lain")})
    assert forged.status_code == 400
    assert client.post(url, data=payload, base_url=base).status_code == 400
    tampered = payload.replace(b"invoice.payment_failed", b"invoice.paid")
    assert client.post(url, data=tampered, base_url=base,
                       headers={"Stripe-Signature": sign(payload)}).status_code == 400
    stale = client.post(url, data=payload, base_url=base,
                        headers={"Stripe-Signature": sign(payload, timestamp=int(time.time()) - 3600)})
    assert stale.status_code == 400
    assert db.session.get(StripeEvent, failed["id"]) is None
    assert get_account(tenant.slug).standing == GOOD


def test_webhook_lives_on_the_platform_host_only_and_needs_no_csrf_token(app_ctx, client, make_tenant,
                                                                          stripe_settings):
    tenant, customer = stripe_account(make_tenant)
    paid = event("invoice.paid", invoice(customer, status="paid"))
    assert post_event(client, paid, host=tenant.primary_host).status_code == 404
    assert post_event(client, paid).status_code == 200


def test_without_a_webhook_secret_events_are_refused(app_ctx, client, make_tenant):
    _tenant, customer = stripe_account(make_tenant)
    response = post_event(client, event("invoice.paid", invoice(customer, status="paid")))
    assert response.status_code == 503
    assert "KIBLAT_STRIPE_WEBHOOK_SECRET" in response.get_json()["error"]


def test_replayed_event_is_processed_once(app_ctx, client, make_tenant, stripe_settings):
    tenant, customer = stripe_account(make_tenant)
    failed = event("invoice.payment_failed", invoice(customer))
    assert post_event(client, failed).get_json() == {"status": "processed"}
    assert post_event(client, failed).get_json() == {"status": "duplicate"}
    assert db.session.scalar(select(func.count()).select_from(StripeEvent)
                             .where(StripeEvent.event_id == failed["id"])) == 1
    assert get_account(tenant.slug).standing == GRACE


def test_out_of_order_invoice_events_do_not_regress(app_ctx, client, make_tenant, stripe_settings):
    tenant, customer = stripe_account(make_tenant)
    invoice_id = f"in_{uuid.uuid4().hex[:14]}"
    now = int(time.time())
    failed = event("invoice.payment_failed", invoice(customer, invoice_id), created=now - 60)
    paid = event("invoice.paid", invoice(customer, invoice_id, status="paid"), created=now)
    # The payment arrives first, the older failure after it.
    assert post_event(client, paid).status_code == 200
    assert post_event(client, failed).status_code == 200
    assert stored(invoice_id).status == PAID
    assert get_account(tenant.slug).standing == GOOD
    assert tenant_by_slug(tenant.slug).status == TenantStatus.ACTIVE


def test_out_of_order_subscription_events_keep_the_newest_state(app_ctx, client, make_tenant, stripe_settings):
    tenant, customer = stripe_account(make_tenant)
    now = int(time.time())
    post_event(client, event("customer.subscription.updated", subscription(customer, "sub_1", "past_due"), now))
    post_event(client, event("customer.subscription.created", subscription(customer, "sub_1", "active"), now - 90))
    db.session.rollback()
    assert get_account(tenant.slug).stripe_subscription_status == "past_due"
    post_event(client, event("customer.subscription.deleted", subscription(customer, "sub_1", "canceled"), now + 5))
    post_event(client, event("customer.subscription.updated", subscription(customer, "sub_1", "active"), now + 5))
    db.session.rollback()
    account = get_account(tenant.slug)
    assert (account.stripe_subscription_status, account.stripe_subscription_event_at) == ("canceled", now + 5)


def test_events_of_one_regency_never_touch_another(app_ctx, client, make_tenant, stripe_settings):
    tenant_a, customer_a = stripe_account(make_tenant)
    tenant_b, _customer_b = stripe_account(make_tenant)
    invoice_id = f"in_{uuid.uuid4().hex[:14]}"
    assert post_event(client, event("invoice.payment_failed", invoice(customer_a, invoice_id))).status_code == 200
    assert stored(invoice_id).tenant_id == tenant_a.id
    assert stored(invoice_id).status == FAILED
    assert get_account(tenant_a.slug).standing == GRACE
    assert get_account(tenant_b.slug).standing == GOOD
    # A customer that is no tenant's is acknowledged and ignored.
    stranger = event("invoice.payment_failed", invoice("cus_bukan_milik_kami"))
    assert post_event(client, stranger).get_json() == {"status": "unknown"}
    # Event kinds billing does not use are acknowledged without being stored.
    other = event("customer.updated", {"id": customer_a, "object": "customer"})
    assert post_event(client, other).get_json() == {"status": "ignored"}
    assert db.session.get(StripeEvent, other["id"]) is None


def test_checkout_completion_links_the_subscription_to_the_tenant(app_ctx, client, make_tenant, stripe_settings):
    tenant = make_tenant()
    other = make_tenant()
    configure_account(tenant.slug, mode="stripe")
    session = {"id": "cs_test_a1", "object": "checkout.session", "client_reference_id": tenant.slug,
               "customer": f"cus_checkout_{tenant.slug}", "subscription": f"sub_checkout_{tenant.slug}",
               "mode": "subscription", "status": "complete"}
    assert post_event(client, event("checkout.session.completed", session)).get_json() == {"status": "processed"}
    db.session.rollback()
    account = get_account(tenant.slug)
    assert (account.stripe_customer_id, account.stripe_subscription_id) == (session["customer"], session["subscription"])
    assert get_account(other.slug).stripe_subscription_id is None
    # A later session never replaces the customer already on file.
    again = {**session, "customer": "cus_lain"}
    assert post_event(client, event("checkout.session.completed", again)).status_code == 200
    db.session.rollback()
    assert get_account(tenant.slug).stripe_customer_id == session["customer"]
