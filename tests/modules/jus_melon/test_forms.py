"""Jus Melon's forms keep what was typed, explain bad input in Bahasa Indonesia, and follow the
regency's limits (``photo_max_mb``, ``registry_size``)."""

from __future__ import annotations

import io
import re
import secrets

import pytest
from sqlalchemy import func, select

from kiblat.modules.jus_melon.models import Activity, Business
from kiblat.modules.jus_melon.sample import sample_data
from kiblat.modules.jus_melon.services import registry
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.jus_melon.helpers import JPEG, desa_pair, registration_form

APPLY = "/iumk/ajukan"


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("sri_deli", "jus_melon"))


def _owner_form(app, client, tenant) -> dict:  # noqa: ANN001
    add_user(app, tenant, "citizen", email=f"pemilik.{tenant.slug}@example.id")
    sign_in(client, tenant, f"pemilik.{tenant.slug}@example.id")
    with app.app_context(), tenant_context(tenant):
        home, _other = desa_pair()
        form = registration_form(home)
    page = client.get(f"{APPLY}?kecamatan={form['desa'].rsplit('.', 1)[0]}",
                      base_url=f"http://{tenant.primary_host}").get_data(as_text=True)
    key = re.search(r'name="kunci" value="([^"]+)"', page).group(1)
    return {**form, "csrf_token": csrf_token(page), "kunci": key, "langkah": "kirim"}


def _registered(app, tenant) -> int:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        return tenant_db.session.scalar(select(func.count()).select_from(Business))


def test_too_long_business_name_is_explained_and_the_form_keeps_everything(app, client, tenant):
    data = _owner_form(app, client, tenant)
    response = client.post(APPLY, base_url=f"http://{tenant.primary_host}", content_type="multipart/form-data",
                           data={**data, "nama_usaha": "Warung " + "m" * 300})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nama usaha paling banyak 200 karakter" in page
    assert 'value="Rina Sembiring"' in page and 'value="Jl. Binjai Km 8"' in page
    assert f'value="{data["kunci"]}"' in page and 'name="tampilkan" value="1" checked' in page
    assert _registered(app, tenant) == 0


def test_photo_size_follows_the_regency_setting(app, client, tenant):
    with app.app_context():
        tenant_services.update_module_settings(tenant.slug, "jus_melon", {"photo_max_mb": 1})
    data = _owner_form(app, client, tenant)
    base = f"http://{tenant.primary_host}"
    assert "paling besar 1 MB" in client.get(APPLY, base_url=base).get_data(as_text=True)
    photo = (io.BytesIO(JPEG + b"\x00" * (1024 * 1024)), "warung.jpg")
    response = client.post(APPLY, base_url=base, content_type="multipart/form-data", data={**data, "foto": photo})
    assert response.status_code == 400 and "Berkas lebih dari 1 MB" in response.get_data(as_text=True)
    assert _registered(app, tenant) == 0


def test_activity_list_switches_and_explains_bad_input(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "admin", email=f"admin.{tenant.slug}@example.id")
    with app.app_context(), tenant_context(tenant):
        activity_id = tenant_db.session.scalar(select(Activity.id).where(Activity.code == "56102"))
    sign_in(client, tenant, f"admin.{tenant.slug}@example.id")
    token = csrf_token(client.get("/iumk/kelola/kegiatan", base_url=base).get_data(as_text=True))
    off = client.post("/iumk/kelola/kegiatan", base_url=base,
                      data={"csrf_token": token, "ubah": str(activity_id), "aktif": "0"})
    assert off.status_code == 302
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.get(Activity, activity_id).active is False
    junk = client.post("/iumk/kelola/kegiatan", base_url=base, data={"csrf_token": token, "ubah": "abc", "aktif": "1"})
    assert junk.status_code == 400 and "Kegiatan tidak ditemukan" in junk.get_data(as_text=True)
    bad = client.post("/iumk/kelola/kegiatan", base_url=base,
                      data={"csrf_token": token, "kode": "561", "nama": "Kedai kopi"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Kode KBLI harus 5 angka" in page and 'value="Kedai kopi"' in page


def test_public_registry_shows_at_most_the_regency_registry_size(app, tenant):
    with app.app_context():
        tenant_services.update_module_settings(tenant.slug, "jus_melon", {"registry_size": 10})
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), \
            tenant_context(tenant_registry().by_slug(tenant.slug)):
        for _ in range(11):
            sample_data(f"Uji {secrets.token_hex(2)}")
        assert len(registry.search("")) == 10
        assert len(registry.search("", limit=20)) == 11


def test_photo_uploaded_before_a_validation_error_is_kept(app, client, tenant):
    data = _owner_form(app, client, tenant)
    base = f"http://{tenant.primary_host}"
    first = client.post(APPLY, base_url=base, content_type="multipart/form-data",
                        data={**data, "nama_usaha": "", "foto": (io.BytesIO(JPEG), "warung.jpg")})
    page = first.get_data(as_text=True)
    assert first.status_code == 400 and "Sudah diunggah: warung.jpg" in page
    ticket = re.search(r'name="berkas" value="([^"]+)"', page).group(1)
    done = client.post(APPLY, base_url=base, content_type="multipart/form-data", data={**data, "berkas": ticket})
    assert done.status_code == 200 and _registered(app, tenant) == 1
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.scalar(select(Business)).photo_key  # the held photo went in
