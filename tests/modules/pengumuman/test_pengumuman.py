from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from kiblat.modules.pengumuman.services import announcements as services
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import tenant_context
from tests.conftest import get


@pytest.mark.parametrize(
    ("title", "body", "category", "message"),
    [
        ("", "isi", "umum", "Judul pengumuman wajib diisi"),
        ("   ", "isi", "umum", "Judul pengumuman wajib diisi"),
        ("x" * 201, "isi", "umum", "paling banyak 200"),
        ("Judul", "  ", "umum", "Isi pengumuman wajib diisi"),
        ("Judul", "isi", "gosip", "Kategori 'gosip' tidak dikenal"),
    ],
)
def test_publish_rejects_bad_input_and_stores_nothing(app_ctx, make_tenant, title, body, category, message):
    tenant = make_tenant()
    with tenant_context(tenant):
        with pytest.raises(services.AnnouncementError, match=message):
            services.publish(title, body, category)
        assert services.published_page(1, 10).total == 0


def test_list_is_newest_first_and_paginated_by_tenant_setting(app, client, make_tenant):
    tenant = make_tenant()
    now = datetime.now(UTC)
    with app.app_context():
        tenant_services.update_module_settings(tenant.slug, "pengumuman", {"items_per_page": 2})
        with tenant_context(tenant):
            for n in range(5):
                services.publish(f"Pengumuman {n}", "isi", published_at=now - timedelta(hours=5 - n))
    first = get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    assert first.index("Pengumuman 4") < first.index("Pengumuman 3")
    assert "Pengumuman 2" not in first and "Halaman 1 dari 3" in first
    last = get(client, tenant.primary_host, "/pengumuman/?halaman=3").get_data(as_text=True)
    assert "Pengumuman 0" in last and "Pengumuman 4" not in last
    # Out-of-range and junk page numbers fall back to a real page.
    assert get(client, tenant.primary_host, "/pengumuman/?halaman=99").status_code == 200
    assert get(client, tenant.primary_host, "/pengumuman/?halaman=abc").status_code == 200


def test_future_announcement_is_not_visible_yet(app, client, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        scheduled = services.publish("Besok", "isi", published_at=datetime.now(UTC) + timedelta(days=1))
        scheduled_id = scheduled.id
    assert get(client, tenant.primary_host, f"/pengumuman/{scheduled_id}").status_code == 404
    assert "Besok" not in get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)


def test_detail_escapes_html_and_keeps_paragraphs(app, client, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        item = services.publish("<b>Judul</b>", "Baris satu.\n\n<script>x()</script>", "darurat", "Humas")
        item_id = item.id
    page = get(client, tenant.primary_host, f"/pengumuman/{item_id}").get_data(as_text=True)
    assert "&lt;b&gt;Judul&lt;/b&gt;" in page and "<script>x()" not in page
    assert "<p>Baris satu.</p>" in page
    assert "Kebencanaan dan Darurat" in page and "Humas" in page


def test_rss_feed_is_valid_and_only_this_tenants(app, client, make_tenant):
    a, b = make_tenant(), make_tenant()
    with app.app_context():
        with tenant_context(a):
            services.publish("Berita A & kawan", "isi A")
        with tenant_context(b):
            services.publish("Berita B", "isi B")
    response = get(client, a.primary_host, "/pengumuman/rss.xml")
    assert response.mimetype == "application/rss+xml"
    channel = ET.fromstring(response.data).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Berita A & kawan"]
    link = channel.find("item").findtext("link")
    assert link.startswith(f"http://{a.primary_host}/pengumuman/")
    assert channel.find("item").findtext("pubDate").endswith("GMT")
