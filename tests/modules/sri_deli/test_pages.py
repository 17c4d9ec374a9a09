"""The citizen's and officers' pages over HTTP (no JavaScript), and the JSON API."""

from __future__ import annotations

import io
import re

import pytest
from openapi_spec_validator import validate

from kiblat.modules.sri_deli.services import queries
from kiblat.platform.identity.models import Opd
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.files import SVG
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.sri_deli.helpers import (
    NIK,
    PDF,
    PNG,
    first_desa,
    staff_catalogue,
    submit_research,
)


def _opd(app, tenant, short_name: str) -> int:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        opd = Opd(name=f"Badan {short_name}", short_name=short_name)
        tenant_db.session.add(opd)
        tenant_db.session.commit()
        return opd.id


def _desa(app, tenant) -> str:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        return first_desa()


@pytest.fixture
def tenant(app, make_tenant):
    made = make_tenant(modules=("sri_deli",))
    staff_catalogue(app, made)
    return made


def test_catalogue_and_fee_simulation_pages(client, tenant):
    base = f"http://{tenant.primary_host}"
    page = client.get("/perizinan/", base_url=base).get_data(as_text=True)
    assert "Persetujuan Bangunan Gedung (PBG)" in page and "Surat Keterangan Penelitian" in page
    detail = client.get("/perizinan/izin/reklame?luas_reklame=4&lama_hari=30&hitung=1", base_url=base)
    assert "Rp300.000" in detail.get_data(as_text=True)
    bad = client.get("/perizinan/izin/reklame?luas_reklame=x&hitung=1", base_url=base).get_data(as_text=True)
    assert "harus berupa angka" in bad
    assert client.get("/perizinan/izin/tidak-ada", base_url=base).status_code == 404


def test_citizen_applies_with_form_and_files(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "citizen", email="warga@example.id")
    sign_in(client, tenant, "warga@example.id")
    desa = _desa(app, tenant)
    form = client.get(f"/perizinan/izin/penelitian/ajukan?kecamatan={desa.rsplit('.', 1)[0]}", base_url=base)
    html = form.get_data(as_text=True)
    assert desa in html
    key = re.search(r'name="kunci" value="([^"]+)"', html).group(1)
    data = {"csrf_token": csrf_token(html), "kunci": key, "langkah": "kirim", "jenis_pemohon": "perorangan",
            "nama": "Budi Santoso", "nik": NIK, "email": "budi@example.id", "alamat": "Jl. Melati 1",
            "kecamatan": desa.rsplit(".", 1)[0], "desa": desa, "judul": "Sawah", "lokasi": "Beringin",
            "mulai": "2026-12-01", "selesai": "2027-01-01"}
    missing = client.post("/perizinan/izin/penelitian/ajukan", base_url=base, content_type="multipart/form-data",
                          data={**data, "dok_ktp": (io.BytesIO(SVG), "ktp.png")})
    text = missing.get_data(as_text=True)
    assert missing.status_code == 400 and "Dokumen wajib belum diunggah" in text
    assert "Jenis berkas tidak diterima" in text
    assert 'value="Budi Santoso"' in text  # nothing typed is lost
    files = {"dok_ktp": (io.BytesIO(PDF), "ktp.pdf"), "dok_surat_pengantar": (io.BytesIO(PDF), "s.pdf"),
             "dok_proposal": (io.BytesIO(PNG), "p.png")}
    done = client.post("/perizinan/izin/penelitian/ajukan", base_url=base, content_type="multipart/form-data",
                       data={**data, **files})
    receipt = done.get_data(as_text=True)
    assert done.status_code == 200, receipt
    number = re.search(r'id="nomor">([^<]+)<', receipt).group(1)
    code = re.search(r'id="kode">([^<]+)<', receipt).group(1)
    files = {"dok_ktp": (io.BytesIO(PDF), "ktp.pdf"), "dok_surat_pengantar": (io.BytesIO(PDF), "s.pdf"),
             "dok_proposal": (io.BytesIO(PNG), "p.png")}
    again = client.post("/perizinan/izin/penelitian/ajukan", base_url=base, content_type="multipart/form-data",
                        data={**data, **files}).get_data(as_text=True)
    assert "sudah diterima sebelumnya" in again and number in again
    mine = client.get("/perizinan/saya", base_url=base).get_data(as_text=True)
    assert mine.count(number) == 1
    # public tracking: right code shows the steps, a wrong one shows nothing
    track = client.get("/perizinan/lacak", base_url=base)
    ok = client.post("/perizinan/lacak", base_url=base, data={
        "nomor": number, "kode": code, "csrf_token": csrf_token(track.get_data(as_text=True))})
    assert ok.status_code == 200 and "Surat Keterangan Penelitian" in ok.get_data(as_text=True)
    assert "Budi" not in ok.get_data(as_text=True)
    wrong = client.post("/perizinan/lacak", base_url=base, data={
        "nomor": number, "kode": "ZZZZZZZZ", "csrf_token": csrf_token(track.get_data(as_text=True))})
    assert wrong.status_code == 404 and "tidak cocok" in wrong.get_data(as_text=True)
    assert "Surat Keterangan Penelitian" not in wrong.get_data(as_text=True).split("</form>")[-1]


def test_officer_pages_and_cross_opd_refusal(app, client, make_tenant, tenant):
    base = f"http://{tenant.primary_host}"
    with app.test_request_context(base_url=base), tenant_context(tenant):
        application = submit_research().application
        application_id, number = application.id, application.number
    kesbang = _opd(app, tenant, "KESBANGPOL")
    dinkes = _opd(app, tenant, "DINKES")
    add_user(app, tenant, "officer", email="loket@example.id", opd_id=kesbang,
             extra_roles=("petugas_loket", "penandatangan_izin"))
    add_user(app, tenant, "officer", email="dinkes@example.id", opd_id=dinkes,
             extra_roles=("petugas_loket", "penandatangan_izin"))
    sign_in(client, tenant, "dinkes@example.id")
    assert number not in client.get("/perizinan/petugas", base_url=base).get_data(as_text=True)
    assert client.get(f"/perizinan/petugas/{application_id}", base_url=base).status_code == 404
    client = app.test_client()
    sign_in(client, tenant, "loket@example.id")
    queue = client.get("/perizinan/petugas", base_url=base).get_data(as_text=True)
    assert number in queue
    page = client.get(f"/perizinan/petugas/{application_id}", base_url=base).get_data(as_text=True)
    token = csrf_token(page)
    stale = client.post(f"/perizinan/petugas/{application_id}", base_url=base,
                        data={"csrf_token": token, "aksi": "terima", "tahap": "penetapan"})
    assert stale.status_code == 400 and "Tahap sudah berubah" in stale.get_data(as_text=True)
    for stage in ("kelengkapan", "penetapan"):
        response = client.post(f"/perizinan/petugas/{application_id}", base_url=base,
                               data={"csrf_token": token, "aksi": "terima", "tahap": stage})
        assert response.status_code == 302
    with app.app_context(), tenant_context(tenant):
        application = tenant_db.session.get(queries.Application, application_id)
        assert application.status == "disetujui"
        token_verify = application.verify_token
    verify = client.get(f"/perizinan/verifikasi/{token_verify}", base_url=base).get_data(as_text=True)
    assert "SAH dan BERLAKU" in verify
    assert client.get("/perizinan/verifikasi/palsu", base_url=base).status_code == 404
    other = make_tenant(modules=("sri_deli",))
    assert client.get(f"/perizinan/verifikasi/{token_verify}", base_url=f"http://{other.primary_host}").status_code == 404
    assert client.get(f"/perizinan/petugas/{application_id}",
                      base_url=f"http://{other.primary_host}").status_code in (302, 403, 404)


def test_json_api_in_openapi(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    document = client.get("/api/v1/openapi.json", base_url=base).get_json()
    validate(document)
    for path in ("/perizinan/izin", "/perizinan/simulasi-biaya", "/perizinan/lacak", "/perizinan/verifikasi/{token}"):
        assert any(p.endswith(path) for p in document["paths"]), path
    items = client.get("/api/v1/perizinan/izin", base_url=base).get_json()["items"]
    assert {i["key"] for i in items} >= {"pbg", "reklame"}
    fee = client.post("/api/v1/perizinan/simulasi-biaya", base_url=base,
                      json={"permit": "reklame", "values": {"luas_reklame": 4, "lama_hari": 30}})
    assert fee.get_json()["fee"] == 300000
    bad = client.post("/api/v1/perizinan/simulasi-biaya", base_url=base,
                      json={"permit": "reklame", "values": {"luas_reklame": "x"}})
    assert bad.status_code == 400
    with app.test_request_context(base_url=base), tenant_context(tenant):
        result = submit_research()
        number, code = result.application.number, result.tracking_code
    tracked = client.post("/api/v1/perizinan/lacak", base_url=base, json={"number": number, "code": code})
    assert tracked.status_code == 200 and tracked.get_json()["status"] == "diproses"
    assert "Siti" not in tracked.get_data(as_text=True)
    wrong = client.post("/api/v1/perizinan/lacak", base_url=base, json={"number": number, "code": "X"})
    assert wrong.status_code == 404 and number not in wrong.get_data(as_text=True)
