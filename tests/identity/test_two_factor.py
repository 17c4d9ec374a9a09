"""TOTP two-factor sign-in: enrolment, the second step, throttling, staff must enrol."""

from __future__ import annotations

import re

import pyotp
from sqlalchemy import select

from kiblat.platform.identity import twofactor
from kiblat.platform.identity.models import User
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import PASSWORD, add_user, current_code, sign_in

RECOVERY_RE = re.compile(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>")
SECRET_RE = re.compile(r'<code class="secret">([A-Z2-7 ]+)</code>')


def _secret_from_page(html: str) -> str:
    match = SECRET_RE.search(html)
    assert match, "no manual key on the page"
    return match.group(1).replace(" ", "")


def test_staff_must_enrol_before_using_staff_pages(app, client, make_tenant):
    tenant = make_tenant()
    user_id = add_user(app, tenant, role="admin", email="admin@contoh.id", two_factor=False)
    host = f"http://{tenant.primary_host}"
    response = sign_in(client, tenant, "admin@contoh.id")
    assert response.status_code == 302 and "/akun/dua-langkah" in response.headers["Location"]
    blocked = client.get("/admin/pengguna", base_url=host)
    assert blocked.status_code == 302 and "/akun/dua-langkah" in blocked.headers["Location"]
    setup = client.get("/akun/dua-langkah", base_url=host)
    assert setup.status_code == 200 and 'src="data:image/svg+xml' in setup.text
    secret = _secret_from_page(setup.text)
    assert _secret_from_page(client.get("/akun/dua-langkah", base_url=host).text) == secret  # stable on reload
    with app.app_context(), tenant_context(tenant):
        stored = tenant_db.session.get(User, user_id).totp_secret_cipher
        assert secret not in stored  # encrypted at rest
    wrong = post_form(client, tenant, "/akun/dua-langkah", {"code": "000000"})
    assert wrong.status_code == 422 and "Kode salah" in wrong.text
    done = post_form(client, tenant, "/akun/dua-langkah?next=/admin/pengguna", {"code": pyotp.TOTP(secret).now()})
    # The recovery codes are shown once, then the person goes on to where they were heading.
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    assert len(RECOVERY_RE.findall(done.text)) == 10 and 'href="/admin/pengguna"' in done.text
    assert client.get("/admin/pengguna", base_url=host).status_code == 200


def test_sign_in_with_second_step_and_codes_work_once(app, make_tenant):
    tenant = make_tenant()
    user_id = add_user(app, tenant, role="officer", email="petugas@contoh.id",
                       opd_id=_make_opd(app, tenant))
    client = app.test_client()
    host = f"http://{tenant.primary_host}"
    first = sign_in(client, tenant, "petugas@contoh.id", second_step=False)
    assert first.status_code == 302 and first.headers["Location"].startswith("/masuk/kode")
    # Half signed in: no staff page, no name in the header, the login page sends back to the code.
    assert client.get("/akun", base_url=host).status_code == 302
    assert "Keluar" not in client.get("/", base_url=host).text
    assert client.get("/masuk", base_url=host).headers["Location"].startswith("/masuk/kode")
    code = current_code(app, tenant, user_id)
    accepted = post_form(client, tenant, "/masuk/kode", {"code": code})
    assert accepted.status_code == 302
    assert "Keluar" in client.get("/", base_url=host).text
    # The same code cannot sign in a second device.
    other = app.test_client()
    sign_in(other, tenant, "petugas@contoh.id", second_step=False)
    replay = post_form(other, tenant, "/masuk/kode", {"code": code})
    assert replay.status_code == 401 and "sudah dipakai" in replay.text


def test_wrong_codes_are_throttled(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, role="admin", email="admin@contoh.id")
    sign_in(client, tenant, "admin@contoh.id", second_step=False)
    for _ in range(5):
        assert post_form(client, tenant, "/masuk/kode", {"code": "123456"}).status_code == 401
    limited = post_form(client, tenant, "/masuk/kode", {"code": "123456"})
    assert limited.status_code == 429 and "coba lagi dalam 15 menit" in limited.text


def test_citizen_may_turn_two_factor_on_and_off(app, client, make_tenant):
    tenant = make_tenant()
    user_id = add_user(app, tenant, email="warga@contoh.id")
    host = f"http://{tenant.primary_host}"
    sign_in(client, tenant, "warga@contoh.id")
    assert "Aktifkan verifikasi dua langkah" in client.get("/akun", base_url=host).text
    secret = _secret_from_page(client.get("/akun/dua-langkah", base_url=host).text)
    assert post_form(client, tenant, "/akun/dua-langkah", {"code": pyotp.TOTP(secret).now()}).status_code == 200
    assert "Aktif: setiap kali masuk" in client.get("/akun", base_url=host).text
    # Next sign-in asks for a code.
    fresh = app.test_client()
    assert "/masuk/kode" in sign_in(fresh, tenant, "warga@contoh.id", second_step=False).headers["Location"]
    wrong = post_form(client, tenant, "/akun/dua-langkah/matikan", {"current": "salah-sekali-99"})
    assert wrong.status_code == 422 and "Kata sandi saat ini salah." in wrong.text
    assert post_form(client, tenant, "/akun/dua-langkah/matikan", {"current": PASSWORD}).status_code == 302
    with app.app_context(), tenant_context(tenant):
        user = tenant_db.session.get(User, user_id)
        assert not twofactor.is_enabled(user) and user.totp_secret_cipher is None


def test_staff_cannot_switch_two_factor_off(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, role="admin", email="admin@contoh.id")
    sign_in(client, tenant, "admin@contoh.id")
    assert client.get("/akun/dua-langkah/matikan", base_url=f"http://{tenant.primary_host}").status_code == 403


def _make_opd(app, tenant) -> int:  # noqa: ANN001
    from kiblat.platform.identity.models import Opd

    with app.app_context(), tenant_context(tenant):
        opd = Opd(name="Dinas Kependudukan", short_name="Disdukcapil")
        tenant_db.session.add(opd)
        tenant_db.session.commit()
        return opd.id


def test_qr_code_is_an_inline_svg_the_csp_allows(app_ctx, make_tenant):
    tenant = make_tenant()
    with tenant_context(tenant):
        user = tenant_db.session.scalar(select(User))
        assert user is None
        uri = pyotp.TOTP(pyotp.random_base32()).provisioning_uri(name="a@contoh.id", issuer_name="Kiblat")
        assert twofactor.qr_data_uri(uri).startswith("data:image/svg+xml")
