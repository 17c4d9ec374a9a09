"""Checkout (to subscribe) and the Billing Portal (to change the card).

localstripe implements neither, so these tests answer the real ``stripe`` library from a
small HTTP server that returns a fixed Stripe API response for each call
(``fixtures/*.json``: the ``checkout.session`` and ``billing_portal.session`` objects as
Stripe's API reference documents them for test mode; written from that reference, not
captured from a live account), and check what the app sent: that request is the part
the app is responsible for."""

from __future__ import annotations

import json
import threading
import urllib.parse
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kiblat.platform.billing.accounts import (
    configure_account,
    get_account,
    tenant_by_slug,
    tenant_quote,
)
from kiblat.platform.billing.settings import BillingError
from kiblat.platform.billing.stripe_billing import create_checkout_session, create_portal_session
from kiblat.platform.core.extensions import db

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = {
    "/v1/checkout/sessions": "stripe_checkout_session.json",
    "/v1/billing_portal/sessions": "stripe_billing_portal_session.json",
}


class RecordedStripe(ThreadingHTTPServer):
    requests: list[tuple[str, dict, dict]]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.server.requests.append((self.path, dict(urllib.parse.parse_qsl(body)), dict(self.headers)))
        name = RECORDED.get(self.path)
        status, payload = (200, (FIXTURES / name).read_bytes()) if name else (404, json.dumps(
            {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL (POST: {self.path})"}}
        ).encode())
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Request-Id", "req_recorded")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


@pytest.fixture
def recorded_stripe() -> Iterator[RecordedStripe]:
    server = RecordedStripe(("127.0.0.1", 0), Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def subscribed_tenant(app_ctx, make_tenant, stripe_settings, recorded_stripe):
    stripe_settings(f"http://127.0.0.1:{recorded_stripe.server_port}")
    tenant = make_tenant()
    configure_account(tenant.slug, mode="stripe")
    account = get_account(tenant.slug)
    account.stripe_customer_id = f"cus_{uuid.uuid4().hex[:14]}"  # created earlier for this tenant
    db.session.commit()
    return tenant


def test_checkout_session_subscribes_the_tenant_to_one_line_per_module(subscribed_tenant, recorded_stripe):
    tenant = subscribed_tenant
    url = create_checkout_session(tenant.slug, "https://a.example/berhasil", "https://a.example/batal")
    assert url.startswith("https://checkout.stripe.com/c/pay/cs_test_")
    [(path, sent, headers)] = recorded_stripe.requests
    assert path == "/v1/checkout/sessions"
    assert headers["Authorization"] == "Bearer sk_test_kiblat_uji"
    plan = tenant_quote(tenant_by_slug(tenant.slug))
    assert sent["mode"] == "subscription"
    assert sent["customer"] == get_account(tenant.slug).stripe_customer_id
    assert sent["client_reference_id"] == tenant.slug
    assert sent["line_items[0][price_data][currency]"] == "idr"
    assert sent["line_items[0][price_data][unit_amount]"] == str(plan.lines[0].amount * 100)
    assert sent["line_items[0][price_data][recurring][interval]"] == "month"
    assert sent["line_items[0][price_data][product_data][name]"] == "Modul Pengumuman"
    assert sent["subscription_data[metadata][tenant_slug]"] == tenant.slug
    assert (sent["success_url"], sent["cancel_url"]) == ("https://a.example/berhasil", "https://a.example/batal")


def test_billing_portal_session_is_for_the_tenants_own_customer(subscribed_tenant, recorded_stripe, make_tenant):
    url = create_portal_session(subscribed_tenant.slug, "https://a.example/tagihan")
    assert url.startswith("https://billing.stripe.com/p/session/test_")
    [(path, sent, _headers)] = recorded_stripe.requests
    assert path == "/v1/billing_portal/sessions"
    customer = get_account(subscribed_tenant.slug).stripe_customer_id
    assert sent == {"customer": customer, "return_url": "https://a.example/tagihan", "locale": "id"}
    # Another regency without a Stripe customer gets a clear refusal, never someone else's portal.
    other = make_tenant()
    configure_account(other.slug, mode="stripe")
    with pytest.raises(BillingError, match="belum terdaftar sebagai pelanggan Stripe"):
        create_portal_session(other.slug, "https://b.example/tagihan")
    assert len(recorded_stripe.requests) == 1


def test_government_billed_tenants_have_no_stripe_pages(app_ctx, make_tenant, stripe_settings):
    tenant = make_tenant()
    configure_account(tenant.slug, mode="government")
    with pytest.raises(BillingError, match="invoice pemerintah"):
        create_checkout_session(tenant.slug, "https://a.example/ok", "https://a.example/batal")
