"""Jumpa Madu's forms: numbers typed the Indonesian way, bad input explained and kept, and the
regency's limits (days ahead, weights, photo size, statement page) read from its settings."""

from __future__ import annotations

import io
import re
import secrets
from datetime import timedelta

import pytest

from kiblat.modules.jumpa_madu.services import ledger, nasabah, pickups
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.registry import tenant_registry
from tests.files import real_jpeg
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.jumpa_madu.helpers import credit, first_desa, in_tenant

JPEG = real_jpeg()


@pytest.fixture
def regency(make_tenant) -> TenantInfo:
    """A regency of its own: these tests change the module's settings."""
    return make_tenant(modules=("jumpa_madu",))


def _settings(app, tenant: TenantInfo, **values) -> TenantInfo:  # noqa: ANN001, ANN003
    with app.app_context():
        tenant_services.update_module_settings(tenant.slug, "jumpa_madu", values)
        return tenant_registry().by_slug(tenant.slug)


def _person(app, tenant: TenantInfo, role: str = "citizen"):  # noqa: ANN001, ANN202
    email = f"{role}-{secrets.token_hex(3)}@example.id"
    user_id = add_user(app, tenant, role=role, email=email)
    client = app.test_client()
    sign_in(client, tenant, email)
    return client, user_id


def _post(client, tenant: TenantInfo, path: str, data: dict, page: str | None = None, **kwargs):  # noqa: ANN001, ANN003, ANN202
    host = f"http://{tenant.primary_host}"
    token = csrf_token(client.get(page or path, base_url=host).get_data(as_text=True))
    return client.post(path, base_url=host, data={"csrf_token": token, **data}, follow_redirects=True, **kwargs)


def _open_book(app, tenant: TenantInfo, client) -> None:  # noqa: ANN001
    with in_tenant(app, tenant):
        desa = first_desa()
    page = _post(client, tenant, "/jumpa-madu/daftar",
                 {"phone": f"0812{secrets.randbelow(10**8):08d}", "desa": desa, "address": "Jl. Sudirman 5"})
    assert "sudah dibuka" in page.get_data(as_text=True)


def test_a_wrong_map_point_is_explained_and_the_form_keeps_what_was_typed(app, regency):
    client, _ = _person(app, regency)
    with in_tenant(app, regency):
        desa = first_desa()
    text = _post(client, regency, "/jumpa-madu/daftar", {
        "phone": "0812-3456-7890", "desa": desa, "address": "Jl. Kenanga 7", "latitude": "tiga", "longitude": "98,6",
    }).get_data(as_text=True)
    assert "Titik peta harus berupa angka." in text
    assert 'value="0812-3456-7890"' in text and 'value="Jl. Kenanga 7"' in text and 'value="tiga"' in text


def test_pickup_days_ahead_and_photo_size_come_from_the_settings(app, regency):
    _settings(app, regency, pickup_days_ahead=7, photo_max_mb=1)
    client, _ = _person(app, regency)
    _open_book(app, regency, client)
    with in_tenant(app, regency):
        late = (pickups.today() + timedelta(days=8)).isoformat()
        soon = (pickups.today() + timedelta(days=7)).isoformat()
    text = _post(client, regency, "/jumpa-madu/jemput",
                 {"date": late, "window": "1", "kg_kardus": "2,5"}).get_data(as_text=True)
    assert "paling lambat 7 hari" in text and 'value="2,5"' in text and f'value="{late}"' in text
    assert "paling besar 1 MB" in text
    photo = (io.BytesIO(JPEG + b"\x00" * (1024 * 1024)), "sampah.jpg")
    big = _post(client, regency, "/jumpa-madu/jemput", {"date": soon, "window": "1", "kg_kardus": "2", "photo": photo},
                content_type="multipart/form-data")
    assert "Foto sampah: Berkas lebih dari 1 MB." in big.get_data(as_text=True)
    bad_date = _post(client, regency, "/jumpa-madu/jemput", {"date": "besok", "window": "1", "kg_kardus": "2"})
    assert "Tanggal tidak valid." in bad_date.get_data(as_text=True)
    ok = _post(client, regency, "/jumpa-madu/jemput", {"date": soon, "window": "1", "kg_kardus": "2"})
    assert "terkirim" in ok.get_data(as_text=True)


def test_withdrawal_amounts_are_typed_the_indonesian_way(app, regency):
    client, user_id = _person(app, regency)
    _open_book(app, regency, client)
    with in_tenant(app, regency):
        credit(nasabah.of_user(user_id).id)  # Rp120.000
    fraction = _post(client, regency, "/jumpa-madu/tarik", {"amount": "10,5"}, page="/jumpa-madu/tabungan")
    assert "Isi angka bulat tanpa koma." in fraction.get_data(as_text=True)
    dotted = _post(client, regency, "/jumpa-madu/tarik", {"amount": "20.000"}, page="/jumpa-madu/tabungan")
    assert "sebesar Rp20.000 diajukan" in dotted.get_data(as_text=True)


def test_walk_in_weighing_limit_comes_from_the_settings_and_the_form_keeps_the_weights(app, regency):
    tenant = _settings(app, regency, max_weighing_kg=100)
    officer, _ = _person(app, regency, "petugas_bank_sampah")
    citizen, user_id = _person(app, regency)
    _open_book(app, regency, citizen)
    with in_tenant(app, tenant):
        account_no = nasabah.of_user(user_id).account_no
    page = officer.get("/jumpa-madu/kelola/setor", base_url=f"http://{regency.primary_host}").get_data(as_text=True)
    key = re.search(r'name="key" value="([0-9a-f]+)"', page).group(1)
    text = _post(officer, regency, "/jumpa-madu/kelola/setor", {
        "account_no": account_no, "key": key, "kg_kardus": "150", "kg_kaleng": "2", "confirm_heavy": "1",
    }).get_data(as_text=True)
    assert "melebihi 100 kg" in text
    assert f'value="{account_no}"' in text and f'value="{key}"' in text and 'value="150"' in text
    assert 'name="confirm_heavy" value="1" checked' in text


def test_statement_page_size_comes_from_the_settings(app, regency):
    tenant = _settings(app, regency, statement_per_page=10)
    client, user_id = _person(app, regency)
    _open_book(app, regency, client)
    with in_tenant(app, tenant):
        book_id = nasabah.of_user(user_id).id
        for _ in range(11):
            credit(book_id, grams=1_000)
        assert len(ledger.statement(book_id).entries) == 10
    page = client.get("/jumpa-madu/tabungan", base_url=f"http://{regency.primary_host}").get_data(as_text=True)
    assert "Halaman 1 dari 2" in page
