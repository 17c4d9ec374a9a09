"""Tickets paid online through the regency's own Stripe account: the seats are held for a short
time, the QR tickets appear only once Stripe's signed webhook reports the payment, each event id
is handled once, and a hold that ran out gives its seats back (a late payment is marked for
refund, never re-taking seats). The last test uses the real ``stripe`` library against a real
localstripe, which delivers the signed webhook over HTTP to the regency's host."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import make_server

from kiblat.modules.kunjungan.models import Booking, Slot
from kiblat.modules.kunjungan.services import booking, clock, online, slots
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.payments import accounts, checkout
from kiblat.platform.payments.models import PaymentAccount, PaymentEvent
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.database import tenant_db
from tests.billing.conftest import localstripe, register_webhook, sign  # noqa: F401 - localstripe is a fixture
from tests.billing.test_stripe_checkout_portal import recorded_stripe  # noqa: F401 - a fixture
from tests.modules.kunjungan.helpers import NOW, SATURDAY, book, in_tenant, make_park, slot_at
from tests.modules.kunjungan.test_pages import person, post, text_of

SECRET_KEY = "sk_test_kiblat_tiket"
WEBHOOK_SECRET = "whsec_kiblat_tiket_uji"


def configure(app: Flask, tenant: TenantInfo) -> None:
    with in_tenant(app, tenant):
        accounts.save(online.OWNER, SECRET_KEY, WEBHOOK_SECRET, True, "Pengelola Uji")
        tenant_db.session.commit()


@pytest.fixture
def paying_park(app, park_tenant):  # noqa: ANN001, ANN201
    configure(app, park_tenant)
    with in_tenant(app, park_tenant):
        made = make_park(capacity=4, key="taman")
        saturday = slot_at(made, SATURDAY)
    return made, saturday


def paid_event(slug: str, code: str, amount: int, event_id: str = "evt_tiket_1",
               kind: str = "checkout.session.completed", reference: str = "pi_tiket_1") -> dict:
    if kind.startswith("checkout"):
        obj = {"id": "cs_tiket_1", "object": "checkout.session", "payment_status": "paid", "amount_total": amount,
               "currency": "idr", "payment_intent": reference, "metadata": {"tenant_slug": slug, "booking_code": code}}
    else:
        obj = {"id": reference, "object": "payment_intent", "status": "succeeded", "amount": amount,
               "amount_received": amount, "currency": "idr", "metadata": {"tenant_slug": slug, "booking_code": code}}
    return {"id": event_id, "object": "event", "type": kind, "data": {"object": obj}}


def deliver(app: Flask, tenant: TenantInfo, event: dict, secret: str = WEBHOOK_SECRET):  # noqa: ANN201
    payload = json.dumps(event).encode()
    return app.test_client().post("/kunjungan/stripe/webhook", base_url=f"http://{tenant.primary_host}",
                                  data=payload, headers={"Stripe-Signature": sign(payload, secret),
                                                         "Content-Type": "application/json"})


def hold(app: Flask, tenant: TenantInfo, slot_id: int, made, adults: int = 2) -> tuple[str, int]:  # noqa: ANN001
    with in_tenant(app, tenant):
        held = book(made, slot_id, adults=adults, pay_online=True)
        return held.code, held.total


def state(app: Flask, tenant: TenantInfo, code: str) -> tuple[str, bool, int]:
    with in_tenant(app, tenant):
        found = booking.by_code(code)
        return found.status, booking.tickets_issued(found), tenant_db.session.get(Slot, found.slot_id).taken


def test_the_tickets_are_issued_once_stripe_reports_the_payment_once(app, park_tenant, paying_park) -> None:  # noqa: ANN001
    made, saturday = paying_park
    code, total = hold(app, park_tenant, saturday, made)
    with in_tenant(app, park_tenant):
        held = booking.by_code(code)
        # The seats are held for the online hold (30 minutes), not until the slot starts.
        assert as_utc(held.expires_at) == NOW + timedelta(minutes=30) and held.pay_online
    assert state(app, park_tenant, code) == ("unpaid", False, 2)
    first = deliver(app, park_tenant, paid_event(park_tenant.slug, code, total * 100))
    assert first.status_code == 200 and first.get_json()["status"] == "paid"
    assert state(app, park_tenant, code) == ("paid", True, 2)
    # Stripe redelivers the same event, then reports the same payment through its PaymentIntent.
    again = deliver(app, park_tenant, paid_event(park_tenant.slug, code, total * 100))
    intent = deliver(app, park_tenant, paid_event(park_tenant.slug, code, total * 100, event_id="evt_tiket_2",
                                                  kind="payment_intent.succeeded"))
    assert [again.get_json()["status"], intent.get_json()["status"]] == ["already", "already"]
    with in_tenant(app, park_tenant):
        found = booking.by_code(code)
        assert (found.paid_method, found.payment_reference) == ("stripe", "pi_tiket_1")
        assert tenant_db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "kunjungan.paid_online")) == 1
        assert tenant_db.session.scalar(select(func.count()).select_from(PaymentEvent).where(PaymentEvent.owner == online.OWNER)) == 2


def test_an_unpaid_hold_expires_and_a_late_payment_is_marked_for_refund(app, park_tenant, paying_park,  # noqa: ANN001
                                                                       monkeypatch) -> None:
    made, saturday = paying_park
    code, total = hold(app, park_tenant, saturday, made, adults=4)
    monkeypatch.setattr(clock, "now", lambda: NOW + timedelta(minutes=31))
    with in_tenant(app, park_tenant):
        [view] = [s for s in slots.availability(made.place_id, SATURDAY) if s.id == saturday]
        assert view.left == 4  # looking at the slot released the expired hold
    assert state(app, park_tenant, code) == ("expired", False, 0)
    late = deliver(app, park_tenant, paid_event(park_tenant.slug, code, total * 100))
    assert late.status_code == 200 and late.get_json()["status"] == "refund"
    assert state(app, park_tenant, code) == ("expired", False, 0)
    with in_tenant(app, park_tenant):
        assert tenant_db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "kunjungan.paid_online_refused")) == 1


@pytest.mark.parametrize("change", ["amount", "other_regency", "unknown_booking", "signature", "no_event_id"])
def test_a_webhook_that_does_not_match_the_booking_is_refused(app, park_tenant, paying_park, change) -> None:  # noqa: ANN001
    made, saturday = paying_park
    code, total = hold(app, park_tenant, saturday, made)
    event, secret = paid_event(park_tenant.slug, code, total * 100), WEBHOOK_SECRET
    if change == "amount":
        event = paid_event(park_tenant.slug, code, 1_000 * 100)
    elif change == "other_regency":
        event = paid_event("kabupaten-lain", code, total * 100)
    elif change == "unknown_booking":
        event = paid_event(park_tenant.slug, "ZZZZZZZZ", total * 100)
    elif change == "signature":
        secret = "whsec_orang_lain"
    else:
        del event["id"]
    assert deliver(app, park_tenant, event, secret=secret).status_code == 400
    assert state(app, park_tenant, code) == ("unpaid", False, 2)


def test_a_visitor_chooses_to_pay_online_and_is_sent_to_stripe_checkout(app, park_tenant, paying_park,  # noqa: ANN001
                                                                        recorded_stripe, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setitem(app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_STRIPE_API_BASE",
                        f"http://127.0.0.1:{recorded_stripe.server_port}")
    made, saturday = paying_park
    family = person(app, park_tenant, "citizen")
    page_path = f"/kunjungan/taman/pesan?tanggal={SATURDAY.isoformat()}"
    page = text_of(family, park_tenant, page_path)
    assert 'name="bayar_online"' in page
    key = re.search(r'name="request_key" type="hidden" value="([0-9a-f]+)"', page).group(1)
    response = post(family, park_tenant, "/kunjungan/taman/pesan", {
        "slot": saturday, f"n_{made.adult}": "3", "name": "Keluarga Tarigan", "email": "tarigan@example.id",
        "request_key": key, "bayar_online": "y"}, page=page_path)
    assert response.status_code == 303 and response.headers["Location"].startswith("https://checkout.stripe.com/")
    [(path, sent, headers)] = recorded_stripe.requests
    with in_tenant(app, park_tenant):
        made_booking = tenant_db.session.scalar(select(Booking).where(Booking.request_key == key))
        code = made_booking.code
    assert path == "/v1/checkout/sessions" and headers["Authorization"] == f"Bearer {SECRET_KEY}"
    assert sent["line_items[0][price_data][unit_amount]"] == str(60_000 * 100)
    assert sent["metadata[booking_code]"] == code and sent["metadata[tenant_slug]"] == park_tenant.slug
    assert sent["expires_at"] == str(int((NOW + timedelta(minutes=31)).timestamp()))
    # Until Stripe reports the payment the page shows no QR, only the way to pay.
    ticket_page = text_of(family, park_tenant, f"/kunjungan/pesanan/{code}")
    assert "<svg" not in ticket_page and 'id="bayar-online"' in ticket_page and "Menunggu pembayaran" in ticket_page
    assert family.get(f"/kunjungan/pesanan/{code}/tiket.pdf",
                      base_url=f"http://{park_tenant.primary_host}").status_code == 404
    assert deliver(app, park_tenant, paid_event(park_tenant.slug, code, 60_000 * 100)).status_code == 200
    assert text_of(family, park_tenant, f"/kunjungan/pesanan/{code}").count("<svg") == 3


def test_managers_save_the_keys_encrypted(app, park_tenant) -> None:  # noqa: ANN001
    manager = person(app, park_tenant, "pengelola_kunjungan")
    wrong = post(manager, park_tenant, "/kunjungan/pembayaran-online", {
        "kunci_rahasia": "pk_test_salah", "rahasia_webhook": WEBHOOK_SECRET, "aktif": "y"})
    assert wrong.status_code == 422 and "diawali sk_" in wrong.get_data(as_text=True)
    saved = post(manager, park_tenant, "/kunjungan/pembayaran-online", {
        "kunci_rahasia": SECRET_KEY, "rahasia_webhook": WEBHOOK_SECRET, "aktif": "y"})
    assert saved.status_code == 302
    with in_tenant(app, park_tenant):
        row = tenant_db.session.scalar(select(PaymentAccount).where(PaymentAccount.owner == online.OWNER))
        assert row.enabled and SECRET_KEY not in row.secret_key_cipher and online.available()


@pytest.fixture
def tenant_served(app: Flask) -> Iterator:
    """The app over HTTP on loopback, answering as the regency's host (as the proxy passes it on)."""
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
def test_localstripe_delivers_the_payment_and_the_tickets_are_issued(app, park_tenant, paying_park,  # noqa: ANN001
                                                                     localstripe, tenant_served, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setitem(app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_STRIPE_API_BASE", localstripe)
    made, saturday = paying_park
    code, total = hold(app, park_tenant, saturday, made)
    served = tenant_served(park_tenant.primary_host)
    register_webhook(localstripe, f"{served}/kunjungan/stripe/webhook", secret=WEBHOOK_SECRET)
    with in_tenant(app, park_tenant):
        api = accounts.client(online.OWNER).v1
        # What Checkout does with the card the visitor typed: a PaymentIntent carrying the booking's metadata.
        method = api.payment_methods.create(params={
            "type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
        intent = api.payment_intents.create(params={
            "amount": total * checkout.MINOR_UNITS, "currency": checkout.CURRENCY, "payment_method": method.id,
            "metadata": online.metadata(booking.by_code(code))})
        api.payment_intents.confirm(intent.id)
        tenant_db.session.rollback()
    for _attempt in range(200):
        if state(app, park_tenant, code)[0] == "paid":
            break
        threading.Event().wait(0.1)
    assert state(app, park_tenant, code) == ("paid", True, 2)
    with in_tenant(app, park_tenant):
        assert booking.by_code(code).payment_reference == intent.id


def test_a_webhook_for_another_regencys_booking_is_refused_on_this_host(app, make_tenant) -> None:  # noqa: ANN001
    """Regency B's host, with B's own valid signature, cannot pay regency A's booking."""
    a, b = make_tenant(modules=("kunjungan",)), make_tenant(modules=("kunjungan",))
    configure(app, a)
    configure(app, b)
    with in_tenant(app, a):
        made = make_park(capacity=4, key="taman")
        saturday = slot_at(made, SATURDAY)
    code, total = hold(app, a, saturday, made)
    # The event names A (as Stripe's metadata for A's booking would), delivered to B.
    assert deliver(app, b, paid_event(a.slug, code, total * 100)).status_code == 400
    # The event claims B but names A's code: no such booking on B.
    assert deliver(app, b, paid_event(b.slug, code, total * 100, event_id="evt_tiket_2")).status_code == 400
    assert state(app, a, code) == ("unpaid", False, 2)
    with in_tenant(app, b):
        assert tenant_db.session.scalar(select(func.count()).select_from(PaymentEvent)) == 0
