"""Two regencies served by one running app, seen through a real Chromium.

The app runs on a loopback port with ``KIBLAT_BASE_DOMAIN=localhost``, so
``deliserdang.localhost`` and ``binjai.localhost`` are two tenants; Chromium resolves
every ``*.localhost`` name to loopback by itself. Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.modules.pengumuman import api as pengumuman
from kiblat.platform.core.app import create_app
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants import services
from kiblat.tenants.context import tenant_context
from kiblat.tenants.registry import tenant_registry
from tests.live_server import ARTIFACTS, needs_chromium, serving

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 860}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    needs_chromium,
]


@dataclass(frozen=True)
class Regency:
    code: str
    slug: str
    official_name: str
    primary_color: str
    accent_color: str
    tagline: str
    announcements: tuple[tuple[str, str, str], ...]

    @property
    def primary_rgb(self) -> str:
        red, green, blue = (int(self.primary_color[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgb({red}, {green}, {blue})"

    @property
    def titles(self) -> list[str]:
        return [title for title, _body, _category in self.announcements]


DELI_SERDANG = Regency(
    "12.07",
    "deliserdang",
    "Pemerintah Kabupaten Deli Serdang",
    "#0b6e4f",
    "#f2c200",
    "Melayani warga dari Pantai Labu sampai Sibolangit",
    (
        (
            "Perekaman KTP elektronik di Kecamatan Lubuk Pakam",
            "Perekaman dibuka setiap hari kerja pukul 08.00–14.00 WIB.\n\n"
            "Bawa kartu keluarga asli. Warga lansia dan penyandang disabilitas didahulukan.",
            "layanan",
        ),
        (
            "Jadwal posyandu balita bulan ini",
            "Penimbangan dan imunisasi dasar di seluruh posyandu desa.",
            "kesehatan",
        ),
    ),
)
BINJAI = Regency(
    "12.75",
    "binjai",
    "Pemerintah Kota Binjai",
    "#1d4e89",
    "#e76f51",
    "Kota Rambutan",
    (
        (
            "Gotong royong membersihkan bantaran Sungai Bingai",
            "Seluruh kelurahan diajak bergotong royong pada hari Minggu pagi.",
            "umum",
        ),
    ),
)
REGENCIES = (DELI_SERDANG, BINJAI)


@pytest.fixture(scope="module")
def base_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """The app on a free loopback port, with both regencies created, branded and posted to."""
    environ = {
        "KIBLAT_ENV": "test",
        "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("browser-instance")),
        "KIBLAT_BASE_DOMAIN": "localhost",
    }
    app = create_app(environ)
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        for regency in REGENCIES:
            provision_tenant(regency.code, slug=regency.slug, modules=["pengumuman"])
            services.update_branding(
                regency.slug,
                primary_color=regency.primary_color,
                accent_color=regency.accent_color,
                tagline=regency.tagline,
            )
            with tenant_context(tenant_registry().by_slug(regency.slug)):
                for title, body, category in regency.announcements:
                    pengumuman.publish(title, body, category, author_name="Diskominfo")

    with serving(app) as port:
        yield port


@pytest.fixture(scope="module", autouse=True)
def artifacts_folder() -> None:
    ARTIFACTS.mkdir(exist_ok=True)


class PageProblems:
    """Console errors (a CSP violation is one) and requests that leave the regency's host."""

    def __init__(self, page: Page, origin: str) -> None:
        self.origin = origin
        self.errors: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _request(self, request: Request) -> None:
        if not request.url.startswith(self.origin + "/"):
            self.foreign_requests.append(request.url)

    def assert_none(self) -> None:
        assert not self.errors, self.errors
        assert not self.foreign_requests, self.foreign_requests


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("regency", REGENCIES, ids=lambda r: r.slug)
def test_each_regency_shows_its_own_name_colour_and_announcements(
    browser: Browser, base_port: int, regency: Regency
) -> None:
    other = next(r for r in REGENCIES if r is not regency)
    origin = f"http://{regency.slug}.localhost:{base_port}"
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems = PageProblems(page, origin)
    try:
        response = page.goto(origin + "/")
        assert response is not None and response.status == 200
        header = page.locator(".site-header")
        assert header.locator(".official").inner_text() == regency.official_name
        assert header.locator(".tagline").inner_text() == regency.tagline
        assert header.evaluate("el => getComputedStyle(el).backgroundColor") == regency.primary_rgb
        body = page.locator("body").inner_text()
        assert f"Selamat datang di layanan digital {regency.official_name}" in body
        assert other.official_name not in body
        _shot(page, f"{regency.slug}-beranda")

        page.locator(".main-nav").get_by_role("link", name="Pengumuman").click()
        page.wait_for_url(origin + "/pengumuman/")
        assert page.locator("h1").inner_text() == "Pengumuman"
        listed = page.locator("article.item h2").all_inner_texts()
        assert sorted(listed) == sorted(regency.titles)
        assert not set(listed) & set(other.titles)
        _shot(page, f"{regency.slug}-pengumuman")

        page.get_by_role("link", name=regency.titles[0]).click()
        assert page.locator("h1").inner_text() == regency.titles[0]
        _shot(page, f"{regency.slug}-pengumuman-detail")

        # English, then back: the switch returns to the same page.
        page.locator(".lang").get_by_role("link", name="EN").click()
        page.wait_for_url(origin + "/pengumuman/*")
        page.get_by_role("link", name="All announcements").click()
        page.wait_for_url(origin + "/pengumuman/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").inner_text() == "Announcements"
        assert page.locator(".main-nav").get_by_role("link", name="Home").is_visible()
        _shot(page, f"{regency.slug}-pengumuman-en")

        page.locator(".lang").get_by_role("link", name="ID").click()
        page.wait_for_url(origin + "/pengumuman/")
        assert page.locator("html").get_attribute("lang") == "id"
        assert page.locator("h1").inner_text() == "Pengumuman"
        problems.assert_none()
    finally:
        context.close()


def test_language_choice_stays_with_one_regency(browser: Browser, base_port: int) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(f"http://deliserdang.localhost:{base_port}/bahasa/en?next=/")
        assert page.locator("h1").inner_text().startswith("Welcome to the digital services of")
        _shot(page, "deliserdang-beranda-en")
        # Host-only cookie: Binjai is still in Bahasa Indonesia for the same browser.
        page.goto(f"http://binjai.localhost:{base_port}/")
        assert page.locator("h1").inner_text().startswith("Selamat datang")
    finally:
        context.close()


@pytest.mark.parametrize("regency", REGENCIES, ids=lambda r: r.slug)
def test_phone_layout_fits_the_screen(
    browser: Browser, base_port: int, regency: Regency
) -> None:
    origin = f"http://{regency.slug}.localhost:{base_port}"
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems = PageProblems(page, origin)
    try:
        for path, name in (("/", "beranda"), ("/pengumuman/", "pengumuman")):
            page.goto(origin + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
            assert page.locator(".site-header .official").is_visible()
            _shot(page, f"{regency.slug}-{name}-ponsel")
        problems.assert_none()
    finally:
        context.close()
