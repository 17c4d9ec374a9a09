"""The photo of the business premises goes through the platform's upload check: the hostile
files of the security probe are refused on the owner's form with the form kept, the stored
photo is re-encoded (no location, nothing appended) and the officer gets it with safe headers.
Before, the photo was checked by its first bytes only: HTML after a JPEG signature and a PNG
claiming 30000 × 30000 pixels were stored and served."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.http import parse_options_header

from kiblat.modules.jus_melon.models import Business
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.files import HOSTILE_UPLOADS, SCRIPT, STEERING_NAME, photo_with_location, real_png
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.jus_melon.helpers import desa_pair, kantor_camat, registration_form

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


def test_hostile_photos_are_refused_and_the_form_keeps_its_values(app, client, tenant):
    data = _owner_form(app, client, tenant)
    base = f"http://{tenant.primary_host}"
    cases = {**HOSTILE_UPLOADS, "HTML after a JPEG signature": (b"\xff\xd8\xff\xe0" + SCRIPT, "warung.jpg", "corrupt")}
    expected = {"corrupt": "Berkas rusak atau tidak lengkap", "type": "Jenis berkas tidak diterima: gunakan JPEG atau PNG",
                "pixels": "Gambar terlalu besar"}
    for case, (content, name, reason) in cases.items():
        response = client.post(APPLY, base_url=base, content_type="multipart/form-data",
                               data={**data, "foto": (io.BytesIO(content), name)})
        page = response.get_data(as_text=True)
        assert response.status_code == 400, case
        # A PDF is no photo: "%PDF-" followed by HTML is refused for its type before it is parsed.
        message = expected["type"] if content.startswith(b"%PDF") else expected[reason]
        assert f"Foto tempat usaha: {message}" in page, (case, page)
        assert 'value="Rina Sembiring"' in page and 'value="Jl. Binjai Km 8"' in page, case
        assert "<script>alert" not in page, case
    assert _registered(app, tenant) == 0


def test_pixel_limit_is_the_regency_setting(app, client, tenant):
    with app.app_context():
        tenant_services.update_module_settings(tenant.slug, "jus_melon", {"photo_max_megapixels": 1})
    data = _owner_form(app, client, tenant)
    response = client.post(APPLY, base_url=f"http://{tenant.primary_host}", content_type="multipart/form-data",
                           data={**data, "foto": (io.BytesIO(real_png((1200, 1000))), "warung.png")})
    assert response.status_code == 400 and "paling banyak 1 megapiksel" in response.get_data(as_text=True)
    assert _registered(app, tenant) == 0


def test_stored_photo_is_re_encoded_and_served_with_safe_headers(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    data = _owner_form(app, client, tenant)
    response = client.post(APPLY, base_url=base, content_type="multipart/form-data",
                           data={**data, "foto": (io.BytesIO(photo_with_location() + SCRIPT), STEERING_NAME)})
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context(), tenant_context(tenant):
        business = tenant_db.session.scalar(select(Business))
        business_id, number = business.id, business.number
        home = desa_pair()[0]
        kantor, home_code = kantor_camat(home), home.code
        tenant_db.session.commit()
    add_user(app, tenant, "officer", email="camat@example.id", desa_code=home_code, opd_id=kantor,
             extra_roles=("petugas_iumk",))
    officer = app.test_client()
    sign_in(officer, tenant, "camat@example.id")
    photo = officer.get(f"/iumk/petugas/{business_id}/foto", base_url=base)
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert b"<script" not in photo.data and b"Kamera Uji" not in photo.data
    assert not Image.open(io.BytesIO(photo.data)).getexif()
    disposition, options = parse_options_header(photo.headers["Content-Disposition"])
    assert disposition == "inline" and options["filename"] == f"foto-{number.replace('/', '-')}.jpg"
    assert photo.headers["X-Content-Type-Options"] == "nosniff" and "public" not in photo.headers["Cache-Control"]
