"""Jus Melon: registration, the kecamatan check, same-day IUMK, public registry, isolation."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from kiblat.modules.jus_melon.models import ISSUED, Business
from kiblat.modules.jus_melon.services import bands, certificate, check, registry
from kiblat.modules.jus_melon.services.register import RegisterError, register
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.files import SCRIPT, SVG, bomb_png
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.jus_melon.helpers import (
    JPEG,
    PDF,
    desa_pair,
    kantor_camat,
    officer,
    registration_form,
)
from tests.signed_pdfs import regency_root, signature_status, text_of


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("sri_deli", "jus_melon"))


@pytest.mark.parametrize(("capital", "turnover", "scale"), [
    ("m1", "m2", "mikro"), ("m5", "m2", "kecil"), ("m1", "m15", "kecil"), ("m5", "m15", "kecil")])
def test_bands(capital, turnover, scale):
    assert bands.scale_of(capital, turnover) == scale


def test_too_large_is_refused():
    with pytest.raises(bands.BandError, match="OSS"):
        bands.scale_of("besar", "m2")


def test_register_check_issue_and_registry(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        home, elsewhere = desa_pair()
        result = register(registration_form(home), ("warung.jpg", JPEG), "a" * 24)
        business = result.business
        assert result.tracking_code and business.scale == "mikro" and business.photo_key
        assert register(registration_form(home), ("warung.jpg", JPEG), "a" * 24).replayed
        assert registry.search("melon") == []  # not issued yet
        outsider, outsider_perms = officer(elsewhere)
        assert check.queue(outsider, outsider_perms) == []
        with pytest.raises(check.CheckError, match="kecamatan lain"):
            check.decide(business, outsider, outsider_perms, True)
        camat, perms = officer(home)
        assert [b.id for b in check.queue(camat, perms)] == [business.id]
        with pytest.raises(check.CheckError, match="tidak berwenang"):
            check.decide(business, camat, frozenset(), True)
        check.decide(business, camat, perms, True)
        assert business.status == ISSUED and business.decided_at is not None and business.verify_token
        with pytest.raises(check.CheckError, match="sudah diputus"):
            check.decide(business, camat, perms, False, "x")
        assert [b.id for b in registry.search("MELON")] == [business.id]
        assert [b.id for b in registry.search("", desa_code=home.code)] == [business.id]
        assert registry.search("%") == []
        pdf = certificate.iumk_pdf(business)
        assert pdf.startswith(b"%PDF") and len(pdf) > 1500
        # Signed (PAdES) by the regency's certificate, in the camat's name, with the letterhead.
        status = signature_status(pdf, regency_root())
        assert status.intact and status.valid and status.trusted
        text = text_of(pdf)
        assert "IZIN USAHA MIKRO DAN KECIL" in text and business.number in text and camat.name in text
        assert certificate.issued_record(business).signer_name == camat.name


@pytest.mark.parametrize(("overrides", "photo", "message"), [
    ({"nik": "12"}, None, "NIK harus 16 angka"),
    ({"modal": "besar"}, None, "bukan usaha mikro/kecil"),
    ({"kegiatan": "999999"}, None, "Pilih kegiatan usaha"),
    ({"desa": "00.00.00.0000"}, None, "Pilih desa/kelurahan"),
    ({}, ("foto.jpg", PDF), "Foto tempat usaha: Jenis berkas tidak diterima: gunakan JPEG atau PNG."),
    ({}, ("foto.jpg", SCRIPT), "Foto tempat usaha: Jenis berkas tidak diterima"),
    ({}, ("foto.png", SVG), "Foto tempat usaha: Jenis berkas tidak diterima"),
    ({}, ("foto.png", bomb_png()), "Foto tempat usaha: Gambar terlalu besar"),
])
def test_bad_registrations_store_nothing(app_ctx, tenant, overrides, photo, message):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        home, _other = desa_pair()
        with pytest.raises(RegisterError) as caught:
            register(registration_form(home, **overrides), photo, "b" * 24)
        assert any(message in e for e in caught.value.errors), caught.value.errors
        assert tenant_db.session.scalar(select(func.count()).select_from(Business)) == 0


def test_rejection_needs_a_reason(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        home, _other = desa_pair()
        business = register(registration_form(home), None, "c" * 24).business
        camat, perms = officer(home)
        with pytest.raises(check.CheckError, match="Alasan wajib"):
            check.decide(business, camat, perms, False, " ")
        check.decide(business, camat, perms, False, "Alamat tidak ditemukan")
        assert business.status == "ditolak" and business.verify_token is None


def test_owner_web_flow_and_other_regency_sees_nothing(app, client, make_tenant, tenant):
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "citizen", email="rina@example.id")
    sign_in(client, tenant, "rina@example.id")
    with app.app_context(), tenant_context(tenant):
        home, _other = desa_pair()
        form = registration_form(home)
        home_code, kecamatan = home.code, home.kecamatan_code
        kantor = kantor_camat(home)
        tenant_db.session.commit()
    page = client.get(f"/iumk/ajukan?kecamatan={kecamatan}", base_url=base).get_data(as_text=True)
    key = re.search(r'name="kunci" value="([^"]+)"', page).group(1)
    response = client.post("/iumk/ajukan", base_url=base, content_type="multipart/form-data", data={
        **form, "csrf_token": csrf_token(page), "kunci": key, "langkah": "kirim",
        "foto": (io.BytesIO(JPEG), "warung.jpg")})
    assert response.status_code == 200, response.get_data(as_text=True)
    number = re.search(r'id="nomor">([^<]+)<', response.get_data(as_text=True)).group(1)
    officer_id = add_user(app, tenant, "officer", email="camat@example.id", desa_code=home_code,
                          opd_id=kantor, extra_roles=("petugas_iumk",))
    assert officer_id
    officer_client = app.test_client()
    sign_in(officer_client, tenant, "camat@example.id")
    queue = officer_client.get("/iumk/petugas", base_url=base).get_data(as_text=True)
    business_id = int(re.search(r"/iumk/petugas/(\d+)", queue).group(1))
    assert officer_client.get(f"/iumk/petugas/{business_id}/foto", base_url=base).mimetype == "image/jpeg"
    detail = officer_client.get(f"/iumk/petugas/{business_id}", base_url=base).get_data(as_text=True)
    done = officer_client.post(f"/iumk/petugas/{business_id}", base_url=base,
                               data={"csrf_token": csrf_token(detail), "aksi": "terbitkan"})
    assert done.status_code == 302
    mine = client.get("/iumk/saya", base_url=base).get_data(as_text=True)
    assert number in mine and "terbit" in mine
    pdf = client.get(f"/iumk/saya/{business_id}/iumk.pdf", base_url=base)
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert "Warung Melon Segar" in client.get("/iumk/?q=melon", base_url=base).get_data(as_text=True)
    api = client.get("/api/v1/iumk/usaha?q=melon", base_url=base).get_json()
    assert [i["number"] for i in api["items"]] == [number]
    other = make_tenant(modules=("sri_deli", "jus_melon"))
    other_base = f"http://{other.primary_host}"
    assert "Warung Melon Segar" not in client.get("/iumk/?q=melon", base_url=other_base).get_data(as_text=True)
    assert client.get("/api/v1/iumk/usaha?q=melon", base_url=other_base).get_json()["items"] == []
    assert officer_client.get(f"/iumk/petugas/{business_id}", base_url=other_base).status_code in (302, 403, 404)


def test_an_officer_placed_in_a_kecamatan_checks_its_registrations(app_ctx, tenant):
    from kiblat.platform.identity.accounts import create_user
    from kiblat.platform.identity.roles import permissions_for

    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        home, elsewhere = desa_pair()
        business = register(registration_form(home), ("warung.jpg", JPEG), "b" * 24).business
        camat = create_user(name="Petugas IUMK", role="petugas_iumk", email="iumk@example.id",
                            kecamatan_code=home.kecamatan_code)
        other = create_user(name="Petugas Lain", role="petugas_iumk", email="lain@example.id",
                            kecamatan_code=elsewhere.kecamatan_code)
        tenant_db.session.commit()
        perms = permissions_for(camat.role_keys, tenant)
        assert check.officer_kecamatan(camat) == home.kecamatan_code
        assert check.queue(other, perms) == []
        assert [b.id for b in check.queue(camat, perms)] == [business.id]
        check.decide(business, camat, perms, True)
        assert business.status == ISSUED


def test_tracking_by_code_and_the_owner_detail_page(app, client, make_tenant, tenant):
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "citizen", email="sari@example.id")
    sign_in(client, tenant, "sari@example.id")
    with app.test_request_context(base_url=base), tenant_context(tenant):
        from kiblat.platform.identity.accounts import find_by_identifier

        home, _other = desa_pair()
        result = register(registration_form(home, email="sari@example.id"), ("warung.jpg", JPEG), "c" * 24,
                          user=find_by_identifier("sari@example.id"))
        number, code, business_id = result.business.number, result.tracking_code, result.business.id
        tenant_db.session.commit()
    anonymous = app.test_client()
    found = anonymous.get(f"/iumk/lacak?nomor={number}&kode={code}", base_url=base)
    assert found.status_code == 200 and "menunggu pemeriksaan kecamatan" in found.text
    assert f'value="{code}"' not in found.text  # the code is not filled back into the form
    wrong = anonymous.get(f"/iumk/lacak?nomor={number}&kode=SALAH123", base_url=base)
    assert wrong.status_code == 404 and "tidak cocok" in wrong.text
    page = anonymous.get("/iumk/lacak", base_url=base)
    posted = anonymous.post("/iumk/lacak", base_url=base,
                            data={"csrf_token": csrf_token(page.text), "nomor": number, "kode": code})
    assert posted.status_code == 200 and "Warung Melon Segar" in posted.text

    mine = client.get("/iumk/saya", base_url=base).text
    assert f"/iumk/saya/{business_id}" in mine
    detail = client.get(f"/iumk/saya/{business_id}", base_url=base)
    assert detail.status_code == 200 and "menunggu pemeriksaan kecamatan" in detail.text and "diajukan" not in detail.text
    stranger = app.test_client()
    add_user(app, tenant, "citizen", email="lain@example.id")
    sign_in(stranger, tenant, "lain@example.id")
    assert stranger.get(f"/iumk/saya/{business_id}", base_url=base).status_code == 404
    other = make_tenant(modules=("sri_deli", "jus_melon"))
    assert anonymous.get(f"/iumk/lacak?nomor={number}&kode={code}",
                         base_url=f"http://{other.primary_host}").status_code == 404
