"""A Binjai citizen asks for a pickup, a collector weighs it on a phone, the citizen sees the
money and withdraws it, the officer pays: all in a real Chromium. Screenshots in tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pyotp
import pytest
from playwright.sync_api import Browser, Page

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.roles import roles_requiring_two_factor
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import enrol_two_factor
from tests.live_server import ARTIFACTS, needs_chromium, serving

PHONE, DESKTOP = {"width": 375, "height": 740}, {"width": 1280, "height": 900}
PASSWORD = "kata-sandi-uji-123"
SECRETS: dict[str, str] = {}
PEOPLE = {"warga": "citizen", "petugas": "petugas_bank_sampah", "penjemput": "pengumpul_sampah"}

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              needs_chromium]


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("jumpa-madu-browser"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.75", slug="binjai", modules=["jumpa_madu"])
        with tenant_context(tenant_registry().by_slug("binjai")):
            for name, role in PEOPLE.items():
                user = create_user(name=f"{name.title()} Binjai", role=role, email=f"{name}@binjai.example.id",
                                   password=PASSWORD)
                if role in roles_requiring_two_factor(tenant_registry().by_slug("binjai")):
                    SECRETS[name] = enrol_two_factor(user)
            tenant_db.session.commit()
    with serving(app) as port:
        yield f"http://binjai.localhost:{port}"


def signed_in(browser: Browser, origin: str, who: str, viewport: dict) -> Page:
    page = browser.new_context(viewport=viewport).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    page.goto(origin + "/masuk")
    page.fill("#identifier", f"{who}@binjai.example.id")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if who in SECRETS:  # the waste-bank officer signs in with a second factor
        page.wait_for_url("**/masuk/kode**")
        page.fill("#code", pyotp.TOTP(SECRETS[who]).now())
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    return page


def arrive(page: Page, pattern: str) -> None:
    """Wait for the page ``pattern``; on failure show what the person saw instead."""
    try:
        page.wait_for_url(pattern, timeout=10_000)
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(f"{page.url}: {page.inner_text('main')[:800]}") from exc


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"jumpa-madu-{name}.png"), full_page=True)


def test_pickup_weighing_balance_and_paid_withdrawal(browser: Browser, origin: str) -> None:
    citizen = signed_in(browser, origin, "warga", PHONE)
    citizen.goto(origin + "/jumpa-madu/daftar")
    citizen.fill("input[name=phone]", "0812-6123-4567")
    citizen.fill("input[name=address]", "Jl. Jenderal Sudirman No. 12")
    citizen.click("text=Buka buku tabungan")
    arrive(citizen, "**/jumpa-madu/tabungan")
    citizen.click("text=Minta penjemputan")
    citizen.fill("input[name=kg_kardus]", "5")
    citizen.fill("input[name=kg_kaleng]", "1")
    shot(citizen, "1-warga-minta-jemput")
    citizen.click("text=Kirim permintaan")
    arrive(citizen, "**/jumpa-madu/tabungan")
    assert "Diajukan" in citizen.inner_text("body")

    officer = signed_in(browser, origin, "petugas", DESKTOP)
    officer.goto(origin + "/jumpa-madu/kelola")
    officer.click("text=Jadwalkan")
    officer.click("text=Tugaskan")
    assert "ditugaskan" in officer.inner_text(".flashes")
    shot(officer, "2-petugas-kelola")

    collector = signed_in(browser, origin, "penjemput", PHONE)
    collector.goto(origin + "/jumpa-madu/rute")
    shot(collector, "3-penjemput-rute")
    collector.click("text=Timbang")
    collector.fill("input[name=kg_kardus]", "6")
    collector.fill("input[name=kg_kaleng]", "1,25")
    collector.click("text=Simpan timbangan")
    arrive(collector, "**/jumpa-madu/setoran/*")
    assert collector.inner_text("#receipt-total") == "Rp27.000"
    assert collector.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1  # no sideways scroll
    shot(collector, "4-penjemput-tanda-terima")

    citizen.goto(origin + "/jumpa-madu/tabungan")
    assert citizen.inner_text("#balance") == "Rp27.000"
    citizen.fill("input[name=amount]", "20000")
    citizen.click("text=Ajukan penarikan")
    assert citizen.inner_text("#balance") == "Rp7.000"

    officer.goto(origin + "/jumpa-madu/kelola")
    officer.click("text=Setujui")
    officer.select_option("select[name=method]", "transfer")
    officer.fill("input[name=reference]", "BRI-2026-0042")
    officer.click("text=Tandai dibayar")
    assert "dibayar" in officer.inner_text(".flashes")

    citizen.goto(origin + "/jumpa-madu/tabungan")
    body = citizen.inner_text("body")
    assert "Dibayar" in body and "BRI-2026-0042" in body
    assert citizen.inner_text("#balance") == "Rp7.000"
    assert citizen.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shot(citizen, "5-warga-saldo-dibayar")
    for page in (citizen, officer, collector):
        assert not page.errors, page.errors  # type: ignore[attr-defined]
