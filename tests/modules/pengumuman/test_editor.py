"""Humas writes announcements in the browser: drafts stay private, a scheduled one appears at its
time, publishing and withdrawing reach the pages and the feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from kiblat.modules.pengumuman.models import Announcement
from kiblat.modules.pengumuman.services import editor
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import add_user, sign_in


def _humas(app, tenant):  # noqa: ANN001, ANN202
    add_user(app, tenant, role="humas", email=f"humas@{tenant.slug}.example.id")
    client = app.test_client()
    assert sign_in(client, tenant, f"humas@{tenant.slug}.example.id").status_code == 302
    return client


def _id(app, tenant, title):  # noqa: ANN001, ANN202
    with app.app_context(), tenant_context(tenant):
        return tenant_db.session.scalar(select(Announcement.id).where(Announcement.title == title))


def test_only_humas_and_admin_reach_the_editor(app, make_tenant):
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    add_user(app, tenant, email="warga@contoh.id")
    citizen = app.test_client()
    sign_in(citizen, tenant, "warga@contoh.id")
    assert citizen.get("/pengumuman/kelola", base_url=host).status_code == 403
    assert app.test_client().get("/pengumuman/kelola", base_url=host).status_code == 302  # to sign-in
    humas = _humas(app, tenant)
    assert humas.get("/pengumuman/kelola", base_url=host).status_code == 200
    assert humas.post("/pengumuman/kelola/baru", base_url=host, data={"title": "x"}).status_code == 400


def test_draft_publish_withdraw(app, make_tenant):
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    humas = _humas(app, tenant)
    public = app.test_client()
    form = {"title": "Jadwal vaksinasi", "category": "kesehatan", "body": "Paragraf satu.\n\nParagraf dua."}

    preview = post_form(humas, tenant, "/pengumuman/kelola/baru", {**form, "publish_at": "", "preview": "1"})
    assert preview.status_code == 200 and "Pratinjau — belum disimpan" in preview.text
    assert "<p>Paragraf dua.</p>" in preview.text and _id(app, tenant, "Jadwal vaksinasi") is None

    assert post_form(humas, tenant, "/pengumuman/kelola/baru", {**form, "draft": "1"}).status_code == 302
    item = _id(app, tenant, "Jadwal vaksinasi")
    assert "Jadwal vaksinasi" not in public.get("/pengumuman/", base_url=host).text
    assert public.get(f"/pengumuman/{item}", base_url=host).status_code == 404
    assert "draf" in humas.get("/pengumuman/kelola", base_url=host).text

    assert post_form(humas, tenant, f"/pengumuman/kelola/{item}", {**form, "publish": "1"}).status_code == 302
    assert "Jadwal vaksinasi" in public.get("/pengumuman/", base_url=host).text
    assert "Jadwal vaksinasi" in public.get("/pengumuman/rss.xml", base_url=host).text

    page = f"/pengumuman/kelola/{item}"
    assert post_form(humas, tenant, f"{page}/tarik", {}, page=page).status_code == 302
    assert "Jadwal vaksinasi" not in public.get("/pengumuman/rss.xml", base_url=host).text
    with app.app_context(), tenant_context(tenant):
        actions = list(tenant_db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-3:] == ["pengumuman.create", "pengumuman.update", "pengumuman.withdraw"]


def test_scheduled_announcement_appears_at_its_time(app, make_tenant):
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    humas = _humas(app, tenant)
    # The form takes the regency's local time (WIB for this regency).
    local = (datetime.now(UTC) + timedelta(days=2)).astimezone(__import__("zoneinfo").ZoneInfo(tenant.time_zone))
    response = post_form(humas, tenant, "/pengumuman/kelola/baru", {
        "title": "Pemadaman listrik terjadwal", "category": "umum", "body": "Di Kecamatan Percut.",
        "publish_at": local.strftime("%Y-%m-%dT%H:%M"), "publish": "1"})
    assert response.status_code == 302
    item = _id(app, tenant, "Pemadaman listrik terjadwal")
    assert app.test_client().get(f"/pengumuman/{item}", base_url=host).status_code == 404
    with app.app_context(), tenant_context(tenant):
        announcement = tenant_db.session.get(Announcement, item)
        assert editor.state(announcement) == editor.SCHEDULED
        assert abs(as_utc(announcement.published_at) - local) < timedelta(minutes=1)
        # Two days later it is public, without anyone touching it.
        assert editor.state(announcement, now=datetime.now(UTC) + timedelta(days=3)) == editor.PUBLISHED
    assert "terjadwal" in humas.get("/pengumuman/kelola", base_url=host).text


def test_bad_input_keeps_what_was_typed(app, make_tenant):
    tenant = make_tenant()
    humas = _humas(app, tenant)
    empty = post_form(humas, tenant, "/pengumuman/kelola/baru", {"title": "Judul saja", "category": "umum",
                                                                  "body": " ", "publish": "1"})
    assert empty.status_code == 422 and "Isi pengumuman wajib diisi." in empty.text
    assert 'value="Judul saja"' in empty.text
    bad_time = post_form(humas, tenant, "/pengumuman/kelola/baru", {
        "title": "Judul", "category": "umum", "body": "Isi", "publish_at": "besok pagi", "publish": "1"})
    assert bad_time.status_code == 422 and "Waktu terbit tidak valid" in bad_time.text
    bad_category = post_form(humas, tenant, "/pengumuman/kelola/baru", {
        "title": "Judul", "category": "rahasia", "body": "Isi", "publish": "1"})
    assert bad_category.status_code == 422 and "Pilih kategori" in bad_category.text
