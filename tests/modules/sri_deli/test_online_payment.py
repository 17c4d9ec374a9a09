"""Retribusi paid online through the regency's own Stripe account: the admin saves the keys
(encrypted), the citizen is sent to Stripe Checkout for the bill's exact amount, and Stripe's
signed webhook marks the bill paid and issues the permit — once, for this regency's bill only,
at the bill's amount in Rupiah. The last test uses the real ``stripe`` library against a real
localstripe server, which delivers the signed webhook over HTTP to the regency's host."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import make_server

from kiblat.modules.sri_deli.models import (
    APPROVED,
    AWAITING_PAYMENT,
    PAID,
    UNPAID,
    Bill,
)
from kiblat.modules.sri_deli.services import online, payments
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.payments import accounts, checkout
from kiblat.platform.payments.models import PaymentAccount
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from tests.billing.conftest import localstripe, register_webhook, sign  # noqa: F401 - localstripe is a fixture
from tests.billing.test_stripe_checkout_portal import recorded_stripe  # noqa: F401 - a fixture
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.sri_deli.test_payments import approve_billboard

SECRET_KEY = "sk_test_kiblat_retribusi"
WEBHOOK_SECRET = "whsec_kiblat_retribusi_uji"


@pytest.fixture
def tenant(make_tenant) -> TenantInfo:
    return make_tenant(modules=("sri_deli",))


def configure(app: Flask, tenant: TenantInfo, enabled: bool = True) -> None:
    with app.app_context(), tenant_context(tenant):
        accounts.save(online.OWNER, SECRET_KEY, WEBHOOK_SECRET, enabled, "Admin Uji")
        tenant_db.session.commit()


def awaiting_bill(app: Flask, tenant: TenantInfo, owner_email: str | None = None) -> tuple[int, str, int]:
    """An approved billboard permit waiting for its Rp150.000 retribusi: (application id, code, bill id)."""
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        application = approve_billboard(datetime.now(UTC))
        if owner_email:
            from kiblat.platform.identity.models import User

            application.user_id = tenant_db.session.scalar(select(User.id).where(User.email == owner_email))
        bill = payments.bill_of(application)
        tenant_db.session.commit()
        return application.id, bill.code, bill.id


def paid_event(tenant_slug: str, code: str, amount: int = 150_000 * 100, currency: str = "idr",
               kind: str = "checkout.session.completed", reference: str = "pi_test_retribusi1") -> dict:
    if kind.startswith("checkout"):
        obj = {"id": "cs_test_retribusi1", "object": "checkout.session", "payment_status": "paid",
               "amount_total": amount, "currency": currency, "payment_intent": reference,
               "metadata": {"tenant_slug": tenant_slug, "bill_code": code}}
    else:
        obj = {"id": reference, "object": "payment_intent", "status": "succeeded", "amount": amount,
               "amount_received": amount, "currency": currency,
               "metadata": {"tenant_slug": tenant_slug, "bill_code": code}}
    return {"id": "evt_test_retribusi1", "object": "event", "type": kind, "data": {"object": obj}}


def post_webhook(app: Flask, tenant: TenantInfo, event: dict, secret: str = WEBHOOK_SECRET):  # noqa: ANN201
    payload = json.dumps(event).encode()
    return app.test_client().post("/perizinan/stripe/webhook", base_url=f"http://{tenant.primary_host}",
                                  data=payload, headers={"Stripe-Signature": sign(payload, secret),
                                                         "Content-Type": "application/json"})


def state(app: Flask, tenant: TenantInfo, bill_id: int) -> tuple[str, str, str | None]:
    with app.app_context(), tenant_context(tenant):
        bill = tenant_db.session.get(Bill, bill_id)
        return bill.status, bill.application.status, bill.application.certificate_number


def test_admin_saves_the_regency_stripe_keys_encrypted(app, tenant):
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "admin", email="admin@example.id")
    client = app.test_client()
    sign_in(client, tenant, "admin@example.id")
    page = client.get("/perizinan/kelola/pembayaran-online", base_url=base).text
    assert f"{base}/perizinan/stripe/webhook" in page
    wrong = client.post("/perizinan/kelola/pembayaran-online", base_url=base, data={
        "csrf_token": csrf_token(page), "kunci_rahasia": "pk_test_salah", "rahasia_webhook": WEBHOOK_SECRET,
        "aktif": "y"})
    assert wrong.status_code == 422 and "diawali sk_" in wrong.text
    saved = client.post("/perizinan/kelola/pembayaran-online", base_url=base, data={
        "csrf_token": csrf_token(page), "kunci_rahasia": SECRET_KEY, "rahasia_webhook": WEBHOOK_SECRET, "aktif": "y"})
    assert saved.status_code == 302
    with app.app_context(), tenant_context(tenant):
        row = tenant_db.session.scalar(select(PaymentAccount).where(PaymentAccount.owner == online.OWNER))
        assert row.enabled and SECRET_KEY not in row.secret_key_cipher and WEBHOOK_SECRET not in row.webhook_secret_cipher
        assert online.available()
        actions = list(tenant_db.session.scalars(select(AuditEntry.action)))
        assert "sri_deli.online_payment_settings" in actions
    # An empty field keeps the saved key; switching off works without retyping the keys.
    page = client.get("/perizinan/kelola/pembayaran-online", base_url=base).text
    assert "Tersimpan" in page and SECRET_KEY not in page
    off = client.post("/perizinan/kelola/pembayaran-online", base_url=base, data={"csrf_token": csrf_token(page)})
    assert off.status_code == 302
    with app.app_context(), tenant_context(tenant):
        assert not online.available() and tenant_db.session.scalar(select(PaymentAccount).where(PaymentAccount.owner == online.OWNER)).secret_key_cipher


def test_citizen_is_sent_to_stripe_checkout_for_the_exact_bill(app, tenant, recorded_stripe, monkeypatch):  # noqa: F811
    monkeypatch.setitem(app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_STRIPE_API_BASE",
                        f"http://127.0.0.1:{recorded_stripe.server_port}")
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "citizen", email="warga@example.id")
    application_id, code, _bill_id = awaiting_bill(app, tenant, "warga@example.id")
    client = app.test_client()
    sign_in(client, tenant, "warga@example.id")
    before = client.get(f"/perizinan/saya/{application_id}", base_url=base).text
    assert "Bayar online" not in before  # the regency has not switched it on
    configure(app, tenant)
    page = client.get(f"/perizinan/saya/{application_id}", base_url=base).text
    assert 'id="bayar-online"' in page
    response = client.post(f"/perizinan/saya/{application_id}/bayar-online", base_url=base,
                           data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303 and response.headers["Location"].startswith("https://checkout.stripe.com/")
    [(path, sent, headers)] = recorded_stripe.requests
    assert path == "/v1/checkout/sessions" and headers["Authorization"] == f"Bearer {SECRET_KEY}"
    assert sent["mode"] == "payment" and sent["client_reference_id"] == code
    assert sent["line_items[0][price_data][unit_amount]"] == str(150_000 * 100)
    assert sent["line_items[0][price_data][currency]"] == "idr"
    assert sent["metadata[tenant_slug]"] == tenant.slug and sent["metadata[bill_code]"] == code
    assert sent["payment_intent_data[metadata][bill_code]"] == code
    assert sent["success_url"].startswith(f"{base}/perizinan/saya/{application_id}")
    # Another citizen cannot start a payment for this bill.
    add_user(app, tenant, "citizen", email="lain@example.id")
    other = app.test_client()
    sign_in(other, tenant, "lain@example.id")
    assert other.post(f"/perizinan/saya/{application_id}/bayar-online", base_url=base,
                      data={"csrf_token": csrf_token(page)}).status_code in (400, 404)


def test_citizen_keeps_other_ways_to_pay_when_stripe_is_unreachable(app, tenant, monkeypatch):
    monkeypatch.setitem(app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_STRIPE_API_BASE", "http://127.0.0.1:9")
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "citizen", email="warga@example.id")
    application_id, _code, bill_id = awaiting_bill(app, tenant, "warga@example.id")
    configure(app, tenant)
    client = app.test_client()
    sign_in(client, tenant, "warga@example.id")
    page = client.get(f"/perizinan/saya/{application_id}", base_url=base).text
    response = client.post(f"/perizinan/saya/{application_id}/bayar-online", base_url=base,
                           data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "tidak dapat dibuka sekarang" in response.text and "Kode bayar" in response.text
    assert state(app, tenant, bill_id)[0] == UNPAID


def test_signed_webhook_marks_the_bill_paid_and_issues_the_permit_once(app, tenant):
    configure(app, tenant)
    _application_id, code, bill_id = awaiting_bill(app, tenant)
    assert state(app, tenant, bill_id) == (UNPAID, AWAITING_PAYMENT, None)
    first = post_webhook(app, tenant, paid_event(tenant.slug, code))
    assert first.status_code == 200 and first.get_json()["status"] == "paid"
    status, application_status, certificate = state(app, tenant, bill_id)
    assert (status, application_status) == (PAID, APPROVED) and certificate.startswith("IZ/")
    again = post_webhook(app, tenant, paid_event(tenant.slug, code, kind="payment_intent.succeeded"))
    assert again.status_code == 200 and again.get_json()["status"] == "already"
    with app.app_context(), tenant_context(tenant):
        bill = tenant_db.session.get(Bill, bill_id)
        assert bill.reference == "pi_test_retribusi1" and bill.confirmed_by_name == "Stripe"
        assert bill.paid_amount == 150_000
        assert tenant_db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "sri_deli.paid_online")) == 1


@pytest.mark.parametrize("change", ["amount", "currency", "other_regency", "unknown_bill", "signature"])
def test_webhook_that_does_not_match_the_bill_is_refused(app, tenant, change):
    configure(app, tenant)
    _application_id, code, bill_id = awaiting_bill(app, tenant)
    event = paid_event(tenant.slug, code)
    secret = WEBHOOK_SECRET
    if change == "amount":
        event = paid_event(tenant.slug, code, amount=1_000 * 100)
    elif change == "currency":
        event = paid_event(tenant.slug, code, currency="usd")
    elif change == "other_regency":
        event = paid_event("kabupaten-lain", code)
    elif change == "unknown_bill":
        event = paid_event(tenant.slug, "000000000000000")
    else:
        secret = "whsec_orang_lain"
    response = post_webhook(app, tenant, event, secret=secret)
    assert response.status_code == 400
    assert state(app, tenant, bill_id) == (UNPAID, AWAITING_PAYMENT, None)


def test_webhook_for_another_regencys_bill_is_refused_on_this_host(app, make_tenant):
    """Regency B's host, with B's own valid signature, cannot pay regency A's bill."""
    a, b = make_tenant(modules=("sri_deli",)), make_tenant(modules=("sri_deli",))
    configure(app, a)
    configure(app, b)
    _application_id, code, bill_id = awaiting_bill(app, a)
    # The event names A (as Stripe's metadata for A's bill would), delivered to B.
    assert post_webhook(app, b, paid_event(a.slug, code)).status_code == 400
    # The event claims B but names A's code: no such bill on B.
    assert post_webhook(app, b, paid_event(b.slug, code)).status_code == 400
    assert state(app, a, bill_id) == (UNPAID, AWAITING_PAYMENT, None)


def test_webhook_is_refused_where_online_payment_is_not_configured(app, tenant):
    _application_id, code, bill_id = awaiting_bill(app, tenant)
    assert post_webhook(app, tenant, paid_event(tenant.slug, code)).status_code == 400
    assert state(app, tenant, bill_id)[0] == UNPAID


# The real stripe library, a real localstripe, a webhook over HTTP ---------------------------------
@pytest.fixture
def tenant_served(app: Flask) -> Iterator:
    """The app over HTTP on loopback, answering as the host the proxy passes on (the regency's)."""
    hosts: dict[str, str] = {}

    def behind_proxy(environ, start_response):  # noqa: ANN001, ANN202
        environ["HTTP_HOST"] = hosts["host"]
        return app(environ, start_response)

    server = make_server("127.0.0.1", 0, behind_proxy, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(host: str) -> str:
        hosts["host"] = host
        return f"http://127.0.0.1:{server.server_port}"

    try:
        yield serve
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.mark.slow
def test_localstripe_delivers_the_payment_and_the_permit_is_issued(app, tenant, localstripe, tenant_served,  # noqa: F811
                                                                   monkeypatch):
    monkeypatch.setitem(app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_STRIPE_API_BASE", localstripe)
    configure(app, tenant)
    _application_id, code, bill_id = awaiting_bill(app, tenant)
    served = tenant_served(tenant.primary_host)
    register_webhook(localstripe, f"{served}/perizinan/stripe/webhook", secret=WEBHOOK_SECRET)
    with app.app_context(), tenant_context(tenant):
        bill = tenant_db.session.get(Bill, bill_id)
        api = accounts.client(online.OWNER).v1
        # What Checkout does with the card the citizen typed: a PaymentIntent carrying the bill's metadata.
        method = api.payment_methods.create(params={
            "type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
        intent = api.payment_intents.create(params={
            "amount": bill.amount * checkout.MINOR_UNITS, "currency": checkout.CURRENCY, "payment_method": method.id,
            "metadata": online.metadata(bill)})
        api.payment_intents.confirm(intent.id)
        tenant_db.session.rollback()
    for _attempt in range(200):
        if state(app, tenant, bill_id)[0] == PAID:
            break
        threading.Event().wait(0.1)
    status, application_status, certificate = state(app, tenant, bill_id)
    assert (status, application_status) == (PAID, APPROVED) and certificate.startswith("IZ/")
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.get(Bill, bill_id).reference == intent.id
