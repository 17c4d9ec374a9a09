"""A family books 4 tickets for Saturday 10:00 on a phone, pays at the counter and a gate
phone checks them in (one twice: refused with the first time shown); a second gate loses its
signal, keeps scanning from the day's list and uploads when the signal is back. Real Chromium;
screenshots in tests/artifacts/. The server's clock and the browsers' clocks are fixed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
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
from tests.live_server import ARTIFACTS, needs_chromium, serving

PHONE = {"width": 390, "height": 800}
PASSWORD = "kata-sandi-uji-123"
FRIDAY_MORNING = datetime(2031, 3, 7, 0, 0, tzinfo=UTC)    # Fri 07.00 WIB: the family books
SATURDAY_VISIT = datetime(2031, 3, 8, 3, 5, tzinfo=UTC)    # Sat 10.05 WIB: at the gate
NOW = {"value": FRIDAY_MORNING}

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW["value"])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("kunjungan-browser"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        # Taman Buah registers its place, ticket types and slots with Kunjungan when enabled.
        provision_tenant("12.07", slug="deliserdang", modules=["kunjungan", "taman_buah"])
        with tenant_context(tenant_registry().by_slug("deliserdang")):
            for who, role in (("warga", "citizen"), ("gerbang", "petugas_timbang")):
                create_user(name=f"{who.title()} Deli", role=role, email=f"{who}@deliserdang.example.id",
                            password=PASSWORD)
            tenant_db.session.commit()
    with serving(app) as port:
        yield f"http://deliserdang.localhost:{port}", app


def signed_in(browser: Browser, origin: str, who: str, at: datetime | None = None) -> Page:
    context = browser.new_context(viewport=PHONE)
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
    return page


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"kunjungan-{name}.png"), full_page=True)


def scan(page: Page, code: str) -> tuple[str, str]:
    page.fill("#code", code)
    page.click("#scan-form button[type=submit]")
    expect(page.locator("#code")).to_have_value("")
    return page.inner_text("#result .gate-message"), page.inner_text("#result .gate-details")


def qr_codes(app, booking_code: str) -> list[str]:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant_registry().by_slug("deliserdang")):
        return [tickets.qr_text(t) for t in booking.by_code(booking_code).tickets]


def test_family_books_pays_and_gets_in_also_offline(browser: Browser, site) -> None:  # noqa: ANN001
    origin, app = site
    NOW["value"] = FRIDAY_MORNING
    family = signed_in(browser, origin, "warga")
    family.goto(origin + "/kunjungan/taman-buah/pesan?tanggal=2031-03-08")
    family.check("input[name=slot] >> nth=1")  # 10.00–12.00
    family.fill("input[name^=n_] >> nth=0", "2")
    family.fill("input[name^=n_] >> nth=1", "2")
    shot(family, "1-pesan")
    family.click("main button[type=submit]")
    family.wait_for_url("**/kunjungan/pesanan/*")
    assert family.inner_text("#booking-total") == "Rp50.000"
    assert family.locator(".ticket svg").count() == 4
    assert family.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shot(family, "2-tiket")
    code = family.inner_text("#booking-code")

    NOW["value"] = SATURDAY_VISIT
    gate = signed_in(browser, origin, "gerbang", SATURDAY_VISIT)
    gate.goto(origin + f"/kunjungan/taman-buah/loket?kode={code}")
    gate.click("#found button[type=submit]")
    assert "Lunas" in gate.inner_text("#found")
    gate.goto(origin + "/kunjungan/taman-buah/gerbang")
    qr = qr_codes(app, code)
    for ticket in qr:
        assert scan(gate, ticket)[0] == "Silakan masuk"
    shot(gate, "3-gerbang-masuk")
    message, details = scan(gate, qr[0])
    assert message == "Tiket sudah dipakai" and "10.05" in details and "Gerbang 1" in details
    assert "gate-bad" in gate.get_attribute("#result", "class")
    shot(gate, "4-gerbang-ditolak")

    with app.app_context(), tenant_context(tenant_registry().by_slug("deliserdang")):
        place = places.place_by_key("taman-buah")
        [slot] = [s for s in slots.slots_on(place.id, SATURDAY_VISIT.date()) if clock.local(s.starts_at).hour == 10]
        adult = places.ticket_types(place.id)[0]
        walk_in = booking.book(booking.Order(slot.id, {adult.id: 1}, "Pak Tarigan"), "w" * 32, walk_in=True,
                               paid_method="cash").code
    south = signed_in(browser, origin, "gerbang", SATURDAY_VISIT)
    south.goto(origin + "/kunjungan/taman-buah/gerbang")
    south.fill("input[name=gate]", "Gerbang Selatan")
    expect(south.locator("#gate-status")).to_contain_text("5 tiket")
    south.context.set_offline(True)
    offline_ticket = qr_codes(app, walk_in)[0]
    message, details = scan(south, offline_ticket)
    assert message == "Silakan masuk" and "luring" in details
    message, details = scan(south, qr[1])
    assert message == "Tiket sudah dipakai" and "10.05 WIB di Gerbang 1" in details
    assert "1 pindaian menunggu" in south.inner_text("#gate-status") or "2 pindaian menunggu" in south.inner_text("#gate-status")
    shot(south, "5-gerbang-luring")
    south.context.set_offline(False)
    south.evaluate("window.dispatchEvent(new Event('online'))")
    expect(south.locator("#sync-status")).to_contain_text("2 pindaian luring terunggah")
    assert "kalah" not in south.inner_text("#sync-status")  # the refused scan let nobody in: no conflict
    shot(south, "6-gerbang-sinkron")
    with app.app_context(), tenant_context(tenant_registry().by_slug("deliserdang")):
        synced = booking.by_code(walk_in).tickets[0]
        assert synced.used_gate == "Gerbang Selatan"

    gate.goto(origin + "/taman-buah/timbang")
    gate.fill("input[name=booking_code]", code)
    gate.fill("input[name=kg_rambutan]", "2")
    gate.click("main button[type=submit]")
    gate.wait_for_url("**/taman-buah/penjualan/*")
    assert gate.inner_text("#receipt-total") == "Rp30.000"
    shot(gate, "7-timbang-rambutan")
    assert family.errors == gate.errors == south.errors == []
