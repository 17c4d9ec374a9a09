"""Dates on Sri Deli's pages are written for people (``2 Des 2026``) in the regency's time zone,
never ``2026-12-02``; attributes and machine-readable outputs may keep ISO dates."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from kiblat.modules.sri_deli.services.submit import submit
from kiblat.platform.identity.models import User
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, sign_in
from tests.modules.sri_deli.helpers import (
    ALL_STAFF_ROLES,
    PDF,
    PNG,
    applicant,
    opd,
    staff_catalogue,
)

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# 23:30 UTC on 1 December is already 2 December in Medan (WIB, UTC+7).
LATE_EVENING_UTC = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)


class _Text(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(parser.parts)


@pytest.fixture
def tenant(app, make_tenant):
    made = make_tenant(modules=("sri_deli",))
    staff_catalogue(app, made)
    return made


def test_visible_text_ignores_attributes():
    assert visible_text('<time datetime="2026-12-02">2 Des 2026</time><script>x="2026-12-02"</script>') \
        .strip() == "2 Des 2026"


def test_pages_show_dates_in_words_in_the_regency_time_zone(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    citizen_id = add_user(app, tenant, "citizen", email=f"warga.{tenant.slug}@example.id")
    with app.test_request_context(base_url=base), tenant_context(tenant):
        files = {"ktp": ("ktp.pdf", PDF), "surat_pengantar": ("pengantar.pdf", PDF), "proposal": ("proposal.png", PNG)}
        result = submit("penelitian", applicant(), {"judul": "Ketahanan pangan desa", "lokasi": "Lubuk Pakam",
                        "mulai": "2026-12-07", "selesai": "2027-02-01"}, files, secrets.token_urlsafe(24),
                        user=tenant_db.session.get(User, citizen_id), now=LATE_EVENING_UTC)
        application_id, number, code = result.application.id, result.application.number, result.tracking_code
        opd_id = opd(result.application.opd_short_name).id
    sign_in(client, tenant, f"warga.{tenant.slug}@example.id")
    pages = {path: client.get(path, base_url=base) for path in ("/perizinan/saya", f"/perizinan/saya/{application_id}")}
    pages["lacak"] = client.get("/perizinan/lacak", base_url=base, query_string={"nomor": number, "kode": code})
    track = visible_text(pages["lacak"].get_data(as_text=True))
    assert "2 Des 2026, 06.30" in track or "2 Des 2026, 06:30" in track, track
    assert "Batas waktu" in visible_text(pages[f"/perizinan/saya/{application_id}"].get_data(as_text=True))

    officer_client = app.test_client()
    add_user(app, tenant, "admin", email=f"admin.{tenant.slug}@example.id", opd_id=opd_id, extra_roles=ALL_STAFF_ROLES)
    sign_in(officer_client, tenant, f"admin.{tenant.slug}@example.id")
    for path in ("/perizinan/petugas?semua=1", f"/perizinan/petugas/{application_id}", "/perizinan/kelola/libur?tahun=2026"):
        pages[path] = officer_client.get(path, base_url=base)

    for path, response in pages.items():
        assert response.status_code == 200, path
        text = visible_text(response.get_data(as_text=True))
        assert not ISO_DATE.findall(text), (path, ISO_DATE.findall(text))
