"""Nothing needs sideways scrolling on a 360 px phone: a regency with every module and sample data
of every kind, each role signed in, every main page its navigation reaches (links followed from
its landing page, bounded) opened in Chromium at 360×740; a page fails when the document is wider
than the screen, and the failure names the widest elements that stick out (those not inside a
container that scrolls on its own)."""

from __future__ import annotations

import html as html_lib
import time
from collections import deque
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.staff.accounts import create_staff, enable_totp, totp_secret
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import PASSWORD, csrf_token, sign_in
from tests.identity.probe_seed import seed_every_kind
from tests.live_server import needs_chromium, serving, shot
from tests.site.test_raw_code_walker import HREF, MARK, SKIPPED

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]
PHONE = {"width": 360, "height": 740}
SLUG = "deliserdang"
# The people the issue names (citizen, officer, village operator, admin, treasurer) and the module
# officers whose queues are tables: each walks what no earlier role already showed.
ROLES = ("citizen", "officer", "village_operator", "admin", "bendahara_penerimaan", "petugas_loket",
         "petugas_bank_sampah", "pengelola_taman_buah")
PAGES_PER_ROLE = 16
# Pages once too wide, kept as pictures for a person to look at.
SCREENSHOTS = {"/staff/konsol/migrasi", "/staff/konsol/grafik", "/perizinan/petugas", "/perizinan/lacak"}
# The elements that reach past the right edge, outermost first, leaving out those inside an
# ancestor that clips or scrolls (a table in its own scrolling box does not widen the page).
STICKING_OUT = """() => {
  const limit = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right <= limit + 0.5 || box.width === 0 || clipped(el)) continue;
    if (el.parentElement && out.some((o) => o.node === el.parentElement)) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    out.push({node: el, text: `${name} right=${Math.round(box.right)} width=${Math.round(box.width)} ` +
      `"${(el.innerText || '').trim().slice(0, 40).replace(/\\s+/g, ' ')}"`});
  }
  return out.slice(0, 4).map((o) => o.text);
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, int, dict]]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("phone-width"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.07", slug=SLUG, modules=[m.key for m in app.extensions["kiblat_modules"]])
    secrets = seed_every_kind(app, tenant_registry_in(app), MARK, "p")
    with serving(app) as port:
        yield app, port, secrets


def tenant_registry_in(app: Flask):  # noqa: ANN201
    with app.app_context():
        return tenant_registry().by_slug(SLUG)


def _pages(client: FlaskClient, host: str, start: list[str], seen: set[str], console: bool = False) -> list[str]:
    """The HTML pages reachable from ``start`` (same host, GET), at most PAGES_PER_ROLE new ones;
    in the staff console, only its own pages (the walkers' rule skips /staff/ on a regency)."""
    pages, queue = [], deque(start)
    while queue and len(pages) < PAGES_PER_ROLE:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, base_url=host)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        pages.append(path)
        for href in HREF.findall(response.get_data(as_text=True)):
            link = urlsplit(urljoin(host + path, html_lib.unescape(href)))
            target = link.path + (f"?{link.query}" if link.query else "")
            skipped = (not link.path.startswith("/staff/konsol") or link.path.endswith("/keluar")
                       or SKIPPED.search(link.path.removeprefix("/staff"))) if console else SKIPPED.search(link.path)
            if link.netloc == urlsplit(host).netloc and not skipped and target not in seen:
                queue.append(target)
    return pages


def _measure(browser: Browser, client: FlaskClient, origin: str, who: str, pages: list[str]) -> dict[str, list[str]]:
    """Open ``pages`` at 360 px with the session ``client`` signed in with; the ones too wide."""
    too_wide = {}
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": c.key, "value": c.value, "domain": c.domain, "path": c.path or "/"}
                         for c in client._cookies.values()])
    page = context.new_page()
    for path in pages:
        page.goto(origin + path, wait_until="load")
        name = f"360-{who}-{path.strip('/').replace('/', '-') or 'beranda'}"
        if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
            too_wide[f"{who} {path}"] = page.evaluate(STICKING_OUT)
            shot(page, name)
        elif path in SCREENSHOTS:
            shot(page, name)
    context.close()
    return too_wide


def test_no_page_a_role_reaches_scrolls_sideways_at_360px(served, browser: Browser) -> None:
    app, port, secrets = served
    started = time.monotonic()
    tenant = tenant_registry_in(app)
    host, origin = f"http://{tenant.primary_host}", f"http://{tenant.primary_host}:{port}"
    too_wide: dict[str, list[str]] = {}
    seen: set[str] = set()
    walked = 0
    for role in (None, *ROLES):
        client = app.test_client()
        start = ["/"]
        if role is not None:
            response = sign_in(client, tenant, secrets["users"][role])
            assert response.status_code == 302, role
            start = [urlsplit(response.headers["Location"]).path or "/", "/", "/akun"]
        pages = _pages(client, host, start, {p for p in seen if p not in start})
        seen.update(pages)
        walked += len(pages)
        too_wide.update(_measure(browser, client, origin, role or "anonymous", pages))
    assert not too_wide, "\n".join(f"{page}: {'; '.join(els)}" for page, els in sorted(too_wide.items()))
    print(f"{walked} pages at 360 px in {time.monotonic() - started:.1f} s")  # noqa: T201


def test_no_staff_console_page_scrolls_sideways_at_360px(served, browser: Browser) -> None:
    app, port, _secrets = served
    host = "http://localhost"
    with app.app_context():
        staff = create_staff(email="konsol@deliserdangkab.go.id", name="Rina Diskominfo", password=PASSWORD)
        db.session.commit()
        secret = totp_secret(staff)
        assert enable_totp(staff, pyotp.TOTP(secret).now())
        staff.totp_last_step = None  # the sign-in below may fall in the same 30 s step
        db.session.commit()
    client = app.test_client()
    page = client.get("/staff/masuk", base_url=host).get_data(as_text=True)
    client.post("/staff/masuk", base_url=host, data={"email": "konsol@deliserdangkab.go.id", "password": PASSWORD,
                                                     "csrf_token": csrf_token(page)})
    page = client.get("/staff/verifikasi", base_url=host).get_data(as_text=True)
    response = client.post("/staff/verifikasi", base_url=host,
                           data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    pages = _pages(client, host, ["/staff/konsol/"], set(), console=True)
    assert "/staff/konsol/" in pages
    too_wide = _measure(browser, client, f"{host}:{port}", "staff", pages)
    assert not too_wide, "\n".join(f"{page}: {'; '.join(els)}" for page, els in sorted(too_wide.items()))


def _signed_in_page(app: Flask, browser: Browser, role: str, secrets: dict, viewport: dict):  # noqa: ANN202
    tenant = tenant_registry_in(app)
    client = app.test_client()
    assert sign_in(client, tenant, secrets["users"][role]).status_code == 302
    context = browser.new_context(viewport=viewport)
    context.add_cookies([{"name": c.key, "value": c.value, "domain": c.domain, "path": c.path or "/"}
                         for c in client._cookies.values()])
    return context.new_page()


def test_audit_log_rows_stay_compact_on_a_phone(served, browser: Browser) -> None:
    app, port, secrets = served
    origin = f"http://{tenant_registry_in(app).primary_host}:{port}"
    page = _signed_in_page(app, browser, "admin", secrets, {"width": 390, "height": 844})
    page.goto(origin + "/admin/audit", wait_until="load")
    heights = page.evaluate("Array.from(document.querySelectorAll('table.audit-log tbody tr'))"
                            ".map((row) => row.getBoundingClientRect().height)")
    shot(page, "390-admin-audit")
    # One line a row (about 29 px) but for long details; stacked in narrow columns a row was 74 px.
    assert heights and sorted(heights)[len(heights) // 2] <= 40, heights
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()


def test_bank_sampah_report_tables_scroll_in_their_own_box(served, browser: Browser) -> None:
    app, port, secrets = served
    origin = f"http://{tenant_registry_in(app).primary_host}:{port}"
    page = _signed_in_page(app, browser, "petugas_bank_sampah", secrets, PHONE)
    page.goto(origin + "/jumpa-madu/laporan", wait_until="load")
    shot(page, "360-jumpa-madu-laporan")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator(".table-scroll table").count() == 3
    page.close()
