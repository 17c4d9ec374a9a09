"""The park's manager edits ticket types, slots and closed days in the browser (phone and
desktop) and visitors see the change at once; a gate phone that has opened the gate page once
opens it again with no signal (service worker), scans from the day's list and uploads later.
Real Chromium; screenshots in tests/artifacts/. The server's and browsers' clocks are fixed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pyotp
import pytest
from flask import request
from playwright.sync_api import Browser, Page, expect

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.modules.kunjungan.services import booking, clock, places, slots, tickets
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import enrol_two_factor
from tests.live_server import ARTIFACTS, needs_chromium, serving

PHONE = {"width": 390, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "kata-sandi-uji-123"
FRIDAY_MORNING = datetime(2031, 3, 7, 0, 0, tzinfo=UTC)    # Fri 07.00 WIB
SATURDAY_VISIT = datetime(2031, 3, 8, 3, 5, tzinfo=UTC)    # Sat 10.05 WIB
NOW = {"value": FRIDAY_MORNING}
SECRETS: dict[str, str] = {}
GATE_HITS: list[str] = []

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW["value"])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("kunjungan-editor"))})

    @app.before_request
    def count_gate_pages() -> None:  # the server sees every gate page the phones fetch
        if request.path.endswith("/gerbang"):
            GATE_HITS.append(request.path)

    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.07", slug="deliserdang", modules=["kunjungan", "taman_buah"])
        with tenant_context(tenant_registry().by_slug("deliserdang")):
            for who, role in (("warga", "citizen"), ("gerbang", "petugas_timbang"), ("kebun", "pengelola_taman_buah")):
                user = create_user(name=f"{who.title()} Deli", role=role, email=f"{who}@deliserdang.example.id",
                                   password=PASSWORD)
                if role == "pengelola_taman_buah":
                    SECRETS[who] = enrol_two_factor(user)
            tenant_db.session.commit()
    with serving(app) as port:
        yield f"http://deliserdang.localhost:{port}", app


SIGNED_IN: dict[str, Page] = {}


def signed_in(browser: Browser, origin: str, who: str, viewport: dict, at: datetime | None = None) -> Page:
    if who in SIGNED_IN:  # a one-time code cannot be used twice: two-factor users sign in once
        SIGNED_IN[who].set_viewport_size(viewport)
        return SIGNED_IN[who]
    context = browser.new_context(viewport=viewport)
    if at is not None:
        context.clock.set_fixed_time(at)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    page.goto(origin + "/masuk")
    page.fill("#identifier", f"{who}@deliserdang.example.id")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if who in SECRETS:
        page.wait_for_url("**/masuk/kode**")
        page.fill("#code", pyotp.TOTP(SECRETS[who]).now())
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        SIGNED_IN[who] = page
    return page


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"kunjungan-{name}.png"), full_page=True)


@pytest.mark.parametrize(("viewport", "label", "starts", "ends", "closed"), [
    (PHONE, "ponsel", "17:00", "18:00", "2031-03-20"),
    (DESKTOP, "desktop", "18:00", "19:00", "2031-03-21"),
])
def test_the_manager_edits_tickets_slots_and_closed_days(browser: Browser, site, viewport: dict, label: str,  # noqa: ANN001
                                                         starts: str, ends: str, closed: str) -> None:
    origin, _app = site
    NOW["value"] = FRIDAY_MORNING
    manager = signed_in(browser, origin, "kebun", viewport, FRIDAY_MORNING)
    manager.goto(origin + "/taman-buah/kelola")
    manager.click("text=Tiket, sesi dan kuota")
    manager.wait_for_url("**/kunjungan/taman-buah/atur")
    name = f"Pelajar {label}"
    manager.fill("#new-type input[name=name]", name)
    manager.fill("#new-type input[name=price]", "7500")
    manager.click("#new-type button[type=submit]")
    expect(manager.locator("main")).to_contain_text(f"Jenis tiket {name} ditambahkan")

    manager.fill("#new-rule input[name=starts]", starts)
    manager.fill("#new-rule input[name=ends]", ends)
    for day in ("1", "2", "3", "4", "5"):
        manager.uncheck(f"#new-rule input[name=weekdays][value='{day}']")
    manager.fill("#new-rule input[name=capacity]", "30")
    manager.click("#new-rule button[type=submit]")
    expect(manager.locator("main")).to_contain_text(f"Sesi {starts}–{ends} ditambahkan")
    manager.fill("#new-closure input[name=day]", closed)
    manager.fill("#new-closure input[name=reason]", "Perawatan kebun")
    manager.click("#new-closure button[type=submit]")
    expect(manager.locator("main")).to_contain_text("Tempat ditutup pada")
    assert manager.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    shot(manager, f"atur-{label}")

    family = signed_in(browser, origin, "warga", viewport, FRIDAY_MORNING)
    family.goto(origin + "/kunjungan/taman-buah/pesan?tanggal=2031-03-08")
    expect(family.locator("main")).to_contain_text(name)
    expect(family.locator("main")).to_contain_text(f"{starts.replace(':', '.')}–{ends.replace(':', '.')} · sisa 30 tiket")
    shot(family, f"pesan-setelah-atur-{label}")
    family.goto(origin + f"/kunjungan/taman-buah/pesan?tanggal={closed}")
    expect(family.locator("main")).to_contain_text("Tidak ada sesi pada hari ini (tutup).")
    assert manager.errors == family.errors == []


def _controlled(page: Page) -> bool:
    for _attempt in range(100):
        if page.evaluate("!!(navigator.serviceWorker && navigator.serviceWorker.controller)"):
            return True
        page.wait_for_timeout(100)
    return False


def test_the_gate_page_opens_with_no_signal_once_it_was_opened(browser: Browser, site) -> None:  # noqa: ANN001
    origin, app = site
    NOW["value"] = SATURDAY_VISIT
    with app.app_context(), tenant_context(tenant_registry().by_slug("deliserdang")):
        place = places.place_by_key("taman-buah")
        [slot] = [s for s in slots.slots_on(place.id, SATURDAY_VISIT.date()) if clock.local(s.starts_at).hour == 10]
        adult = places.ticket_types(place.id)[0]
        sold = booking.book(booking.Order(slot.id, {adult.id: 1}, "Bu Sembiring"), "s" * 32, walk_in=True,
                            paid_method="cash")
        code, booking_code = tickets.qr_text(sold.tickets[0]), sold.code
        tenant_db.session.commit()
    gate = signed_in(browser, origin, "gerbang", PHONE, SATURDAY_VISIT)
    gate.goto(origin + "/kunjungan/taman-buah/gerbang")
    assert _controlled(gate), "the service worker did not take over the gate page"
    gate.reload()  # this copy goes through the worker and is kept
    expect(gate.locator("#gate-status")).to_contain_text("tiket hari ini di perangkat")

    gate.context.set_offline(True)
    hits = len(GATE_HITS)
    gate.reload()
    expect(gate.locator("h1")).to_contain_text("Gerbang")
    assert len(GATE_HITS) == hits, "the offline page came from the server, not from the phone"
    expect(gate.locator("#gate-status")).to_contain_text("Luring")
    gate.fill("#code", code)
    gate.click("#scan-form button[type=submit]")
    expect(gate.locator("#result .gate-message")).to_have_text("Silakan masuk")
    assert "luring" in gate.inner_text("#result .gate-details")
    shot(gate, "gerbang-dibuka-luring")

    gate.context.set_offline(False)
    gate.evaluate("window.dispatchEvent(new Event('online'))")
    expect(gate.locator("#sync-status")).to_contain_text("1 pindaian luring terunggah")
    with app.app_context(), tenant_context(tenant_registry().by_slug("deliserdang")):
        assert booking.by_code(booking_code).tickets[0].used_at is not None
    assert gate.errors == []


def test_the_camera_button_scans_where_the_browser_reads_qr_codes(browser: Browser, site) -> None:  # noqa: ANN001
    """Chromium on Linux has no BarcodeDetector: the button is absent and typing works. With a
    detector (stood in here, reading one code from the fake camera) a scan needs no typing."""
    origin, app = site
    NOW["value"] = SATURDAY_VISIT
    plain = signed_in(browser, origin, "gerbang", PHONE, SATURDAY_VISIT)
    plain.goto(origin + "/kunjungan/taman-buah/gerbang")
    expect(plain.locator("#camera")).to_be_hidden()

    with app.app_context(), tenant_context(tenant_registry().by_slug("deliserdang")):
        place = places.place_by_key("taman-buah")
        [slot] = [s for s in slots.slots_on(place.id, SATURDAY_VISIT.date()) if clock.local(s.starts_at).hour == 10]
        adult = places.ticket_types(place.id)[0]
        sold = booking.book(booking.Order(slot.id, {adult.id: 1}, "Pak Ginting"), "c" * 32, walk_in=True,
                            paid_method="qris")
        code = tickets.qr_text(sold.tickets[0])
        tenant_db.session.commit()
    context = browser.new_context(viewport=PHONE, permissions=["camera"])
    context.clock.set_fixed_time(SATURDAY_VISIT)
    context.add_init_script(
        "window.BarcodeDetector = class { detect() { return Promise.resolve([{rawValue: " + json.dumps(code) + "}]); } };"
        "navigator.mediaDevices.getUserMedia = () => { const c = document.createElement('canvas');"
        " c.getContext('2d').fillRect(0, 0, 10, 10); return Promise.resolve(c.captureStream()); };")
    page = context.new_page()
    page.goto(origin + "/masuk")
    page.fill("#identifier", "gerbang@deliserdang.example.id")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(origin + "/kunjungan/taman-buah/gerbang")
    expect(page.locator("#camera")).to_be_visible()
    page.click("#camera-toggle")
    expect(page.locator("#result .gate-message")).to_have_text("Silakan masuk")
    expect(page.locator("#camera-toggle")).to_have_text("Matikan kamera")
    shot(page, "gerbang-kamera")
    page.click("#camera-toggle")
    expect(page.locator("#camera-view")).to_be_hidden()
