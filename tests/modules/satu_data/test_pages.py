"""The portal, the producer's and the walidata's pages through the real forms (CSRF and all)."""

from __future__ import annotations

import io

import pytest

from kiblat.tenants.context import tenant_context
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.satu_data.helpers import (
    VARIABLES_TEXT,
    csv_table,
    kecamatan_codes,
    opd,
    person,
    published_dataset,
)


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("satu_data",))


def _form(**extra) -> dict:
    return {"judul": "Jumlah puskesmas per kecamatan", "deskripsi": "Data fasilitas kesehatan",
            "topik": "kesehatan", "kata_kunci": "kesehatan, puskesmas", "lisensi": "CC-BY-4.0",
            "frekuensi": "tahunan", "tahun_awal": "2024", "tahun_akhir": "2024", "wilayah": "", "kontak": "Seksi Data",
            "variabel": VARIABLES_TEXT, "nama_sumber": "", "tautan": "", "format_tautan": "CSV", **extra}


def test_producer_fixes_a_table_submits_and_walidata_publishes(app, tenant):
    with app.app_context(), tenant_context(tenant):
        opd("DINKES")
        opd_id = opd("DINKES").id
        codes = kecamatan_codes(2)
    add_user(app, tenant, "produsen_data", email="produsen@dinkes.example.id", opd_id=opd_id)
    add_user(app, tenant, "walidata", email="walidata@kominfo.example.id", opd_id=opd_id)
    host = f"http://{tenant.primary_host}"
    producer = app.test_client()
    assert sign_in(producer, tenant, "produsen@dinkes.example.id").status_code == 302
    page = producer.get("/data/kelola/baru", base_url=host)
    assert page.status_code == 200
    bad = csv_table([(codes[0], 2024, "lima"), (codes[1], 2024, 2)])
    response = producer.post("/data/kelola/baru", base_url=host, data={
        **_form(), "csrf_token": csrf_token(page.get_data(as_text=True)),
        "berkas": (io.BytesIO(bad), "puskesmas.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    edit_url = response.headers["Location"]
    html = producer.get(edit_url, base_url=host).get_data(as_text=True)
    assert "harus bilangan bulat, bukan &#34;lima&#34;" in html and "Jumlah puskesmas per kecamatan" in html
    submitted = producer.post(edit_url, base_url=host, data={**_form(aksi="ajukan"), "csrf_token": csrf_token(html)})
    assert submitted.status_code == 400 and "Masih ada kesalahan" in submitted.get_data(as_text=True)
    good = csv_table([(codes[0], 2024, 5), (codes[1], 2024, 2)])
    html = submitted.get_data(as_text=True)
    remove = producer.post(edit_url + "/hapus-sumber", base_url=host,
                           data={"csrf_token": csrf_token(html), "sumber": html.split('name="sumber" value="')[1].split('"')[0]})
    assert remove.status_code == 302
    done = producer.post(edit_url, base_url=host, data={
        **_form(aksi="ajukan"), "csrf_token": csrf_token(html), "berkas": (io.BytesIO(good), "puskesmas.csv")},
        content_type="multipart/form-data")
    assert done.status_code == 302
    assert "Menunggu pemeriksaan" in producer.get(edit_url, base_url=host).get_data(as_text=True)

    walidata = app.test_client()
    assert sign_in(walidata, tenant, "walidata@kominfo.example.id").status_code == 302
    queue = walidata.get("/data/walidata/", base_url=host).get_data(as_text=True)
    link = queue.split('href="/data/walidata/periksa/')[1].split('"')[0]
    examine = walidata.get(f"/data/walidata/periksa/{link}", base_url=host)
    assert examine.status_code == 200
    published = walidata.post(f"/data/walidata/periksa/{link}", base_url=host,
                              data={"csrf_token": csrf_token(examine.get_data(as_text=True)), "aksi": "terbitkan"})
    assert published.status_code == 302

    citizen = app.test_client()
    portal = citizen.get("/data/?groups=kesehatan", base_url=host).get_data(as_text=True)
    assert "Jumlah puskesmas per kecamatan" in portal
    dataset = citizen.get("/data/dataset/jumlah-puskesmas-per-kecamatan", base_url=host).get_data(as_text=True)
    resource_url = dataset.split('href="/data/dataset/jumlah-puskesmas-per-kecamatan/sumber/')[1].split('"')[0]
    preview = citizen.get(f"/data/dataset/jumlah-puskesmas-per-kecamatan/sumber/{resource_url}", base_url=host)
    assert codes[0] in preview.get_data(as_text=True) and "<meter" in preview.get_data(as_text=True)
    download = citizen.get(f"/data/dataset/jumlah-puskesmas-per-kecamatan/sumber/{resource_url}/unduh", base_url=host)
    assert download.status_code == 200 and download.data.startswith(b"kode_kecamatan,tahun,jumlah\n")
    assert "attachment" in download.headers["Content-Disposition"]


def test_producer_pages_refuse_other_opds_and_anonymous(app, tenant):
    with app.app_context(), tenant_context(tenant):
        walidata = person("walidata", "DISKOMINFO")
        producer = person("produsen_data", "DINKES")
        dataset = published_dataset(producer, walidata, "Data Dinkes")
        other_opd = opd("DISDIK").id
        dataset_id = dataset.id
    add_user(app, tenant, "produsen_data", email="guru@disdik.example.id", opd_id=other_opd)
    host = f"http://{tenant.primary_host}"
    anonymous = app.test_client()
    assert anonymous.get("/data/kelola/", base_url=host).status_code in (302, 401, 403)
    other = app.test_client()
    sign_in(other, tenant, "guru@disdik.example.id")
    assert other.get(f"/data/kelola/{dataset_id}", base_url=host).status_code == 404
    assert other.get("/data/walidata/", base_url=host).status_code == 403


def test_portal_is_off_where_the_module_is_off(client, make_tenant):
    tenant = make_tenant(modules=())
    assert client.get("/data/", base_url=f"http://{tenant.primary_host}").status_code == 404
    assert client.get("/api/3/action/package_list", base_url=f"http://{tenant.primary_host}").status_code == 404
