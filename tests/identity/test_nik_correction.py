"""NIK checks refuse impossible region codes; a citizen who mistyped their NIK asks for a
correction, the regency admin compares old and new and approves or rejects; all audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kiblat.platform.identity import nik_corrections, recovery
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.models import NikCorrection, User
from kiblat.platform.identity.nik import NikError, lookup_hash, parse_nik, protect
from kiblat.platform.privacy import erasure, export
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import local_nik, post_form
from tests.identity.helpers import add_user, sign_in


@pytest.mark.parametrize(("raw", "why"), [("9907281203900001", "99 bukan kode provinsi"),
                                          ("1200281203900001", "tidak boleh 00"),
                                          ("1207001203900001", "tidak boleh 00"),
                                          ("1207283203900001", "tanggal lahir")])
def test_impossible_region_or_birth_date_is_refused(raw, why):
    with pytest.raises(NikError, match=why):
        parse_nik(raw)


def test_plausible_old_region_code_is_only_a_warning():
    # 12.99 is no kabupaten/kota in today's list, but province 12 is real: a split may have renamed it.
    check = parse_nik("1299011203900001")
    assert check.warnings and "12.99.01" in check.warnings[0]
    assert not parse_nik("1207281203900001").warnings


def test_citizen_asks_admin_approves_and_audit_keeps_masked_numbers(app, make_tenant):
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    wrong, right = local_nik(app, tenant, "0001"), local_nik(app, tenant, "0002")
    citizen_id = add_user(app, tenant, role="citizen", email="warga@contoh.id")
    add_user(app, tenant, role="admin", email="admin@contoh.id")
    with app.app_context(), tenant_context(tenant):
        citizen = tenant_db.session.get(User, citizen_id)
        citizen.nik_hash, citizen.nik_cipher, citizen.nik_masked = protect(wrong)
        tenant_db.session.commit()

    warga = app.test_client()
    sign_in(warga, tenant, "warga@contoh.id")
    assert "Ajukan koreksi NIK" in warga.get("/akun", base_url=host).text
    bad = post_form(warga, tenant, "/akun/nik", {"nik": "9907281203900001", "reason": "salah ketik"})
    assert bad.status_code == 422 and "bukan kode provinsi" in bad.text
    assert "9907281203900001" in bad.text  # what was typed stays in the form
    same = post_form(warga, tenant, "/akun/nik", {"nik": wrong, "reason": "salah ketik"})
    assert same.status_code == 422 and "sama dengan NIK" in same.text
    sent = post_form(warga, tenant, "/akun/nik", {"nik": right, "reason": "salah ketik satu angka"})
    assert sent.status_code == 302
    assert "sedang diperiksa admin" in warga.get("/akun", base_url=host).text
    again = post_form(warga, tenant, "/akun/nik", {"nik": right, "reason": "lagi"})
    assert again.status_code in (200, 422) and "sedang diperiksa admin" in again.text

    admin = app.test_client()
    sign_in(admin, tenant, "admin@contoh.id")
    listed = admin.get("/admin/koreksi-nik", base_url=host)
    correction_id = int(re.search(r"/admin/koreksi-nik/(\d+)", listed.text).group(1))
    page = admin.get(f"/admin/koreksi-nik/{correction_id}", base_url=host)
    assert wrong in page.text and right in page.text and "salah ketik satu angka" in page.text
    done = post_form(admin, tenant, f"/admin/koreksi-nik/{correction_id}", {"decision": "approve", "note": ""})
    assert done.status_code == 302
    with app.app_context(), tenant_context(tenant):
        citizen = tenant_db.session.get(User, citizen_id)
        assert citizen.nik_hash == lookup_hash(right)
        entries = {e.action: e for e in tenant_db.session.scalars(select(AuditEntry))}
        assert {"account.nik_correction.request", "users.nik_correction.approve"} <= set(entries)
        details = str(entries["users.nik_correction.approve"].details)
        assert right not in details and wrong not in details and right[12:] in details


def test_reject_needs_a_note_and_a_taken_nik_cannot_be_requested(app_ctx, make_tenant):
    tenant = make_tenant()
    with tenant_context(tenant):
        a = create_user(name="A", role="citizen", email="a@contoh.id", password="kata-sandi-uji-123")
        b = create_user(name="B", role="citizen", email="b@contoh.id", password="kata-sandi-uji-123")
        admin = create_user(name="Admin", role="admin", email="adm@contoh.id", password="kata-sandi-uji-123")
        b.nik_hash, b.nik_cipher, b.nik_masked = protect("1207281203900005")
        tenant_db.session.commit()
        with pytest.raises(nik_corrections.CorrectionError, match="akun lain"):
            nik_corrections.request_correction(a, "1207281203900005", "punya saya")
        correction, _warnings = nik_corrections.request_correction(a, "1207281203900006", "salah ketik")
        with pytest.raises(nik_corrections.CorrectionError, match="alasan penolakan"):
            nik_corrections.decide(correction, False, "", admin)
        nik_corrections.decide(correction, False, "Tidak sesuai KTP", admin)
        assert tenant_db.session.get(NikCorrection, correction.id).status == "rejected"
        assert a.nik_hash is None
        # "Data saya" lists the requests with masked numbers; a deletion erases them with the codes.
        recovery.issue(a)
        tenant_db.session.commit()
        exported = export.platform_data(a)
        assert exported["koreksi_nik"][0]["nik_baru"] == "1207********0006"
        assert "1207281203900006" not in str(exported) and exported["kode_pemulihan_belum_dipakai"] == 10
        erasure.carry_out(erasure.request_erasure(a).id, admin, "Identitas dicek")
        assert not tenant_db.session.scalars(select(NikCorrection).where(NikCorrection.user_id == a.id)).all()
        assert recovery.remaining(a) == 0
