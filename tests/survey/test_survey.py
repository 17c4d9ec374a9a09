"""The satisfaction survey: modules offer completed services through their manifest hook, the
citizen rates each once on the nine SKM elements, the regency sees the IKM."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiblat.platform.identity.models import User
from kiblat.platform.survey import service
from kiblat.platform.survey.models import SurveyResponse
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import PASSWORD, add_user, csrf_token, sign_in
from tests.survey.helpers import ALL_NINE, issued_permit, research_application


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("sri_deli",))


def _citizen_with_permit(app, tenant, email: str) -> tuple[int, str]:  # noqa: ANN001
    user_id, ref, _number = _citizen_with_numbered_permit(app, tenant, email)
    return user_id, ref


def _citizen_with_numbered_permit(app, tenant, email: str) -> tuple[int, str, str]:  # noqa: ANN001
    user_id = add_user(app, tenant, "citizen", email=email)
    with app.app_context(), tenant_context(tenant):
        application = issued_permit(tenant_db.session.get(User, user_id))
        return user_id, f"izin-{application.id}", application.certificate_number


def test_citizen_rates_an_issued_permit_once_and_the_admin_sees_the_index(app, tenant):
    user_id, ref, number = _citizen_with_numbered_permit(app, tenant, "rina@contoh.id")
    add_user(app, tenant, "admin", email="admin@contoh.id")
    host = f"http://{tenant.primary_host}"
    citizen = app.test_client()
    assert sign_in(citizen, tenant, "rina@contoh.id").status_code == 302

    listing = citizen.get("/survei", base_url=host).text
    assert "Izin Penelitian" in listing or "Penelitian" in listing
    path = f"/survei/sri_deli/{ref}"
    assert path in listing
    assert number and f"Nomor {number}" in listing  # two permits of one kind told apart
    page = citizen.get(path, base_url=host).text
    for element in ("Persyaratan", "Sistem, mekanisme, dan prosedur", "Waktu penyelesaian", "Biaya/tarif",
                    "Produk spesifikasi jenis pelayanan", "Kompetensi pelaksana", "Perilaku pelaksana",
                    "Penanganan pengaduan, saran dan masukan", "Sarana dan prasarana"):
        assert element in page
    assert "www.lapor.go.id" in page

    # Eight answers of nine: refused with one clear message, the answers given are still chosen.
    partial = {k: v for k, v in ALL_NINE.items() if k != "u9"}
    refused = citizen.post(path, base_url=host, data={**partial, "suggestion": "Antrean cepat",
                                                      "csrf_token": csrf_token(page)})
    assert refused.status_code == 422 and "Pilih satu jawaban untuk setiap unsur." in refused.text
    assert "Antrean cepat" in refused.text and '<input checked id="u8-1"' in refused.text, refused.text

    done = citizen.post(path, base_url=host, data={**ALL_NINE, "suggestion": "Antrean cepat",
                                                   "csrf_token": csrf_token(page)})
    assert done.status_code == 302
    assert citizen.get(path, base_url=host).status_code == 404  # once only
    with app.app_context(), tenant_context(tenant):
        row = tenant_db.session.scalar(select(SurveyResponse))
        assert row.scores() == [4, 3, 3, 4, 3, 4, 4, 2, 3] and row.user_id == user_id
        assert row.unit_name.startswith("Dinas KESBANGPOL") or row.unit_name

    admin = app.test_client()
    assert sign_in(admin, tenant, "admin@contoh.id").status_code == 302
    report = admin.get("/admin/ikm", base_url=host)
    # One respondent: (4+3+3+4+3+4+4+2+3)/9 × 25 = 30/9 × 25 = 83.33 → mutu B.
    assert report.status_code == 200 and "83,33" in report.text and "Mutu B (Baik)" in report.text
    assert "<svg" in report.text and "Antrean cepat" in report.text
    assert citizen.get("/admin/ikm", base_url=host).status_code == 403


def test_nobody_rates_another_citizens_service(app, tenant):
    _, ref = _citizen_with_permit(app, tenant, "pemilik@contoh.id")
    add_user(app, tenant, "citizen", email="lain@contoh.id")
    other = app.test_client()
    sign_in(other, tenant, "lain@contoh.id")
    host = f"http://{tenant.primary_host}"
    assert ref not in other.get("/survei", base_url=host).text
    assert other.get(f"/survei/sri_deli/{ref}", base_url=host).status_code == 404
    with app.app_context(), tenant_context(tenant):
        other_id = tenant_db.session.scalar(select(User.id).where(User.email == "lain@contoh.id"))
        with pytest.raises(service.SurveyError):
            service.answer(other_id, "sri_deli", ref, [4] * 9)
        assert tenant_db.session.scalar(select(func.count(SurveyResponse.id))) == 0


def test_an_unfinished_application_is_not_offered(app, tenant):
    user_id = add_user(app, tenant, "citizen", email="baru@contoh.id")
    with app.app_context(), tenant_context(tenant):
        research_application(tenant_db.session.get(User, user_id))
        assert service.pending(user_id) == []


def test_every_completed_service_kind_reaches_the_survey_through_the_module_hooks(app, make_tenant):
    """The platform names no module: Jus Melon and Jumpa Madu declare their completed services too."""
    tenant = make_tenant(modules=("sri_deli", "jus_melon", "jumpa_madu"))
    keys = {m.key for m in app.extensions["kiblat_modules"] if m.completed_services}
    assert {"sri_deli", "jus_melon", "jumpa_madu"} <= keys
    with app.app_context(), tenant_context(tenant):
        for manifest in app.extensions["kiblat_modules"]:
            if manifest.completed_services:
                assert manifest.hook("completed_services")(PASSWORD and 999_999) == []
