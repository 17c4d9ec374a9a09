"""Sri Deli's forms keep what was typed, explain bad input in Bahasa Indonesia, and follow the
regency's limits (``upload_max_mb``, ``queue_size``)."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from kiblat.modules.sri_deli.models import Application
from kiblat.modules.sri_deli.services import queries, workflow
from kiblat.platform.identity.models import User
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.sri_deli.helpers import (
    NIK,
    PDF,
    PNG,
    first_desa,
    officer,
    perms,
    staff_catalogue,
    submit_research,
)

APPLY = "/perizinan/izin/penelitian/ajukan"


@pytest.fixture
def tenant(app, make_tenant):
    made = make_tenant(modules=("sri_deli",))
    staff_catalogue(app, made)
    return made


def _citizen(app, client, tenant) -> str:  # noqa: ANN001
    add_user(app, tenant, "citizen", email=f"warga.{tenant.slug}@example.id")
    sign_in(client, tenant, f"warga.{tenant.slug}@example.id")
    with app.app_context(), tenant_context(tenant):
        return first_desa()


def _application_form(client, base: str, desa: str) -> dict:  # noqa: ANN001
    html = client.get(f"{APPLY}?kecamatan={desa.rsplit('.', 1)[0]}", base_url=base).get_data(as_text=True)
    return {"csrf_token": csrf_token(html), "kunci": re.search(r'name="kunci" value="([^"]+)"', html).group(1),
            "langkah": "kirim", "jenis_pemohon": "perorangan", "nama": "Budi Santoso", "nik": NIK,
            "email": "budi@example.id", "alamat": "Jl. Melati 1", "kecamatan": desa.rsplit(".", 1)[0],
            "desa": desa, "judul": "Sawah tadah hujan", "lokasi": "Beringin", "mulai": "2026-12-01",
            "selesai": "2027-01-01"}


def _stored(app, tenant) -> int:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        return tenant_db.session.scalar(select(func.count()).select_from(Application))


def test_too_long_input_is_explained_and_everything_typed_stays(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    data = _application_form(client, base, _citizen(app, client, tenant))
    response = client.post(APPLY, base_url=base, content_type="multipart/form-data",
                           data={**data, "alamat": "Jl. " + "x" * 400, "judul": "y" * 600})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Alamat paling banyak 300 karakter" in page and "Judul penelitian paling banyak 500 karakter" in page
    assert 'value="Budi Santoso"' in page and 'value="Beringin"' in page and f'value="{data["kunci"]}"' in page
    assert _stored(app, tenant) == 0


def test_document_size_follows_the_regency_setting(app, client, tenant):
    with app.app_context():
        tenant_services.update_module_settings(tenant.slug, "sri_deli", {"upload_max_mb": 1})
    base = f"http://{tenant.primary_host}"
    data = _application_form(client, base, _citizen(app, client, tenant))
    assert "paling besar 1 MB" in client.get(APPLY, base_url=base).get_data(as_text=True)
    big = PDF + b"0" * (1024 * 1024)
    files = {"dok_ktp": (io.BytesIO(big), "ktp.pdf"), "dok_surat_pengantar": (io.BytesIO(PDF), "s.pdf"),
             "dok_proposal": (io.BytesIO(PNG), "p.png")}
    response = client.post(APPLY, base_url=base, content_type="multipart/form-data", data={**data, **files})
    assert response.status_code == 400 and "Berkas lebih dari 1 MB" in response.get_data(as_text=True)
    assert _stored(app, tenant) == 0


def test_revision_answer_with_a_bad_file_keeps_the_note(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    _citizen(app, client, tenant)
    with app.test_request_context(base_url=base), tenant_context(tenant):
        application = submit_research().application
        application.user_id = tenant_db.session.scalar(select(User.id).where(User.email.like("warga.%")))
        tenant_db.session.commit()
        staff = officer()
        workflow.send_back(application, staff, perms(staff), "Proposal belum ditandatangani")
        application_id = application.id
    page = client.get(f"/perizinan/saya/{application_id}", base_url=base).get_data(as_text=True)
    response = client.post(f"/perizinan/saya/{application_id}", base_url=base, content_type="multipart/form-data",
                           data={"csrf_token": csrf_token(page), "catatan": "Sudah saya tandatangani",
                                 "dok_proposal": (io.BytesIO(b"MZ bukan pdf"), "proposal.pdf")})
    text = response.get_data(as_text=True)
    assert "Jenis berkas tidak diterima: gunakan PDF, JPEG atau PNG" in text and "Sudah saya tandatangani</textarea>" in text
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.get(Application, application_id).status == "perbaikan"


def test_officer_queue_shows_at_most_the_regency_queue_size(app, tenant):
    with app.app_context():
        tenant_services.update_module_settings(tenant.slug, "sri_deli", {"queue_size": 10})
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), \
            tenant_context(tenant_registry().by_slug(tenant.slug)):
        for _ in range(11):
            submit_research()
        staff = officer()
        assert len(queries.officer_queue(staff, perms(staff))) == 10
        assert len(queries.officer_queue(staff, perms(staff), everything=True)) == 11


def test_holiday_form_keeps_the_name_when_the_date_is_wrong(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "admin", email=f"admin.{tenant.slug}@example.id")
    sign_in(client, tenant, f"admin.{tenant.slug}@example.id")
    page = client.get("/perizinan/kelola/libur", base_url=base).get_data(as_text=True)
    bad = client.post("/perizinan/kelola/libur", base_url=base, data={
        "csrf_token": csrf_token(page), "tanggal": "31-02-2026", "nama": "Hari Jadi Kota", "jenis": "cuti_bersama"})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Tanggal tidak valid (TTTT-BB-HH)" in text
    assert 'value="31-02-2026"' in text and 'value="Hari Jadi Kota"' in text
    assert '<option value="cuti_bersama" selected>' in text


def test_tracking_also_works_as_a_link(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    with app.test_request_context(base_url=base), tenant_context(tenant):
        result = submit_research()
    found = client.get(f"/perizinan/lacak?nomor={result.application.number}&kode={result.tracking_code}",
                       base_url=base)
    assert found.status_code == 200 and "Surat Keterangan Penelitian" in found.get_data(as_text=True)
    junk = client.get(f"/perizinan/lacak?nomor={'9' * 500}&kode=x", base_url=base)
    assert junk.status_code == 404 and "tidak cocok" in junk.get_data(as_text=True)


def test_tracking_number_in_lower_case_finds_the_application_and_history_is_in_words(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    with app.test_request_context(base_url=base), tenant_context(tenant):
        result = submit_research()
    number, code = result.application.number.lower(), result.tracking_code.lower()
    found = client.get(f"/perizinan/lacak?nomor={number}&kode={code}", base_url=base)
    text = found.get_data(as_text=True)
    assert found.status_code == 200 and "Surat Keterangan Penelitian" in text
    history = text.split('<ol class="list">')[1].split("</ol>")[0]
    assert "Diajukan (Pemeriksaan kelengkapan berkas)" in history and "submitted" not in history
    client.get("/bahasa/en?next=/", base_url=base)
    english = client.get(f"/perizinan/lacak?nomor={number}&kode={code}", base_url=base).get_data(as_text=True)
    assert "Submitted" in english.split('<ol class="list">')[1]


def test_documents_uploaded_before_a_validation_error_are_kept(app, client, tenant):
    """Weak signal: a typo in the NIK must not cost the citizen four uploads."""
    base = f"http://{tenant.primary_host}"
    data = _application_form(client, base, _citizen(app, client, tenant))
    files = {"dok_ktp": (io.BytesIO(PDF), "ktp.pdf"), "dok_surat_pengantar": (io.BytesIO(PDF), "pengantar.pdf"),
             "dok_proposal": (io.BytesIO(b"not a picture"), "proposal.png")}
    first = client.post(APPLY, base_url=base, content_type="multipart/form-data",
                        data={**data, "nik": "9907281203900001", **files})
    page = first.get_data(as_text=True)
    assert first.status_code == 400 and "bukan kode provinsi" in page
    assert "Sudah diunggah: ktp.pdf" in page and "Sudah diunggah: pengantar.pdf" in page
    assert "proposal.png" not in page  # refused by its own check: chosen again, never held
    ticket = re.search(r'name="berkas" value="([^"]+)"', page).group(1)
    # Another account cannot use the ticket.
    other = app.test_client()
    add_user(app, tenant, "citizen", email="lain@example.id")
    sign_in(other, tenant, "lain@example.id")
    foreign = other.post(APPLY, base_url=base, content_type="multipart/form-data", data={
        **_application_form(other, base, data["desa"]), "berkas": ticket,
        "dok_proposal": (io.BytesIO(PNG), "proposal.png")})
    assert foreign.status_code == 400 and "Dokumen wajib belum diunggah" in foreign.get_data(as_text=True)
    # The owner fixes the NIK and adds only the missing document.
    done = client.post(APPLY, base_url=base, content_type="multipart/form-data",
                       data={**data, "berkas": ticket, "dok_proposal": (io.BytesIO(PNG), "proposal.png")})
    assert done.status_code == 200 and _stored(app, tenant) == 1
    with app.app_context(), tenant_context(tenant):
        application = tenant_db.session.scalar(select(Application))
        assert sorted(d.doc_key for d in application.documents) == ["ktp", "proposal", "surat_pengantar"]
        held_folder = tenant_storage().root / "held"
        assert not any(held_folder.rglob("*.pdf"))  # released once the application went in
