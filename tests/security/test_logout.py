"""Signing out ends the session on the server: a copy of the cookie taken before is
anonymous afterwards (regency users, platform staff, onboarding applicants), and pages of a
signed-in person are never stored by browsers or proxies."""

from __future__ import annotations

from flask import Flask

from kiblat.platform.core.extensions import db
from tests.console.helpers import BASE, signed_in_staff
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.onboarding.helpers import PASSWORD as APPLICANT_PASSWORD
from tests.onboarding.helpers import make_applicant


def _replay(app: Flask, cookie: str, host: str, path: str):  # noqa: ANN201
    thief = app.test_client()
    thief.set_cookie("kiblat_session", cookie, domain=host)
    return thief.get(path, base_url=f"http://{host}")


def test_a_copied_regency_cookie_is_anonymous_after_signing_out(app: Flask, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, role="admin", email="admin@keluar.example")
    browser = app.test_client()
    assert sign_in(browser, tenant, "admin@keluar.example").status_code == 302
    copied = browser.get_cookie("kiblat_session", domain=tenant.primary_host).value
    assert _replay(app, copied, tenant.primary_host, "/akun").status_code == 200  # the copy works while signed in

    host = f"http://{tenant.primary_host}"
    page = browser.get("/akun", base_url=host).get_data(as_text=True)
    assert browser.post("/keluar", base_url=host, data={"csrf_token": csrf_token(page)}).status_code == 302

    replayed = _replay(app, copied, tenant.primary_host, "/akun")
    assert replayed.status_code == 302 and "/masuk" in replayed.headers["Location"]
    assert _replay(app, copied, tenant.primary_host, "/admin/").status_code == 302
    # Signing in again gives a new, working session.
    assert sign_in(browser, tenant, "admin@keluar.example").status_code == 302
    assert browser.get("/akun", base_url=host).status_code == 200


def _assert_copy_dies_with_sign_out(app: Flask, browser, page: str, sign_out: str, sign_in_page: str) -> None:  # noqa: ANN001
    """A copy of ``browser``'s platform-host cookie opens ``page`` until ``sign_out`` is posted."""
    copied = browser.get_cookie("kiblat_session", domain="kiblat.test").value
    assert _replay(app, copied, "kiblat.test", page).status_code == 200
    form = browser.get(page, base_url=BASE).get_data(as_text=True)
    assert browser.post(sign_out, base_url=BASE, data={"csrf_token": csrf_token(form)}).status_code == 302
    replayed = _replay(app, copied, "kiblat.test", page)
    assert replayed.status_code == 302 and sign_in_page in replayed.headers["Location"]


def test_a_copied_staff_cookie_is_anonymous_after_signing_out(app: Flask):
    _assert_copy_dies_with_sign_out(app, signed_in_staff(app), "/staff/", "/staff/keluar", "/staff/masuk")


def test_a_copied_applicant_cookie_is_anonymous_after_signing_out(app: Flask):
    with app.app_context():
        applicant = make_applicant()
        email = applicant.email
        db.session.commit()
    browser = app.test_client()
    page = browser.get("/bergabung/masuk", base_url=BASE).get_data(as_text=True)
    signed = browser.post("/bergabung/masuk", base_url=BASE,
                          data={"email": email, "password": APPLICANT_PASSWORD, "csrf_token": csrf_token(page)})
    assert signed.status_code == 302
    _assert_copy_dies_with_sign_out(app, browser, "/bergabung/langkah/wilayah", "/bergabung/keluar",
                                    "/bergabung/masuk")


def test_signed_in_pages_are_not_stored_shared_assets_still_are(app: Flask, make_tenant):
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    anonymous = app.test_client()
    assert "no-store" not in anonymous.get("/", base_url=host).headers.get("Cache-Control", "")
    add_user(app, tenant, email="warga@simpan.example")
    browser = app.test_client()
    assert sign_in(browser, tenant, "warga@simpan.example").status_code == 302
    for path in ("/akun", "/", "/pengumuman/"):
        assert browser.get(path, base_url=host).headers["Cache-Control"] == "no-store", path
    assert "max-age" in browser.get("/brand.css?v=1", base_url=host).headers["Cache-Control"]
    assert "no-store" not in browser.get("/static/kiblat.css", base_url=host).headers.get("Cache-Control", "")
    staff = signed_in_staff(app)
    assert staff.get("/staff/", base_url=BASE).headers["Cache-Control"] == "no-store"
