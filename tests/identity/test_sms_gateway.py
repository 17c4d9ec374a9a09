"""A regency's SMS/WhatsApp gateway: the admin configures an HTTP webhook (secret stored encrypted),
a real local HTTP server receives the signed messages, and a phone-only citizen resets a password
with the code it carried. A wrong secret or a dead gateway is reported clearly; one regency's
gateway is never used for another's messages."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.accounts import authenticate, create_user, find_by_identifier
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.models import SmsGateway
from kiblat.platform.identity.nik import protect
from kiblat.platform.identity.sms import DevOutboxSmsSender
from kiblat.platform.mail.models import OutboxMessage
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import PASSWORD, add_user, sign_in

PHONE = "+6281234567890"
SECRET = "rahasia-gateway-kabupaten-01"
NEW_PASSWORD = "sandi-baru-yang-kuat-7"


@dataclass
class Gateway:
    """A webhook receiver on 127.0.0.1 that checks signatures with its own copy of the secret."""

    secret: str
    received: list[dict] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/kirim"


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    state = Gateway(secret=SECRET)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            timestamp, signature = self.headers["X-Kiblat-Timestamp"], self.headers["X-Kiblat-Signature"]
            expected = "sha256=" + hmac.new(state.secret.encode(), timestamp.encode() + b"." + body,
                                            hashlib.sha256).hexdigest()
            valid = hmac.compare_digest(expected, signature)
            state.received.append({"body": json.loads(body), "valid": valid,
                                   "content_type": self.headers["Content-Type"]})
            self.send_response(202 if valid else 401)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    state.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=state.server.serve_forever, daemon=True)
    thread.start()
    yield state
    state.server.shutdown()
    state.server.server_close()


def _admin(app, tenant: TenantInfo):  # noqa: ANN001, ANN202
    add_user(app, tenant, role="admin", email=f"admin@{tenant.slug}.example.id")
    client = app.test_client()
    sign_in(client, tenant, f"admin@{tenant.slug}.example.id")
    return client


def _configure(client, tenant: TenantInfo, url: str, secret: str = SECRET, channel: str = "whatsapp"):  # noqa: ANN001, ANN202
    return post_form(client, tenant, "/admin/sms", {"url": url, "secret": secret, "channel": channel,
                                                     "enabled": "y", "action": "save"})


def _phone_only_citizen(app, tenant: TenantInfo) -> int:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        user = create_user(name="Siti Aminah", role="citizen", phone=PHONE, password=PASSWORD)
        tenant_db.session.commit()
        return user.id


def test_phone_only_citizen_resets_with_a_code_from_the_regency_webhook(app, make_tenant, gateway, caplog):
    caplog.set_level(logging.DEBUG)
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    admin = _admin(app, tenant)
    assert "/admin/sms" in admin.get("/admin/", base_url=host).text
    saved = _configure(admin, tenant, gateway.url)
    assert saved.status_code == 302
    tested = post_form(admin, tenant, "/admin/sms", {"url": gateway.url, "secret": "", "channel": "whatsapp",
                                                      "enabled": "y", "test_phone": "0812-3456-7890",
                                                      "action": "test"})
    assert tested.status_code == 302
    assert "Pesan uji diterima gateway" in admin.get("/admin/sms", base_url=host).text
    assert len(gateway.received) == 1 and gateway.received[0]["valid"]
    assert gateway.received[0]["body"]["to"] == PHONE and gateway.received[0]["content_type"] == "application/json"

    citizen_id = _phone_only_citizen(app, tenant)
    citizen = app.test_client()
    assert "/lupa-sandi/telepon" in citizen.get("/lupa-sandi", base_url=host).text
    asked = post_form(citizen, tenant, "/lupa-sandi/telepon", {"phone": "0812 3456 7890"})
    assert asked.status_code == 200 and "Bila nomor itu terdaftar" in asked.text and "WhatsApp" in asked.text
    message = gateway.received[-1]
    assert message["valid"] and set(message["body"]) == {"to", "text", "channel", "regency"}
    assert message["body"]["to"] == PHONE and message["body"]["channel"] == "whatsapp"
    assert message["body"]["regency"] == tenant.slug
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", message["body"]["text"]).group(0)

    # An unknown number gets the same answer and sends nothing.
    unknown = post_form(citizen, tenant, "/lupa-sandi/telepon", {"phone": "0813-1111-2222"})
    assert unknown.status_code == 200 and "Bila nomor itu terdaftar" in unknown.text and len(gateway.received) == 2

    done = post_form(citizen, tenant, "/lupa-sandi/kode", {"identifier": "081234567890", "code": code,
                                                           "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 200 and "Kata sandi diganti" in done.text
    again = post_form(citizen, tenant, "/lupa-sandi/kode", {"identifier": "081234567890", "code": code,
                                                            "password": "sandi-lain-yang-kuat-8",
                                                            "confirm": "sandi-lain-yang-kuat-8"})
    assert again.status_code == 422

    # Outside production the message is kept in the development outbox, readable by its recipient.
    sign_in(citizen, tenant, PHONE, NEW_PASSWORD)
    outbox = citizen.get("/dev/outbox", base_url=host)
    assert outbox.status_code == 200 and code in outbox.text and "WhatsApp" in outbox.text

    with app.app_context(), tenant_context(tenant):
        assert authenticate(PHONE, NEW_PASSWORD).id == citizen_id
        row = tenant_db.session.scalar(select(SmsGateway))
        assert SECRET not in row.secret_cipher and row.channel == "whatsapp" and row.enabled
        entries = list(tenant_db.session.scalars(select(AuditEntry)))
        actions = [e.action for e in entries]
        assert {"sms_gateway.update", "sms_gateway.test", "account.sms_reset.issue",
                "account.assisted_reset.use"} <= set(actions)
        assert all(SECRET not in json.dumps(e.details, default=str) for e in entries)
    assert SECRET not in caplog.text and "sha256=" not in caplog.text


def test_wrong_secret_and_unreachable_gateway_are_reported_clearly(app, make_tenant, gateway, caplog):
    caplog.set_level(logging.DEBUG)
    tenant = make_tenant()
    admin = _admin(app, tenant)
    gateway.secret = "rahasia-yang-dipasang-di-gateway"
    assert _configure(admin, tenant, gateway.url, secret="rahasia-yang-salah-ketik-123").status_code == 302
    refused = post_form(admin, tenant, "/admin/sms", {"url": gateway.url, "channel": "sms", "enabled": "y",
                                                       "test_phone": "081234567890", "action": "test"})
    assert refused.status_code == 422
    assert "HTTP 401" in refused.text and "rahasia/token tidak cocok" in refused.text
    assert len(gateway.received) == 1 and not gateway.received[0]["valid"]

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/kirim"
    assert _configure(admin, tenant, dead, secret="").status_code == 302
    down = post_form(admin, tenant, "/admin/sms", {"url": dead, "channel": "sms", "enabled": "y",
                                                    "test_phone": "081234567890", "action": "test"})
    assert down.status_code == 422 and "Gateway tidak dapat dihubungi" in down.text

    # The citizen never learns whether the number exists: the same page, the failure only logged.
    _phone_only_citizen(app, tenant)
    asked = post_form(app.test_client(), tenant, "/lupa-sandi/telepon", {"phone": PHONE})
    assert asked.status_code == 200 and "Bila nomor itu terdaftar" in asked.text
    with app.app_context(), tenant_context(tenant):
        failed = tenant_db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.sms_reset.issue"))
        assert failed.details.get("ok") is False
    bad = post_form(admin, tenant, "/admin/sms", {"url": "ftp://contoh.id/x", "secret": "", "channel": "sms",
                                                   "action": "save"})
    assert bad.status_code == 422 and "https" in bad.text
    assert "rahasia-yang-salah-ketik-123" not in caplog.text


def test_a_regency_never_uses_another_regencys_gateway(app, make_tenant, gateway):
    with_gateway, without = make_tenant(), make_tenant()
    admin_a = _admin(app, with_gateway)
    assert _configure(admin_a, with_gateway, gateway.url).status_code == 302
    _phone_only_citizen(app, with_gateway)
    _phone_only_citizen(app, without)  # the same number, in the other regency

    page = app.test_client().get("/lupa-sandi/telepon", base_url=f"http://{without.primary_host}")
    assert 'id="counter-reset"' in page.text and 'name="phone"' not in page.text
    # The officer's counter code in the regency without a gateway is handed over in person.
    officer = _admin(app, without)
    with app.app_context(), tenant_context(without):
        user = find_by_identifier(PHONE)
        user.nik_hash, user.nik_cipher, user.nik_masked = protect("1207281203900001")
        tenant_db.session.commit()
    given = post_form(officer, without, "/layanan/atur-ulang-sandi",
                      {"identifier": PHONE, "nik": "1207281203900001", "name": "Siti Aminah"})
    assert given.status_code == 200 and "belum memasang gateway SMS" in given.text
    assert gateway.received == []

    post_form(app.test_client(), with_gateway, "/lupa-sandi/telepon", {"phone": PHONE})
    assert [m["body"]["regency"] for m in gateway.received] == [with_gateway.slug]
    # At the counter of the regency with a gateway the code also goes out, on its channel.
    with app.app_context(), tenant_context(with_gateway):
        user = find_by_identifier(PHONE)
        user.nik_hash, user.nik_cipher, user.nik_masked = protect("1207281203900001")
        tenant_db.session.commit()
    counter = post_form(admin_a, with_gateway, "/layanan/atur-ulang-sandi",
                        {"identifier": PHONE, "nik": "1207281203900001", "name": "Siti Aminah"})
    assert counter.status_code == 200 and "Kode juga dikirim lewat WhatsApp ke nomor akun." in counter.text
    assert [m["body"]["regency"] for m in gateway.received] == [with_gateway.slug] * 2


def test_in_development_codes_go_to_the_dev_outbox_without_a_gateway(app, make_tenant, monkeypatch, capsys):
    tenant = make_tenant()
    monkeypatch.setitem(app.config, "ENV", "development")
    monkeypatch.setitem(app.extensions, "kiblat_sms_sender", DevOutboxSmsSender())
    _phone_only_citizen(app, tenant)
    client = app.test_client()
    asked = post_form(client, tenant, "/lupa-sandi/telepon", {"phone": "0812-3456-7890"})
    assert asked.status_code == 200 and "Bila nomor itu terdaftar" in asked.text
    with app.app_context():
        kept = db.session.scalar(select(OutboxMessage).where(OutboxMessage.tenant_slug == tenant.slug,
                                                             OutboxMessage.recipient == PHONE))
        code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", kept.body).group(0)
        assert kept.status == "printed" and kept.subject.startswith("SMS")
    assert code in capsys.readouterr().err
    done = post_form(client, tenant, "/lupa-sandi/kode", {"identifier": PHONE, "code": code,
                                                          "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 200
