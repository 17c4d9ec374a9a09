"""Pages are in Bahasa Indonesia by default and in English once the visitor picks it;
the English catalog translates every message the code and templates use."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import gettext

from kiblat.modules.pengumuman import api as pengumuman
from kiblat.platform.web.i18n import LANGUAGE_COOKIE, TRANSLATIONS_DIR
from kiblat.tenants.context import TenantInfo, tenant_context
from tests.conftest import get

REPO_ROOT = Path(__file__).resolve().parents[2]
PO_FILE = TRANSLATIONS_DIR / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER_RE = re.compile(r"%\((\w+)\)s")
# Build output and runtime data hold copies of templates, not sources of messages.
NOT_SOURCE_DIRS = {"build", "dist", "instance", "node_modules"}


def read_catalog(path: Path = PO_FILE) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale="en")


def compile_catalogs() -> None:
    """Compile each ``messages.po`` whose ``.mo`` is missing or older (``make`` does the same).

    Runs when this module is imported, before any test renders a page: Flask-Babel caches
    a locale's translations for the whole process on first use.
    """
    for po_path in TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalog = read_catalog(po_path)
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog)


compile_catalogs()


def _is_source_dir(path: str) -> bool:
    name = Path(path).name
    return not name.startswith((".", "_")) and name not in NOT_SOURCE_DIRS


def extract_msgids() -> set[str]:
    """What ``pybabel extract -F babel.cfg -k _l`` finds in the source tree right now."""
    with (REPO_ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(REPO_ROOT), method_map, options_map, keywords=keywords, directory_filter=_is_source_dir
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def choose_english(client: FlaskClient, host: str, next_path: str) -> None:
    response = get(client, host, f"/bahasa/en?next={next_path}")
    assert response.status_code == 302
    assert response.headers["Location"] == next_path
    assert f"{LANGUAGE_COOKIE}=en" in response.headers["Set-Cookie"]
    # The browser sends the cookie back to the same host only.
    client.set_cookie(LANGUAGE_COOKIE, "en", domain=host)


# Pages -------------------------------------------------------------------------------
def test_tenant_pages_are_indonesian_by_default(
    app: Flask, make_tenant: Callable[..., TenantInfo]
) -> None:
    tenant = make_tenant()
    client = app.test_client()
    home = get(client, tenant.primary_host, "/").get_data(as_text=True)
    assert '<html lang="id">' in home
    assert f"Selamat datang di layanan digital {tenant.official_name}" in home
    assert ">Beranda<" in home
    assert "Layanan digital di platform Kiblat" in home
    assert "Welcome" not in home

    listing = get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    assert "Belum ada pengumuman." in listing


def test_tenant_pages_are_english_after_choosing_english(
    app: Flask, make_tenant: Callable[..., TenantInfo]
) -> None:
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        announcement_id = pengumuman.publish("Jadwal vaksinasi", "Di puskesmas terdekat.").id
    client = app.test_client()
    choose_english(client, tenant.primary_host, "/")

    home = get(client, tenant.primary_host, "/").get_data(as_text=True)
    assert '<html lang="en">' in home
    assert f"Welcome to the digital services of {tenant.official_name}" in home
    assert ">Home<" in home
    assert 'aria-label="Main menu"' in home
    assert "Digital services on the Kiblat platform" in home
    assert "Selamat datang" not in home
    assert ">Beranda<" not in home

    detail = get(client, tenant.primary_host, f"/pengumuman/{announcement_id}").get_data(as_text=True)
    assert "All announcements" in detail
    # Content stays as the regency wrote it; only the interface is translated.
    assert "Jadwal vaksinasi" in detail

    missing = get(client, tenant.primary_host, "/tidak-ada")
    assert missing.status_code == 404
    assert "Page not found" in missing.get_data(as_text=True)

    response = get(client, tenant.primary_host, "/bahasa/id?next=/")
    assert response.status_code == 302
    client.set_cookie(LANGUAGE_COOKIE, "id", domain=tenant.primary_host)
    assert "Selamat datang di layanan digital" in get(client, tenant.primary_host, "/").get_data(as_text=True)


def test_language_cookie_is_not_shared_with_other_tenants(
    app: Flask, make_tenant: Callable[..., TenantInfo]
) -> None:
    english, other = make_tenant(), make_tenant()
    client = app.test_client()
    choose_english(client, english.primary_host, "/")
    assert "Welcome to the digital" in get(client, english.primary_host, "/").get_data(as_text=True)
    assert "Selamat datang" in get(client, other.primary_host, "/").get_data(as_text=True)


# Catalog -----------------------------------------------------------------------------
def test_every_message_in_the_english_catalog_is_translated() -> None:
    catalog = read_catalog()
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"translate these in {PO_FILE.name}: {untranslated}"
    assert not fuzzy, f"review and un-fuzzy these in {PO_FILE.name}: {fuzzy}"


def test_translations_keep_the_placeholders_of_their_source() -> None:
    wrong = [
        m.id
        for m in read_catalog()
        if m.id and sorted(PLACEHOLDER_RE.findall(m.id)) != sorted(PLACEHOLDER_RE.findall(m.string))
    ]
    assert not wrong, f"placeholders differ between source and translation: {wrong}"


def test_english_catalog_covers_every_message_in_the_source() -> None:
    in_catalog = {m.id for m in read_catalog() if m.id}
    missing = sorted(extract_msgids() - in_catalog)
    assert not missing, (
        "new messages are not in the English catalog; run `make extract-messages` and "
        f"translate them in {PO_FILE.relative_to(REPO_ROOT)}: {missing}"
    )


def test_flask_babel_finds_the_compiled_english_catalog(app: Flask) -> None:
    with app.test_request_context(headers={"Cookie": f"{LANGUAGE_COOKIE}=en"}):
        assert gettext("Beranda") == "Home"
        assert gettext("Halaman %(page)s dari %(pages)s", page=2, pages=5) == "Page 2 of 5"


def test_catalog_defines_each_message_once() -> None:
    # Babel keeps the last of two definitions silently; gettext's msgfmt refuses the file.
    ids = re.findall(r'(?m)^(?:msgctxt "((?:[^"\\]|\\.)*)"\n)?msgid "((?:[^"\\]|\\.)*)"\n(?!")',
                     PO_FILE.read_text(encoding="utf-8"))
    seen: set[tuple[str, str]] = set()
    repeated = sorted({key for key in ids if key in seen or seen.add(key)})
    assert not repeated, f"defined more than once in {PO_FILE.name}: {repeated}"
