"""At phone width in a real Chromium: a village operator records a survey with a photo, Diskominfo
verifies it, and the public map of Binjai turns that desa green. Screenshots in tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pyotp
import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.modules.desa_terhubung.services.maps import COLOURS
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from kiblat.tenants.registry import tenant_registry
from tests.files import real_png
from tests.identity.helpers import enrol_two_factor
from tests.live_server import ARTIFACTS, needs_chromium, serving

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
PASSWORD = "kata-sandi-uji-123"
SECRETS: dict[str, str] = {}
PLACE: dict[str, str] = {}

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("desa-terhubung-browser"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.75", slug="binjai", modules=["desa_terhubung"])
        with tenant_context(tenant_registry().by_slug("binjai")):
            desa = tenant_db.session.scalar(select(Desa).order_by(Desa.code).limit(1))
            PLACE.update(code=desa.code, name=desa.name)
            for who, role in (("operator", "operator_desa_terhubung"), ("diskominfo", "diskominfo")):
                user = create_user(name=f"{who.title()} Binjai", role=role, email=f"{who}@binjai.example.id",
                                   password=PASSWORD, desa_code=desa.code if who == "operator" else None)
                SECRETS[who] = enrol_two_factor(user)
            tenant_db.session.commit()
    with serving(app) as port:
        yield f"http://binjai.localhost:{port}"


def page_for(browser: Browser, viewport: dict) -> Page:
    page = browser.new_context(viewport=viewport).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


def signed_in(browser: Browser, origin: str, who: str) -> Page:
    page = page_for(browser, PHONE)
    page.goto(origin + "/masuk")
    page.fill("#identifier", f"{who}@binjai.example.id")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/masuk/kode**")
    page.fill("#code", pyotp.TOTP(SECRETS[who]).now())
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"desa-terhubung-{name}.png"), full_page=True)


def fill_of(page: Page, code: str) -> str | None:
    return page.get_attribute(f'svg.desa-map path[data-code="{code}"]', "fill")


def test_operator_survey_verified_turns_the_desa_green(browser: Browser, origin: str, tmp_path) -> None:  # noqa: ANN001
    public = page_for(browser, PHONE)
    public.goto(origin + "/desa-terhubung/")
    assert fill_of(public, PLACE["code"]) == COLOURS["unknown"]

    photo = tmp_path / "uji-sinyal.png"
    photo.write_bytes(real_png((320, 240)))
    operator = signed_in(browser, origin, "operator")
    operator.goto(origin + "/desa-terhubung/survei")
    operator.select_option("select[name=tech_telkomsel]", "4g")
    operator.select_option("select[name=strength_telkomsel]", "very_strong")
    operator.select_option("select[name=tech_xl]", "3g")
    operator.select_option("select[name=strength_xl]", "weak")
    operator.fill("input[name=download]", "23,4")
    operator.fill("input[name=upload]", "7")
    operator.fill("input[name=latitude]", "3,6001")
    operator.fill("input[name=longitude]", "98,4852")
    operator.fill("input[name=public_access]", "Wi-Fi kantor lurah")
    operator.set_input_files("input[name=photo]", str(photo))
    operator.fill("textarea[name=notes]", "Uji di depan kantor lurah, siang hari.")
    shot(operator, "1-operator-survei")
    operator.click("text=Simpan survei")
    operator.wait_for_url("**/desa-terhubung/survei/*")
    assert "Menunggu verifikasi" in operator.inner_text("main")
    assert operator.evaluate("document.querySelector('img.survey-photo').naturalWidth") == 320
    shot(operator, "2-operator-tersimpan")

    diskominfo = signed_in(browser, origin, "diskominfo")
    diskominfo.goto(origin + "/desa-terhubung/verifikasi")
    assert PLACE["name"] in diskominfo.inner_text("main")
    shot(diskominfo, "3-diskominfo-antrian")
    diskominfo.click("main button:has-text('Verifikasi')")
    diskominfo.wait_for_load_state()
    assert "diverifikasi" in diskominfo.inner_text(".flashes")

    public.goto(origin + "/desa-terhubung/")
    assert fill_of(public, PLACE["code"]) == COLOURS["connected"]
    assert "1 dari" in public.inner_text("main .lead")
    width = public.evaluate("document.querySelector('svg.desa-map').getBoundingClientRect().width")
    assert 300 < width <= 390  # the map fits the phone's width
    assert public.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the side
    shot(public, "4-publik-peta-ponsel")
    public.click(f'svg.desa-map a:has(path[data-code="{PLACE["code"]}"])')
    public.wait_for_url(f"**/desa-terhubung/desa/{PLACE['code']}")
    assert "Terhubung 4G" in public.inner_text("main") and "23,4 Mbps" in public.inner_text("main")
    shot(public, "5-publik-desa")

    desktop = page_for(browser, DESKTOP)
    desktop.goto(origin + "/desa-terhubung/")
    shot(desktop, "6-publik-peta-desktop")
    assert not (public.errors or operator.errors or diskominfo.errors)  # type: ignore[attr-defined]
