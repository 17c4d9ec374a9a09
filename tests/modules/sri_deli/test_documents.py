"""The issued permit through the platform's official-document service: letterhead, signing
official per OPD/permit type, validity from the type's rule, the regency's day, PAdES signature."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest

from kiblat.modules.sri_deli.services import certificate, payments, workflow
from kiblat.modules.sri_deli.services.queries import aware
from kiblat.modules.sri_deli.services.submit import submit
from kiblat.platform.documents.models import DocumentSigner
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.modules.sri_deli.helpers import PDF, applicant, officer, perms
from tests.signed_pdfs import regency_root, signature_status, subfilter, text_of


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("sri_deli",))


def approved_billboard(days: int = 30, now: datetime | None = None):  # noqa: ANN201
    fields = {"luas_reklame": "4", "lama_hari": str(days), "lokasi": "Simpang Kayu Besar"}
    files = {key: (f"{key}.pdf", PDF) for key in ("ktp", "desain", "denah", "izin_pemilik")}
    application = submit("reklame", applicant(), fields, files, secrets.token_urlsafe(24), now=now).application
    pejabat = officer("DPMPTSP")
    for stage in ("kelengkapan", "peninjauan", "penetapan"):
        workflow.accept_stage(application, pejabat, perms(pejabat), stage, now=now)
    # Paid the same day: the permit is issued when the treasurer confirms the retribusi.
    bendahara = officer("BPKAD", roles=("bendahara_penerimaan",))
    bill = payments.bill_of(application)
    workflow.confirm_payment(bill, bendahara, perms(bendahara), bill.amount, payments.local_day(bill.created_at),
                             "TRX-1", now=now)
    return application


def test_billboard_permit_is_signed_letter_headed_and_valid_for_its_days(app_ctx, tenant):
    # 23:30 UTC on 1 December is already 2 December in every Indonesian time zone.
    late = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        application = approved_billboard(30, now=late)
        assert aware(application.valid_until) == late + timedelta(days=30)
        tenant_db.session.add(DocumentSigner(
            scope="opd:DPMPTSP", unit_name="Dinas Penanaman Modal dan PTSP",
            unit_address="Jl. Negara No. 1, Lubuk Pakam", signer_name="Ir. Rahmat Hidayat, M.Si",
            signer_nip="197003121995031002", signer_position="Kepala Dinas"))
        tenant_db.session.commit()
        pdf = certificate.certificate_pdf(application)
        token = application.verify_token

        text = text_of(pdf)
        assert "PEMERINTAH" in text and "DINAS PENANAMAN MODAL DAN PTSP" in text
        assert "Jl. Negara No. 1, Lubuk Pakam" in text
        assert application.certificate_number in text
        assert "2 Desember 2026 sampai dengan 1 Januari 2027" in text  # 30 days, not one year
        assert "Rp" in text and "300.000" in text  # 4 m² × 30 days × 2.500
        assert "Ir. Rahmat Hidayat, M.Si" in text and "NIP. 197003121995031002" in text
        assert "Kepala Dinas" in text and "/perizinan/verifikasi/" in text

        status = signature_status(pdf, regency_root())
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert subfilter(pdf) == "/ETSI.CAdES.detached"  # PAdES
        record = certificate.issued_record(application)
        assert record.signer_name == "Ir. Rahmat Hidayat, M.Si" and record.signer_position == "Kepala Dinas"

    page = app_ctx.test_client().get(f"/perizinan/verifikasi/{token}", base_url=f"http://{tenant.primary_host}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "SAH dan BERLAKU" in html
    assert "Ir. Rahmat Hidayat, M.Si" in html and "197003121995031002" in html
    assert "1 Jan 2027" in html  # valid until, in the regency's day


def test_permit_type_signer_wins_and_first_issue_fixes_the_signer(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        application = approved_billboard(14)
        tenant_db.session.add_all([
            DocumentSigner(scope="opd:DPMPTSP", unit_name="Dinas PMPTSP", signer_name="Kepala OPD",
                           signer_position="Kepala Dinas"),
            DocumentSigner(scope="sri_deli:reklame", signer_name="Sekretaris Dinas", signer_nip="198001012005011001",
                           signer_position="Sekretaris")])
        tenant_db.session.commit()
        first = text_of(certificate.certificate_pdf(application))
        assert "Sekretaris Dinas" in first and "DINAS PMPTSP" in first  # the unit from the OPD's scope
        tenant_db.session.query(DocumentSigner).filter_by(scope="sri_deli:reklame").one().signer_name = "Orang Lain"
        tenant_db.session.commit()
        again = text_of(certificate.certificate_pdf(application))
        assert "Sekretaris Dinas" in again and "Orang Lain" not in again


def test_each_regency_signs_with_its_own_certificate(app_ctx, make_tenant):
    first, second = make_tenant(modules=("sri_deli",)), make_tenant(modules=("sri_deli",))
    with app_ctx.test_request_context(base_url=f"http://{first.primary_host}"), tenant_context(first):
        pdf = certificate.certificate_pdf(approved_billboard())
        own = regency_root()
    with app_ctx.test_request_context(base_url=f"http://{second.primary_host}"), tenant_context(second):
        other_application = approved_billboard()
        assert certificate.issued_record(other_application) is None  # nothing of the first regency's
        certificate.certificate_pdf(other_application)
        other = regency_root()
    assert own.sha256 != other.sha256
    assert signature_status(pdf, own).trusted
    assert not signature_status(pdf, other).trusted
