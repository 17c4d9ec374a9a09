"""Catalogue, fee simulation and submission (both backends)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiblat.modules.sri_deli.models import Application, ApplicationDocument, Holiday, PermitType
from kiblat.modules.sri_deli.services import catalogue, queries
from kiblat.modules.sri_deli.services.submit import SubmitError, submit
from kiblat.platform.core.extensions import db
from kiblat.platform.mail.models import OutboxMessage
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.modules.sri_deli.helpers import NIK, PDF, applicant, submit_research


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("sri_deli",))


def test_seed_catalogue_and_national_holidays(app_ctx, tenant):
    with tenant_context(tenant):
        keys = set(tenant_db.session.scalars(select(PermitType.key)))
        assert {"pbg", "reklame", "sip_nakes", "penelitian", "keramaian"} <= keys
        pbg = catalogue.get_type("pbg")
        assert pbg.sla_days == 28 and pbg.opd_short_name == "DPMPTSP" and len(pbg.stages) == 5
        assert tenant_db.session.scalar(select(Holiday).where(Holiday.name.like("%Kemerdekaan%"))) is not None
        catalogue.seed()  # idempotent
        assert tenant_db.session.scalar(select(func.count()).select_from(PermitType)) == len(keys)


def test_fee_simulation(app_ctx, tenant):
    with tenant_context(tenant):
        pbg = catalogue.get_type("pbg")
        fee, errors = catalogue.simulate_fee(pbg, {"luas_bangunan": "100", "jumlah_lantai": "2"})
        assert errors == [] and fee == round(100 * 0.005 * 4200000 * 1.09)
        fee, errors = catalogue.simulate_fee(pbg, {"luas_bangunan": "abc"})
        assert fee is None and "Luas bangunan (m²) harus berupa angka" in errors
        assert any("Jumlah lantai wajib diisi" in e for e in errors)
        reklame = catalogue.get_type("reklame")
        assert catalogue.simulate_fee(reklame, {"luas_reklame": "4", "lama_hari": "30"}) == (300000, [])


def test_submit_stores_everything_and_queues_mail(app_ctx, tenant):
    with tenant_context(tenant):
        result = submit_research()
        application = result.application
        assert result.tracking_code and len(result.tracking_code) == 8
        assert application.number.startswith("SD/PENELITIAN/")
        assert application.nik_masked == "1207********0002" and NIK not in str(application.form_data)
        assert [d.content_type for d in application.documents] == ["application/pdf", "application/pdf", "image/png"]
        assert application.events[0].action == "submitted"
        assert queries.track(application.number, result.tracking_code).id == application.id
        assert queries.track(application.number, result.tracking_code.lower()).id == application.id
        number = application.number
    message = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.tenant_slug == tenant.slug, OutboxMessage.subject.like(f"%{number}%")))
    assert message is not None and result.tracking_code in message.body


def test_double_submit_is_idempotent(app_ctx, tenant):
    with tenant_context(tenant):
        first = submit_research(key="k" * 32)
        again = submit_research(key="k" * 32)
        assert again.replayed and again.tracking_code is None and again.application.id == first.application.id
        assert tenant_db.session.scalar(select(func.count()).select_from(Application)) == 1


@pytest.mark.parametrize(("files", "message"), [
    ({"ktp": ("ktp.pdf", PDF)}, "Dokumen wajib belum diunggah: Surat pengantar"),
    ({"ktp": ("ktp.exe", b"MZ\x90\x00" + b"\x00" * 50), "surat_pengantar": ("a.pdf", PDF),
      "proposal": ("p.pdf", PDF)}, "KTP pemohon: Jenis berkas tidak diterima: gunakan PDF, JPEG atau PNG."),
    ({"ktp": ("ktp.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)), "surat_pengantar": ("a.pdf", PDF),
      "proposal": ("p.pdf", PDF)}, "Berkas lebih dari 5 MB"),
])
def test_bad_files_are_refused_and_nothing_is_stored(app_ctx, tenant, files, message):
    with tenant_context(tenant):
        fields = {"judul": "J", "lokasi": "L", "mulai": "2026-12-01", "selesai": "2026-12-02"}
        with pytest.raises(SubmitError) as caught:
            submit("penelitian", applicant(), fields, files, "x" * 20)
        assert any(message in e for e in caught.value.errors), caught.value.errors
        assert tenant_db.session.scalar(select(func.count()).select_from(Application)) == 0
        assert tenant_db.session.scalar(select(func.count()).select_from(ApplicationDocument)) == 0


def test_bad_applicant_data_lists_every_problem(app_ctx, tenant):
    with tenant_context(tenant):
        with pytest.raises(SubmitError) as caught:
            submit("penelitian", applicant(nik="123", desa_code="99.99.99.9999", address=" ", email="x@"),
                   {"mulai": "kemarin"}, {}, "y" * 20)
        errors = caught.value.errors
        for expected in ("NIK harus 16 angka", "Pilih desa/kelurahan", "Alamat wajib diisi",
                         "Alamat email tidak valid", "Judul penelitian wajib diisi", "Tanggal mulai harus berupa tanggal"):
            assert any(expected in e for e in errors), (expected, errors)
        with pytest.raises(SubmitError, match="NIB harus 13 angka"):
            submit("penelitian", applicant(kind="badan_usaha", nib="12"), {}, {}, "z" * 20)


def test_company_applicant_with_nib(app_ctx, tenant):
    with tenant_context(tenant):
        result = submit_research(kind="badan_usaha", name="PT Deli Makmur", nik="", nib="9120001234567")
        assert result.application.nib == "9120001234567" and result.application.nik_hash is None


def test_wrong_tracking_code_reveals_nothing(app_ctx, tenant):
    with tenant_context(tenant):
        result = submit_research()
        assert queries.track(result.application.number, "AAAAAAAA") is None
        assert queries.track("SD/PENELITIAN/000000/000001", result.tracking_code) is None
        view = queries.tracking_view(result.application)
        assert "Siti" not in str(view) and NIK not in str(view) and "siti@" not in str(view)
