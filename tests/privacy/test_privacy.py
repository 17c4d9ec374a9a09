"""Privacy (UU 27/2022): consent at registration with the notice version, asking again when the
notice changes, "Data saya" (download, deletion request) and the admin deciding deletions."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from kiblat.modules.sri_deli.models import Application, ApplicationDocument
from kiblat.platform.identity.models import User
from kiblat.platform.identity.privacy.models import PrivacyConsent
from kiblat.platform.survey import service as survey
from kiblat.platform.survey.models import SurveyResponse
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import add_user, sign_in
from tests.survey.helpers import issued_permit, research_application

PASSWORD = "sawit-lubuk-pakam-7"
FORM = {"name": "Siti Aminah", "email": "siti@contoh.id", "phone": "", "password": PASSWORD, "confirm": PASSWORD}
NOTICE = {"controller_name": "Pemerintah Kabupaten Uji", "controller_address": "Jl. Negara No. 1, Lubuk Pakam",
          "dpo_name": "Rahmat Hidayat", "dpo_email": "ppdp@uji.go.id", "dpo_phone": "061-7950001",
          "changes": "Pejabat pelindungan data pribadi sudah ditetapkan."}


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("sri_deli",))


def _consents(app, tenant, email: str) -> list[int]:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        user_id = tenant_db.session.scalar(select(User.id).where(User.email == email))
        return list(tenant_db.session.scalars(select(PrivacyConsent.version).where(PrivacyConsent.user_id == user_id)))


def test_registration_needs_explicit_consent_and_records_the_notice_version(app, client, tenant):
    page = client.get("/daftar", base_url=f"http://{tenant.primary_host}").text
    assert "Baca pemberitahuan privasi (versi 1)" in page and 'href="/privasi"' in page
    refused = post_form(client, tenant, "/daftar", FORM)
    assert refused.status_code == 422
    assert "centang persetujuan untuk mendaftar" in refused.text and "Siti Aminah" in refused.text  # nothing lost
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.scalar(select(func.count(User.id))) == 0
    done = post_form(client, tenant, "/daftar", {**FORM, "consent": "y"})
    assert done.status_code == 302
    assert _consents(app, tenant, "siti@contoh.id") == [1]


def test_a_published_notice_is_shown_and_signed_in_citizens_are_asked_to_accept_it(app, client, tenant):
    post_form(client, tenant, "/daftar", {**FORM, "consent": "y"})
    host = f"http://{tenant.primary_host}"
    assert "Baca dan setujui" not in client.get("/akun", base_url=host).text

    add_user(app, tenant, "admin", email="admin@contoh.id")
    admin = app.test_client()
    sign_in(admin, tenant, "admin@contoh.id")
    bad = post_form(admin, tenant, "/admin/privasi", {**NOTICE, "dpo_email": "bukan email"})
    assert bad.status_code == 422 and "Email tidak valid." in bad.text and "Rahmat Hidayat" in bad.text
    assert post_form(admin, tenant, "/admin/privasi", NOTICE).status_code == 302
    notice = client.get("/privasi", base_url=host).text
    assert "Pemerintah Kabupaten Uji" in notice and "ppdp@uji.go.id" in notice and "Versi 2" in notice
    assert "UU 43/2009" in notice  # retention rules: the platform's and Sri Deli's

    account = client.get("/akun", base_url=host).text
    assert "Pemberitahuan privasi" in account and "Baca dan setujui" in account
    accept = client.get("/privasi/setuju", base_url=host).text
    assert "Anda menyetujui versi 1" in accept and "Pejabat pelindungan data pribadi sudah ditetapkan." in accept
    assert post_form(client, tenant, "/privasi/setuju", {}).status_code == 302
    assert _consents(app, tenant, "siti@contoh.id") == [1, 2]
    assert "Baca dan setujui" not in client.get("/akun", base_url=host).text


def test_download_holds_the_platforms_and_every_modules_data_of_this_account_only(app, tenant):
    user_id = add_user(app, tenant, "citizen", email="rina@contoh.id")
    other_id = add_user(app, tenant, "citizen", email="tono@contoh.id")
    with app.app_context(), tenant_context(tenant):
        mine = issued_permit(tenant_db.session.get(User, user_id), name="Rina Pemohon")
        research_application(tenant_db.session.get(User, other_id), name="Tono Lain")
        survey.answer(user_id, "sri_deli", f"izin-{mine.id}", [4, 3, 3, 4, 3, 4, 4, 2, 3], "Cepat sekali")
    citizen = app.test_client()
    sign_in(citizen, tenant, "rina@contoh.id")
    response = citizen.get("/akun/data-saya/unduh", base_url=f"http://{tenant.primary_host}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.text)
    assert data["platform"]["akun"]["email"] == "rina@contoh.id"
    assert data["platform"]["survei_kepuasan"][0]["saran"] == "Cepat sekali"
    permits = data["layanan"]["sri_deli"]["data"]["permohonan"]
    assert [p["pemohon"] for p in permits] == ["Rina Pemohon"] and permits[0]["nomor_izin"]
    assert "Tono" not in response.text and "tono@contoh.id" not in response.text


def test_deletion_is_asked_by_the_citizen_and_carried_out_by_the_admin(app, tenant):
    user_id = add_user(app, tenant, "citizen", email="rina@contoh.id")
    add_user(app, tenant, "admin", email="admin@contoh.id")
    with app.app_context(), tenant_context(tenant):
        user = tenant_db.session.get(User, user_id)
        issued = issued_permit(user, name="Rina Pemohon")
        refused = research_application(user, name="Rina Pemohon")
        refused.status = "ditolak"
        tenant_db.session.commit()
        survey.answer(user_id, "sri_deli", f"izin-{issued.id}", [4] * 9)
        issued_id, refused_id = issued.id, refused.id
    host = f"http://{tenant.primary_host}"
    citizen = app.test_client()
    sign_in(citizen, tenant, "rina@contoh.id")
    page = citizen.get("/akun/data-saya", base_url=host).text
    assert "Yang tetap disimpan, dan mengapa" in page and "Izin yang terbit" in page
    unticked = post_form(citizen, tenant, "/akun/data-saya/hapus", {"reason": "Pindah domisili"}, page="/akun/data-saya")
    assert unticked.status_code == 422 and "Pindah domisili" in unticked.text
    asked = post_form(citizen, tenant, "/akun/data-saya/hapus", {"reason": "Pindah domisili", "understood": "y"},
                      page="/akun/data-saya")
    assert asked.status_code == 302
    assert "sedang menunggu diproses" in citizen.get("/akun/data-saya", base_url=host).text

    admin = app.test_client()
    sign_in(admin, tenant, "admin@contoh.id")
    listing = admin.get("/admin/privasi/penghapusan", base_url=host).text
    assert "Pindah domisili" in listing and "rina@contoh.id" in listing
    assert citizen.get("/admin/privasi/penghapusan", base_url=host).status_code == 403
    with app.app_context(), tenant_context(tenant):
        from kiblat.platform.privacy.erasure import waiting

        request_id = waiting()[0][0].id
    no_note = post_form(admin, tenant, f"/admin/privasi/penghapusan/{request_id}/tolak", {"note": ""},
                        page="/admin/privasi/penghapusan")
    assert no_note.status_code == 302
    assert "Tulis alasan penolakan" in admin.get("/admin/privasi/penghapusan", base_url=host).text
    done = post_form(admin, tenant, f"/admin/privasi/penghapusan/{request_id}/hapus", {"note": "Identitas dicek"},
                     page="/admin/privasi/penghapusan")
    assert done.status_code == 302
    report = admin.get("/admin/privasi/penghapusan", base_url=host).text
    assert "Perizinan: berkas, isian, alamat dan NIK pada 1 permohonan yang ditolak." in report
    assert "Perizinan: 1 permohonan izin yang terbit" in report

    with app.app_context(), tenant_context(tenant):
        session = tenant_db.session
        user = session.get(User, user_id)
        assert (user.name, user.phone, user.nik_masked, user.active) == ("Warga (data dihapus)", None, None, False)
        assert user.email == f"dihapus-{user_id}@dihapus.invalid" and user.password_hash is None
        kept = session.get(Application, issued_id)
        assert kept.applicant_name == "Rina Pemohon" and kept.certificate_number and kept.documents
        gone = session.get(Application, refused_id)
        assert gone.form_data == {} and gone.nik_masked is None
        assert session.scalar(select(func.count(ApplicationDocument.id))
                              .where(ApplicationDocument.application_id == refused_id)) == 0
        assert session.scalar(select(SurveyResponse.user_id)) is None  # the rating stays, without the link
    # The account is gone for good: its session ended, and it cannot sign in again.
    assert citizen.get("/akun", base_url=host).status_code == 302
    assert sign_in(app.test_client(), tenant, "rina@contoh.id").status_code != 302
