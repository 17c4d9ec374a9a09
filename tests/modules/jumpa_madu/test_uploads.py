"""Pickup photos go through the platform's upload check: the hostile files of the security
probe are refused on the pickup form with what was typed kept and nothing stored, the pixel
limit is the regency's setting, the stored photo is re-encoded and served with safe headers.
Before, the photo was checked by its extension only: HTML named .jpg and SVG named .png were
stored and served back."""

from __future__ import annotations

import io
import secrets

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.http import parse_options_header

from kiblat.modules.jumpa_madu.models import WastePickup
from kiblat.modules.jumpa_madu.services import pickups
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.database import tenant_db
from tests.files import HOSTILE_UPLOADS, SCRIPT, STEERING_NAME, photo_with_location, real_png
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.jumpa_madu.helpers import first_desa, in_tenant

REASONS = {"corrupt": "Berkas rusak atau tidak lengkap", "type": "Jenis berkas tidak diterima: gunakan JPEG, PNG atau WebP",
           "pixels": "Gambar terlalu besar"}


@pytest.fixture
def regency(make_tenant) -> TenantInfo:
    return make_tenant(modules=("jumpa_madu",))


def _citizen_with_book(app, tenant: TenantInfo):  # noqa: ANN001, ANN202
    email = f"warga-{secrets.token_hex(3)}@example.id"
    add_user(app, tenant, role="citizen", email=email)
    client = app.test_client()
    sign_in(client, tenant, email)
    with in_tenant(app, tenant):
        desa = first_desa()
    host = f"http://{tenant.primary_host}"
    token = csrf_token(client.get("/jumpa-madu/daftar", base_url=host).get_data(as_text=True))
    client.post("/jumpa-madu/daftar", base_url=host, data={
        "csrf_token": token, "phone": f"0812{secrets.randbelow(10**8):08d}", "desa": desa, "address": "Jl. Kenanga 7"})
    return client


def _send(client, tenant: TenantInfo, content: bytes, name: str):  # noqa: ANN001, ANN202
    host = f"http://{tenant.primary_host}"
    token = csrf_token(client.get("/jumpa-madu/jemput", base_url=host).get_data(as_text=True))
    return client.post("/jumpa-madu/jemput", base_url=host, content_type="multipart/form-data", follow_redirects=True,
                       data={"csrf_token": token, "date": _today(client.application, tenant), "window": "1",
                             "kg_kardus": "3,5", "address": "Jl. Flamboyan 9 RT 2",
                             "photo": (io.BytesIO(content), name)})


def _today(app, tenant: TenantInfo) -> str:  # noqa: ANN001
    with in_tenant(app, tenant):
        return pickups.today().isoformat()


def _pickups(app, tenant: TenantInfo) -> int:  # noqa: ANN001
    with in_tenant(app, tenant):
        return tenant_db.session.scalar(select(func.count()).select_from(WastePickup))


def test_hostile_photos_are_refused_and_the_form_keeps_what_was_typed(app, regency):
    client = _citizen_with_book(app, regency)
    for case, (content, name, reason) in HOSTILE_UPLOADS.items():
        page = _send(client, regency, content, name).get_data(as_text=True)
        # A PDF is no photo: "%PDF-" followed by HTML is refused for its type before it is parsed.
        message = REASONS["type"] if content.startswith(b"%PDF") else REASONS[reason]
        assert f"Foto sampah: {message}" in page, (case, page)
        assert 'value="3,5"' in page and 'value="Jl. Flamboyan 9 RT 2"' in page, case
        assert "<script>alert" not in page, case
    assert _pickups(app, regency) == 0


def test_pixel_limit_is_the_regency_setting(app, regency):
    with app.app_context():
        tenant_services.update_module_settings(regency.slug, "jumpa_madu", {"photo_max_megapixels": 1})
    client = _citizen_with_book(app, regency)
    page = _send(client, regency, real_png((1200, 1000)), "sampah.png").get_data(as_text=True)
    assert "paling banyak 1 megapiksel" in page and _pickups(app, regency) == 0


def test_stored_photo_is_re_encoded_and_served_with_safe_headers(app, regency):
    client = _citizen_with_book(app, regency)
    page = _send(client, regency, photo_with_location() + SCRIPT, STEERING_NAME).get_data(as_text=True)
    assert "terkirim" in page, page
    with in_tenant(app, regency):
        pickup_id = tenant_db.session.scalar(select(WastePickup.id))
    photo = client.get(f"/jumpa-madu/jemput/{pickup_id}/foto", base_url=f"http://{regency.primary_host}")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert b"<script" not in photo.data and b"Kamera Uji" not in photo.data
    assert not Image.open(io.BytesIO(photo.data)).getexif()
    disposition, options = parse_options_header(photo.headers["Content-Disposition"])
    assert disposition == "inline" and options["filename"] == f"penjemputan-{pickup_id}.jpg"
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
