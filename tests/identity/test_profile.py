"""The account page: contact details, password change (signs out other devices)."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.platform.identity.models import User
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import PASSWORD, add_user, sign_in

NEW = "rambutan-binjai-2026"


def test_change_password_keeps_this_device_and_signs_out_others(app, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@contoh.id")
    host = f"http://{tenant.primary_host}"
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, tenant, "warga@contoh.id")
    sign_in(elsewhere, tenant, "warga@contoh.id")
    wrong = post_form(here, tenant, "/akun/sandi", {"current": "bukan-sandinya-1", "password": NEW, "confirm": NEW},
                      page="/akun")
    assert wrong.status_code == 422 and "Kata sandi saat ini salah." in wrong.text
    weak = post_form(here, tenant, "/akun/sandi", {"current": PASSWORD, "password": "1111111111",
                                                   "confirm": "1111111111"}, page="/akun")
    assert weak.status_code == 422 and "terlalu mudah ditebak" in weak.text
    done = post_form(here, tenant, "/akun/sandi", {"current": PASSWORD, "password": NEW, "confirm": NEW}, page="/akun")
    assert done.status_code == 302
    assert here.get("/akun", base_url=host).status_code == 200
    assert elsewhere.get("/akun", base_url=host).status_code == 302
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.scalar(select(User.session_version)) == 2


def test_update_contact_validates_and_normalises(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@contoh.id")
    sign_in(client, tenant, "warga@contoh.id")
    bad = post_form(client, tenant, "/akun", {"name": "<b>Budi</b>", "phone": ""})
    assert bad.status_code == 422 and "tidak boleh memuat tanda" in bad.text and "&lt;b&gt;Budi" in bad.text
    bad_phone = post_form(client, tenant, "/akun", {"name": "Budi", "phone": "999"})
    assert bad_phone.status_code == 422 and "Nomor telepon tidak valid" in bad_phone.text
    ok = post_form(client, tenant, "/akun", {"name": "Budi Santoso", "phone": "0812 2222 3333"})
    assert ok.status_code == 302
    page = client.get("/akun", base_url=f"http://{tenant.primary_host}").text
    assert "Budi Santoso" in page and "+6281222223333" in page and "Data akun tersimpan." in page
