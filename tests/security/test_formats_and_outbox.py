"""API date-times carry their offset (RFC 3339), the RSS feed escapes text exactly once for
what each element holds, and the development outbox shows mail only to platform staff or
to the person it was sent to."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import datetime

from flask import Flask

from kiblat.modules.pengumuman import api as pengumuman
from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.mail.sender import queue_message
from kiblat.tenants.context import tenant_context
from tests.api.helpers import url
from tests.console.helpers import BASE, signed_in_staff
from tests.identity.helpers import add_user, sign_in

TITLE = "Rapat & Musyawarah <Desa> \"Kopi\" O'Neil"
BODY = "Isi & <b>bukan tebal</b> O'Neil.\n\nParagraf kedua."


def test_api_date_times_carry_their_offset(app: Flask, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        pengumuman.publish(TITLE, BODY)
    item = app.test_client().get("/api/v1/pengumuman", base_url=url(tenant)).get_json()["items"][0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", item["published_at"]), item["published_at"]
    assert datetime.fromisoformat(item["published_at"]).utcoffset() is not None


def test_rss_text_is_escaped_once_for_what_each_element_holds(app: Flask, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        pengumuman.publish(TITLE, BODY)
    feed = app.test_client().get("/pengumuman/rss.xml", base_url=url(tenant))
    item = ET.fromstring(feed.data).find("channel/item")
    assert item.findtext("title") == TITLE  # plain text
    # The description is HTML (RSS 2.0): the text is escaped for HTML, so "<b>" stays text.
    description = item.findtext("description")
    paragraphs = re.findall(r"<p>(.*?)</p>", description)
    assert [html.unescape(p) for p in paragraphs] == ["Isi & <b>bukan tebal</b> O'Neil.", "Paragraf kedua."]
    assert "<b>" not in description and "&amp;amp;" not in feed.get_data(as_text=True)


def _mail(app: Flask, slug: str, recipient: str, subject: str) -> None:
    with app.app_context():
        queue_message(recipient, subject, f"Tautan rahasia untuk {recipient}", tenant_slug=slug)
        db.session.commit()


def test_outbox_is_for_staff_or_the_addressee_only(app: Flask, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@kotak.example")
    _mail(app, tenant.slug, "warga@kotak.example", "Untuk warga")
    _mail(app, tenant.slug, "admin@kotak.example", "Untuk admin")
    anonymous = app.test_client()
    assert "/staff/masuk" in anonymous.get("/dev/outbox", base_url=BASE).headers["Location"]
    assert "/masuk" in anonymous.get("/dev/outbox", base_url=url(tenant)).headers["Location"]

    citizen = app.test_client()
    assert sign_in(citizen, tenant, "warga@kotak.example").status_code == 302
    own = citizen.get("/dev/outbox", base_url=url(tenant)).get_data(as_text=True)
    assert "Untuk warga" in own and "Untuk admin" not in own

    staff_page = signed_in_staff(app).get("/dev/outbox", base_url=BASE).get_data(as_text=True)
    assert "Untuk warga" in staff_page and "Untuk admin" in staff_page


def test_outbox_does_not_exist_in_production(app: Flask):
    environ = {**app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_ENV": "production", "KIBLAT_SECRET_KEY": "x" * 40}
    production = create_app(environ)
    try:
        assert production.test_client().get("/dev/outbox", base_url=BASE).status_code == 404
    finally:
        with production.app_context():
            db.engine.dispose()
            production.extensions["kiblat_tenant_engines"].dispose()
