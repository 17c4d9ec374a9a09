"""The public channel, the receipt code, routing and who may open a case."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from kiblat.modules.mesra.models import Report
from kiblat.modules.mesra.services import reports
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.roles import roles_requiring_two_factor
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, csrf_token
from tests.modules.mesra.helpers import CODE_RE, post_form, regency, signed_in, submit


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


def test_an_anonymous_report_without_an_account_gets_a_receipt_code(app, make_tenant):
    r = regency(app, make_tenant)
    client, host = app.test_client(), f"http://{r.tenant.primary_host}"
    page = client.get("/mesra/lapor", base_url=host)
    assert page.status_code == 200 and "<script" not in page.get_data(as_text=True)
    response = client.post("/mesra/lapor", base_url=host, content_type="multipart/form-data", data={
        "csrf_token": csrf_token(page.get_data(as_text=True)), "school": str(r.school_a), "violence_form": "perundungan",
        "what": "Saya diejek setiap hari di kelas.", "accused": "murid", "evidence": (io.BytesIO(PNG), "foto.png")})
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:400]
    code = CODE_RE.search(html).group(1).replace(" ", "")
    assert len(code) == 16 and code.isdigit()
    with app.app_context(), tenant_context(r.tenant):
        report = reports.by_code(code)
        assert report.route == "tppk" and report.identity_enc is None and len(report.files) == 1
    status = post_form(client, r.tenant, "/mesra/lapor/cek", "/mesra/lapor/cek", {"code": " ".join(code[i:i + 4] for i in range(0, 16, 4))})
    assert status.status_code == 200 and "Laporan diterima" in status.get_data(as_text=True)


def test_spoofed_school_and_bad_input_keep_what_was_typed(app, make_tenant):
    r = regency(app, make_tenant)
    client, host = app.test_client(), f"http://{r.tenant.primary_host}"
    page = client.get("/mesra/lapor", base_url=host)
    response = client.post("/mesra/lapor", base_url=host, data={
        "csrf_token": csrf_token(page.get_data(as_text=True)), "school": "999999", "violence_form": "fisik",
        "what": "Kejadian yang saya tulis panjang."})
    html = response.get_data(as_text=True)
    assert "Pilih sekolah dari daftar." in html and "Kejadian yang saya tulis panjang." in html
    with app.app_context(), tenant_context(r.tenant):
        assert tenant_db.session.scalar(select(Report.id)) is None


def test_wrong_codes_all_answer_the_same_and_are_rate_limited(app, make_tenant):
    r = regency(app, make_tenant)
    _id, code = submit(app, r.tenant, r.school_a)
    client = app.test_client()
    answers = set()
    for guess in ("1234567890123456", "12", "abcd", str(int(code) + 1 if code[0] != "9" else int(code) - 1).zfill(16)):
        response = post_form(client, r.tenant, "/mesra/lapor/cek", "/mesra/lapor/cek", {"code": guess})
        assert response.status_code == 404
        answers.add(response.get_data(as_text=True).split('name="csrf_token"')[0][-400:])
    assert len(answers) == 1
    for _ in range(10):
        response = post_form(client, r.tenant, "/mesra/lapor/cek", "/mesra/lapor/cek", {"code": "0000000000000000"})
    assert response.status_code == 429
    # Blocked means blocked, even for the right code: a right guess is not revealed.
    assert post_form(client, r.tenant, "/mesra/lapor/cek", "/mesra/lapor/cek", {"code": code}).status_code == 429


def test_routing_and_conflict_of_interest(app, make_tenant):
    r = regency(app, make_tenant)
    ordinary, _ = submit(app, r.tenant, r.school_a)
    chosen, _ = submit(app, r.tenant, r.school_a, satgas_only=True)
    principal, _ = submit(app, r.tenant, r.school_a, accused="kepala_sekolah")
    member, _ = submit(app, r.tenant, r.school_a, accused="anggota_tppk")
    with app.app_context(), tenant_context(r.tenant):
        routes = {i: (tenant_db.session.get(Report, i).route, tenant_db.session.get(Report, i).route_reason)
                  for i in (ordinary, chosen, principal, member)}
    assert routes == {ordinary: ("tppk", "default"), chosen: ("satgas", "reporter"),
                      principal: ("satgas", "conflict"), member: ("satgas", "conflict")}
    host = f"http://{r.tenant.primary_host}"
    tppk = signed_in(app, r.tenant, "tppk-a")
    assert tppk.get(f"/mesra/kasus/{ordinary}", base_url=host).status_code == 200
    for hidden in (chosen, principal, member):
        assert tppk.get(f"/mesra/kasus/{hidden}", base_url=host).status_code == 403
    listing = tppk.get("/mesra/kasus", base_url=host).get_data(as_text=True)
    assert f"#{ordinary}<" in listing and f"#{principal}<" not in listing
    satgas = signed_in(app, r.tenant, "satgas")
    for visible in (ordinary, chosen, principal, member):
        assert satgas.get(f"/mesra/kasus/{visible}", base_url=host).status_code == 200


def test_handler_of_another_school_gets_403_and_an_audit_entry(app, make_tenant):
    r = regency(app, make_tenant)
    case_a, _ = submit(app, r.tenant, r.school_a, what="Isi rahasia sekolah A")
    other = signed_in(app, r.tenant, "tppk-b")
    response = other.get(f"/mesra/kasus/{case_a}", base_url=f"http://{r.tenant.primary_host}")
    assert response.status_code == 403 and "Isi rahasia" not in response.get_data(as_text=True)
    own = signed_in(app, r.tenant, "tppk-a")
    assert "Isi rahasia sekolah A" in own.get(f"/mesra/kasus/{case_a}",
                                              base_url=f"http://{r.tenant.primary_host}").get_data(as_text=True)
    with app.app_context(), tenant_context(r.tenant):
        entries = {(e.action, e.actor_user_id) for e in tenant_db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_id == str(case_a)))}
    assert ("mesra.case_refused", r.tppk_b) in entries
    assert ("mesra.case_opened", r.tppk_a) in entries


def test_the_regency_admin_cannot_read_reports(app, make_tenant):
    r = regency(app, make_tenant)
    case_a, _ = submit(app, r.tenant, r.school_a, what="Tidak untuk admin")
    add_user(app, r.tenant, "admin", email=f"admin@{r.tenant.slug}.example.id")
    admin = signed_in(app, r.tenant, "admin")
    host = f"http://{r.tenant.primary_host}"
    assert admin.get("/mesra/sekolah", base_url=host).status_code == 200
    assert admin.get(f"/mesra/kasus/{case_a}", base_url=host).status_code == 403
    assert admin.get("/mesra/kasus", base_url=host).status_code == 403


def test_roles_that_read_reports_require_two_factor(app, make_tenant):
    tenant = make_tenant(modules=("mesra",))
    with app.app_context():
        required = roles_requiring_two_factor(tenant)
    assert {"tppk", "satgas_ppksp", "kustodian_mesra"} <= required


def test_reporter_and_handler_talk_through_the_code(app, make_tenant):
    r = regency(app, make_tenant)
    case_a, code = submit(app, r.tenant, r.school_a)
    host = f"http://{r.tenant.primary_host}"
    tppk = signed_in(app, r.tenant, "tppk-a")
    post_form(tppk, r.tenant, f"/mesra/kasus/{case_a}", f"/mesra/kasus/{case_a}/pesan",
              {"body": "Di kelas berapa kejadiannya?"})
    post_form(tppk, r.tenant, f"/mesra/kasus/{case_a}", f"/mesra/kasus/{case_a}/pesan",
              {"body": "Catatan rahasia tim", "internal": "y"})
    reporter = app.test_client()
    status = post_form(reporter, r.tenant, "/mesra/lapor/cek", "/mesra/lapor/cek", {"code": code}).get_data(as_text=True)
    assert "Di kelas berapa kejadiannya?" in status and "Catatan rahasia tim" not in status
    answer = reporter.post("/mesra/lapor/balas", base_url=host, content_type="multipart/form-data", data={
        "csrf_token": csrf_token(status), "code": code, "body": "Kelas 5B.", "evidence": (io.BytesIO(PNG), "b.png")})
    assert "Kelas 5B." in answer.get_data(as_text=True)
    page = tppk.get(f"/mesra/kasus/{case_a}", base_url=host).get_data(as_text=True)
    assert "Kelas 5B." in page and "b.png" in page
    hostile = reporter.post("/mesra/lapor/balas", base_url=host, content_type="multipart/form-data", data={
        "csrf_token": csrf_token(status), "code": code, "body": "",
        "evidence": (io.BytesIO(b"<html><script>alert(1)</script>"), "x.pdf")})
    assert "Jenis berkas tidak diterima" in hostile.get_data(as_text=True) or "gunakan" in hostile.get_data(as_text=True)
