"""At 360 px: the regency admin sets up its WhatsApp gateway (a webhook on 127.0.0.1) and sends a
test message; a citizen who registered with a phone number only asks for a reset code, receives
it through the webhook and sets a new password; the same pages in English. Screenshots go to
tests/artifacts/."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Page, expect

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import authenticate, create_user
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import PASSWORD, enrol_two_factor
from tests.live_server import assert_fits, needs_chromium, serving, shot, sign_in

NARROW = {"width": 360, "height": 740}
pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]
SLUG = "binjai"
PHONE = "+6281234567890"
NEW_PASSWORD = "durian-binjai-2026"


@pytest.fixture(scope="module")
def webhook() -> Iterator[tuple[str, list[dict]]]:
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(202)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/kirim", received
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str, object]]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("sms-reset"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.75", slug=SLUG, modules=["sri_deli"])
        with tenant_context(tenant_registry().by_slug(SLUG)):
            admin = create_user(name="Admin Binjai", role="admin", email="admin@binjai.example.id", password=PASSWORD)
            secret = enrol_two_factor(admin)
            create_user(name="Rina Sembiring", role="citizen", phone=PHONE, password=PASSWORD)
            tenant_db.session.commit()
    with serving(app) as port:
        yield port, secret, app


def _page(browser: Browser) -> Page:
    return browser.new_context(viewport=NARROW).new_page()


def test_admin_sets_up_whatsapp_and_a_phone_only_citizen_resets_at_360px(served, webhook, browser: Browser) -> None:
    port, secret, app = served
    url, received = webhook
    origin = f"http://{SLUG}.localhost:{port}"

    admin = sign_in(_page(browser), origin, "admin@binjai.example.id", PASSWORD, totp_secret=secret)
    admin.goto(origin + "/admin/")
    admin.get_by_role("link", name="Gateway SMS/WhatsApp").click()
    admin.get_by_label("Alamat webhook (URL)").fill(url)
    admin.get_by_label("Rahasia/token").fill("rahasia-gateway-binjai-2026")
    admin.get_by_label("Saluran").select_option("whatsapp")
    admin.get_by_label("Kirim kode atur ulang kata sandi lewat gateway ini").check()
    assert_fits(admin)
    shot(admin, "sms-01-admin-gateway")
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator("body")).to_contain_text("Pengaturan gateway SMS/WhatsApp disimpan.")
    admin.get_by_label("Nomor tujuan pesan uji").fill("0812-3456-7890")
    admin.get_by_role("button", name="Kirim pesan uji").click()
    expect(admin.locator("body")).to_contain_text("Pesan uji diterima gateway untuk +6281234567890.")
    assert "aktif lewat WhatsApp" in admin.content()
    assert_fits(admin)
    shot(admin, "sms-02-admin-pesan-uji")
    assert received[-1]["to"] == PHONE and received[-1]["channel"] == "whatsapp"

    citizen = _page(browser)
    citizen.goto(origin + "/lupa-sandi")
    citizen.get_by_role("link", name="Atur ulang dengan nomor telepon").click()
    citizen.get_by_label("Nomor telepon akun").fill("0812 3456 7890")
    assert_fits(citizen)
    shot(citizen, "sms-03-warga-minta-kode")
    citizen.get_by_role("button", name="Kirim kode").click()
    expect(citizen.locator("body")).to_contain_text("kami sudah mengirim kode atur ulang lewat WhatsApp")
    assert_fits(citizen)
    shot(citizen, "sms-04-warga-kode-terkirim")
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", received[-1]["text"]).group(0)
    citizen.get_by_role("link", name="Masukkan kode").click()
    assert citizen.get_by_label("Nomor telepon atau email akun").input_value() == "0812 3456 7890"
    citizen.get_by_label("Kode dari petugas").fill(code)
    citizen.get_by_label("Kata sandi baru").fill(NEW_PASSWORD)
    citizen.get_by_label("Ulangi kata sandi").fill(NEW_PASSWORD)
    assert_fits(citizen)
    shot(citizen, "sms-05-warga-masukkan-kode")
    citizen.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(citizen.locator("body")).to_contain_text("Kata sandi diganti")
    with app.app_context(), tenant_context(tenant_registry().by_slug(SLUG)):
        assert authenticate(PHONE, NEW_PASSWORD) is not None

    # The same pages in English.
    english = _page(browser)
    english.goto(origin + "/lupa-sandi/telepon")
    english.get_by_role("link", name="EN", exact=True).click()
    english.goto(origin + "/lupa-sandi/telepon")
    assert "We will send a reset code by WhatsApp" in english.content()
    assert_fits(english)
    shot(english, "sms-06-en-minta-kode")
    admin.get_by_role("link", name="EN", exact=True).click()
    admin.goto(origin + "/admin/sms")
    assert "SMS/WhatsApp gateway" in admin.content() and "active via WhatsApp" in admin.content()
    assert_fits(admin)
    shot(admin, "sms-07-en-admin-gateway")
