"""The regency admin's branding page: readable colours, names, a checked logo, audited and
visible to citizens at once."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from kiblat.platform.admin import branding
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import add_user, csrf_token, sign_in

PAGE = "/admin/tampilan"
GOOD = {"official_name": "Pemerintah Kabupaten Uji", "short_name": "Uji", "tagline": "Melayani sepenuh hati",
        "head_title": "Bupati", "head_name": "Ir. Contoh", "primary_color": "#5a2d82", "accent_color": "#f2c200"}


def _admin(app, tenant):  # noqa: ANN001, ANN202
    add_user(app, tenant, role="admin", email=f"admin@{tenant.slug}.example.id")
    client = app.test_client()
    assert sign_in(client, tenant, f"admin@{tenant.slug}.example.id").status_code == 302
    return client


def _png(size: tuple[int, int] = (64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_contrast_follows_wcag():
    assert round(branding.contrast("#ffffff", "#000000"), 1) == 21.0
    assert round(branding.contrast("#ffffff", "#777777"), 2) == 4.48  # the classic just-too-light grey


def test_only_the_admin_changes_branding(app, make_tenant):
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    add_user(app, tenant, email="warga@contoh.id")
    citizen = app.test_client()
    sign_in(citizen, tenant, "warga@contoh.id")
    assert citizen.get(PAGE, base_url=host).status_code == 403
    assert app.test_client().get(PAGE, headers={"Host": "kiblat.test"}).status_code == 404
    assert _admin(app, tenant).post(PAGE, base_url=host, data=GOOD).status_code == 400  # no CSRF token


def test_admin_rebrands_and_citizens_see_it_at_once(app, make_tenant):
    tenant = make_tenant()
    admin = _admin(app, tenant)
    host = f"http://{tenant.primary_host}"
    preview = post_form(admin, tenant, PAGE, {**GOOD, "preview": "Pratinjau"})
    assert preview.status_code == 200 and "Pratinjau — belum disimpan" in preview.text
    assert "pratinjau.css?primary=%235a2d82" in preview.text
    with app.app_context():
        assert tenant_registry().by_slug(tenant.slug).branding.primary_color != "#5a2d82"  # not saved
    css = admin.get("/admin/tampilan/pratinjau.css?primary=%235a2d82&accent=%23f2c200", base_url=host)
    assert css.text == ".brand-preview{--primary:#5a2d82;--accent:#f2c200}"
    assert admin.get("/admin/tampilan/pratinjau.css?primary=red;}&accent=%23f2c200", base_url=host).status_code == 404

    assert post_form(admin, tenant, PAGE, {**GOOD, "save": "Simpan"}).status_code == 302
    home = app.test_client().get("/", base_url=host).text
    assert "Pemerintah Kabupaten Uji" in home and "Melayani sepenuh hati" in home and "Bupati Ir. Contoh" in home
    with app.app_context():
        fresh = tenant_registry().by_slug(tenant.slug)
    brand_css = app.test_client().get(f"/brand.css?v={fresh.branding.version}", base_url=host).text
    assert "--primary:#5a2d82" in brand_css
    with app.app_context(), tenant_context(tenant):
        actions = list(tenant_db.session.scalars(select(AuditEntry.action)))
    # provisioning's colours, then the admin's colours and texts, then the names
    assert actions.count("tenant.branding") == 3


def test_unreadable_colours_and_bad_logos_are_refused_and_nothing_is_lost(app, make_tenant):
    tenant = make_tenant()
    admin = _admin(app, tenant)
    pale = post_form(admin, tenant, PAGE, {**GOOD, "primary_color": "#f5f5a0", "save": "Simpan"})
    assert pale.status_code == 422 and "Tulisan putih di atas warna utama sulit dibaca" in pale.text
    assert 'value="Melayani sepenuh hati"' in pale.text
    dark_accent = post_form(admin, tenant, PAGE, {**GOOD, "accent_color": "#202020", "save": "Simpan"})
    assert dark_accent.status_code == 422 and "warna aksen" in dark_accent.text
    nameless = post_form(admin, tenant, PAGE, {**GOOD, "official_name": " ", "save": "Simpan"})
    assert nameless.status_code == 422
    with app.app_context():
        assert tenant_registry().by_slug(tenant.slug).official_name == tenant.official_name

    host = f"http://{tenant.primary_host}"
    token = csrf_token(admin.get(PAGE, base_url=host).text)
    not_image = admin.post("/admin/tampilan/logo", base_url=host, content_type="multipart/form-data",
                           data={"csrf_token": token, "logo": (io.BytesIO(b"<svg onload=alert(1)>"), "logo.svg")})
    assert not_image.status_code == 422 and "Logo:" in not_image.text
    huge = admin.post("/admin/tampilan/logo", base_url=host, content_type="multipart/form-data",
                      data={"csrf_token": token, "logo": (io.BytesIO(b"\x89PNG" + b"0" * 1_100_000), "besar.png")})
    assert huge.status_code == 422
    with app.app_context():
        assert tenant_registry().by_slug(tenant.slug).branding.logo_key is None
    good = admin.post("/admin/tampilan/logo", base_url=host, content_type="multipart/form-data",
                      data={"csrf_token": token, "logo": (io.BytesIO(_png()), "logo.png")})
    assert good.status_code == 302
    with app.app_context():
        version = tenant_registry().by_slug(tenant.slug).branding.version
    served = app.test_client().get(f"/logo?v={version}", base_url=host)
    assert served.status_code == 200 and served.mimetype == "image/png"
