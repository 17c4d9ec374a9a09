"""Permit documents go through the platform's upload check and download answer: the hostile
files of the security probe are refused on the citizen's form (typed values kept, nothing
stored), hostile names download safely for the officer, limits follow the regency's settings.
On the code before the upload service, the HTML-after-%PDF file and the bomb PNG were stored
and the officer's download header was built from the citizen's file name."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.http import parse_options_header

from kiblat.modules.sri_deli.models import Application, ApplicationDocument
from kiblat.platform.identity.models import Opd
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.files import (
    HOSTILE_UPLOADS,
    NON_LATIN_NAME,
    STEERING_NAME,
    photo_with_location,
    real_pdf,
    real_png,
)
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.sri_deli.helpers import (
    NIK,
    PDF,
    PNG,
    first_desa,
    staff_catalogue,
    submit_research,
)

APPLY = "/perizinan/izin/penelitian/ajukan"


@pytest.fixture
def tenant(app, make_tenant):
    made = make_tenant(modules=("sri_deli",))
    staff_catalogue(app, made)
    return made


def _counts(app, tenant) -> tuple[int, int]:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        session = tenant_db.session
        return (session.scalar(select(func.count()).select_from(Application)),
                session.scalar(select(func.count()).select_from(ApplicationDocument)))


def test_hostile_files_on_the_form_are_refused_and_the_form_keeps_its_values(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "citizen", email=f"warga.{tenant.slug}@example.id")
    sign_in(client, tenant, f"warga.{tenant.slug}@example.id")
    with app.app_context(), tenant_context(tenant):
        desa = first_desa()
    html = client.get(f"{APPLY}?kecamatan={desa.rsplit('.', 1)[0]}", base_url=base).get_data(as_text=True)
    data = {"csrf_token": csrf_token(html), "kunci": re.search(r'name="kunci" value="([^"]+)"', html).group(1),
            "langkah": "kirim", "jenis_pemohon": "perorangan", "nama": "Budi Santoso", "nik": NIK,
            "email": "budi@example.id", "alamat": "Jl. Melati 1", "kecamatan": desa.rsplit(".", 1)[0],
            "desa": desa, "judul": "Sawah tadah hujan", "lokasi": "Beringin", "mulai": "2026-12-01",
            "selesai": "2027-01-01"}
    expected = {"corrupt": "Berkas rusak atau tidak lengkap", "type": "Jenis berkas tidak diterima",
                "pixels": "Gambar terlalu besar"}
    for case, (content, name, reason) in HOSTILE_UPLOADS.items():
        files = {"dok_ktp": (io.BytesIO(content), name), "dok_surat_pengantar": (io.BytesIO(PDF), "s.pdf"),
                 "dok_proposal": (io.BytesIO(PNG), "p.png")}
        response = client.post(APPLY, base_url=base, content_type="multipart/form-data", data={**data, **files})
        page = response.get_data(as_text=True)
        assert response.status_code == 400, case
        assert f"KTP pemohon: {expected[reason]}" in page, case
        assert 'value="Budi Santoso"' in page and 'value="Sawah tadah hujan"' in page, case
        assert "<script>alert" not in page and "Traceback" not in page, case
    assert _counts(app, tenant) == (0, 0)


def test_hostile_names_download_safely_for_the_officer(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    ktp, letter = real_pdf("KTP Siti"), real_pdf("Surat pengantar")
    with app.test_request_context(base_url=base), tenant_context(tenant):
        tenant_db.session.add(Opd(name="Badan Kesatuan Bangsa", short_name="KESBANGPOL"))
        tenant_db.session.commit()
        from kiblat.modules.sri_deli.services.submit import submit
        from tests.modules.sri_deli.helpers import applicant

        fields = {"judul": "Ketahanan pangan", "lokasi": "Lubuk Pakam", "mulai": "2026-12-01",
                  "selesai": "2027-02-01"}
        files = {"ktp": (STEERING_NAME, ktp), "surat_pengantar": (NON_LATIN_NAME, letter),
                 "proposal": ("foto\r\nX-Evil: 1.png", real_png())}
        application = submit("penelitian", applicant(), fields, files, "n" * 24).application
        documents = {d.doc_key: (d.id, d.filename) for d in application.documents}
        application_id = application.id
    assert documents["surat_pengantar"][1] == NON_LATIN_NAME  # non-Latin letters stay in the name shown
    assert '"' not in documents["ktp"][1] and ";" not in documents["ktp"][1]
    assert documents["ktp"][1].endswith(".pdf") and documents["proposal"][1].endswith(".png")
    with app.app_context(), tenant_context(tenant):
        opd_id = tenant_db.session.scalar(select(Opd.id).where(Opd.short_name == "KESBANGPOL"))
    add_user(app, tenant, "officer", email="loket@example.id", opd_id=opd_id, extra_roles=("petugas_loket",))
    sign_in(client, tenant, "loket@example.id")
    for key, content in (("ktp", ktp), ("surat_pengantar", letter)):
        response = client.get(f"/perizinan/petugas/{application_id}/dokumen/{documents[key][0]}", base_url=base)
        assert response.status_code == 200 and response.data == content
        raw = response.headers["Content-Disposition"]
        raw.encode("latin-1")  # gunicorn refused the non-Latin-1 header with a 500
        disposition, options = parse_options_header(raw)
        assert disposition == "attachment"
        assert options["filename"].endswith(".pdf") and "evil.html" not in raw.replace("filename*", "")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.mimetype == "application/pdf"
    response = client.get(f"/perizinan/petugas/{application_id}/dokumen/{documents['surat_pengantar'][0]}",
                          base_url=base)
    assert unquote(response.headers["Content-Disposition"].split("filename*=UTF-8''")[1]) == NON_LATIN_NAME
    photo = client.get(f"/perizinan/petugas/{application_id}/dokumen/{documents['proposal'][0]}", base_url=base)
    assert photo.mimetype == "image/png" and "X-Evil" not in photo.headers


def test_images_are_stored_re_encoded_and_the_pixel_limit_is_the_regency_setting(app, tenant):
    with app.app_context():
        tenant_services.update_module_settings(tenant.slug, "sri_deli", {"upload_max_megapixels": 1})
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), \
            tenant_context(tenant_registry().by_slug(tenant.slug)):
        from kiblat.modules.sri_deli.services.submit import SubmitError

        with pytest.raises(SubmitError) as refused:
            submit_research(key="p" * 24, files_override={"proposal": ("proposal.png", real_png((1200, 1000)))})
        assert any("paling banyak 1 megapiksel" in e for e in refused.value.errors), refused.value.errors
        application = submit_research(
            key="q" * 24, files_override={"proposal": ("proposal.jpeg", photo_with_location())}).application
        proposal = next(d for d in application.documents if d.doc_key == "proposal")
        with tenant_storage().open(proposal.storage_key) as handle:
            stored = handle.read()
        assert proposal.filename == "proposal.jpg" and proposal.content_type == "image/jpeg"
        assert b"Kamera Uji" not in stored and not Image.open(io.BytesIO(stored)).getexif()
        assert proposal.size == len(stored)
