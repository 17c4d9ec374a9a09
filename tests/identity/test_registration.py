"""Citizens sign themselves up: validated fields, protected NIK, one NIK per regency."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiblat.platform.identity.models import User
from kiblat.platform.identity.nik import reveal
from kiblat.platform.identity.passwords import verify_password
from kiblat.platform.identity.registration import RegistrationError, register_citizen
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import local_nik, post_form

GOOD = {"name": "Siti Aminah", "email": "Siti@Contoh.id", "phone": "0812-3456-7890",
        "password": "sawit-lubuk-pakam-7", "confirm": "sawit-lubuk-pakam-7", "consent": "y"}


def test_register_through_the_form_signs_in_and_shows_masked_nik(app, client, make_tenant):
    tenant = make_tenant()
    nik = local_nik(app, tenant)
    response = post_form(client, tenant, "/daftar", {**GOOD, "nik": nik})
    assert response.status_code == 302 and response.headers["Location"].endswith("/akun")
    page = client.get("/akun", base_url=f"http://{tenant.primary_host}").get_data(as_text=True)
    assert "Siti Aminah" in page and "siti@contoh.id" in page and "belum diverifikasi" in page
    assert f"{nik[:4]}********{nik[12:]}" in page and nik not in page
    assert "Kode wilayah" not in page  # the NIK is from this regency: no warning
    with app.app_context(), tenant_context(tenant):
        user = tenant_db.session.scalar(select(User).where(User.email == "siti@contoh.id"))
        assert (user.role_key, user.phone) == ("citizen", "+6281234567890")
        assert user.password_hash.startswith("$argon2id$") and verify_password(user.password_hash, GOOD["password"])
        assert nik not in (user.nik_hash + user.nik_cipher) and reveal(user.nik_cipher) == nik
        assert user.nik_masked == f"{nik[:4]}********{nik[12:]}"


def test_bad_input_gets_a_message_per_field_and_keeps_what_was_typed(app, client, make_tenant):
    tenant = make_tenant()
    response = post_form(client, tenant, "/daftar", {
        "name": "Budi", "email": "bukan-email", "phone": "12345", "nik": "1207", "password": "pendek",
        "confirm": "lain"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Alamat email tidak valid.", "Nomor telepon tidak valid", "NIK harus 16 angka.",
                    "Kata sandi paling sedikit 10 karakter.", "Kata sandi tidak sama."):
        assert message in html
    assert 'value="bukan-email"' in html and 'value="Budi"' in html  # nothing typed is lost
    assert 'value="pendek"' not in html  # passwords are never echoed back


def test_html_in_name_is_refused_and_oversized_fields_are_rejected(app, client, make_tenant):
    tenant = make_tenant()
    response = post_form(client, tenant, "/daftar", {**GOOD, "name": "<script>alert(1)</script>"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "tidak boleh memuat tanda" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    response = post_form(client, tenant, "/daftar", {**GOOD, "name": "A" * 500})
    assert response.status_code == 422 and "Paling banyak 120 karakter." in response.get_data(as_text=True)
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.scalar(select(User.id)) is None


def test_nik_rules(app_ctx, make_tenant):
    tenant = make_tenant()
    nik = local_nik(app_ctx, tenant)
    with tenant_context(tenant):
        for bad, message in (("1207011502900000", "nomor urut"), ("1207013302900001", "tanggal lahir"),
                             ("12070115029000011", "16 angka")):
            with pytest.raises(RegistrationError) as caught:
                register_citizen(name="A B", email="a@contoh.id", password=GOOD["password"], nik=bad)
            assert message in caught.value.errors["nik"]
        # A NIK from another region is accepted, with a warning to double-check.
        elsewhere = register_citizen(name="Pendatang", email="p@contoh.id", password=GOOD["password"],
                                     nik="3171011503900002")
        assert elsewhere.user.nik_masked == "3171********0002"
        assert any("31.71.01" in w for w in elsewhere.warnings)
        register_citizen(name="Pertama", email="satu@contoh.id", password=GOOD["password"], nik=nik)
        with pytest.raises(RegistrationError) as caught:
            register_citizen(name="Kedua", phone="081298765432", password=GOOD["password"],
                             nik=f"{nik[:6]}.{nik[6:12]} {nik[12:]}")
        assert "NIK ini sudah terdaftar" in caught.value.errors["nik"]
    # The same NIK is fine in another regency: every regency keeps its own citizens.
    other = make_tenant()
    with tenant_context(other):
        assert register_citizen(name="Pertama", email="satu@contoh.id", password=GOOD["password"], nik=nik).user


def test_duplicate_email_or_phone_and_contact_rules(app_ctx, make_tenant):
    tenant = make_tenant()
    with tenant_context(tenant):
        register_citizen(name="A B", email="a@contoh.id", phone="081234567890", password=GOOD["password"])
        with pytest.raises(RegistrationError) as caught:
            register_citizen(name="C D", email="A@contoh.ID", phone="+62 812-3456-7890", password=GOOD["password"])
        assert "Email ini sudah terdaftar" in caught.value.errors["email"]
        assert "Nomor telepon ini sudah terdaftar." in caught.value.errors["phone"]
        with pytest.raises(RegistrationError) as caught:
            register_citizen(name="E F", password=GOOD["password"])
        assert "Isi email atau nomor telepon" in caught.value.errors["email"]
        # Phone only is enough; it is stored in E.164.
        done = register_citizen(name="G H", phone="0813 1111 2222", password=GOOD["password"])
        assert done.user.phone == "+6281311112222" and not done.verification_sent
