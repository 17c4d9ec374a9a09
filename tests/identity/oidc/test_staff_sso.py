"""Staff single sign-on on the platform host hands validated claims to the staff hook."""

from __future__ import annotations

from flask import jsonify

from kiblat.platform.identity.oidc.staff import (
    HOOK_KEY,
    register_staff_login_hook,
    staff_oidc_login_url,
)
from tests.identity.oidc.conftest import SECRETS, Setup, browser, sign_in_at_provider


def test_staff_sso_runs_the_flow_and_calls_the_hook(sso: Setup) -> None:
    app = sso.app
    env = app.config["KIBLAT_SOURCE_ENV"]
    origin = f"http://{app.config['BASE_DOMAIN']}:{sso.port}"
    assert browser().get(f"{origin}/staff/masuk/sso", allow_redirects=False).status_code == 404  # not set up
    env.update({"KIBLAT_STAFF_OIDC_ISSUER": sso.issuer, "KIBLAT_STAFF_OIDC_CLIENT_ID": "kiblat-staff",
                "KIBLAT_STAFF_OIDC_CLIENT_SECRET": SECRETS["staff"]})
    with app.app_context():
        register_staff_login_hook(lambda claims: jsonify(sub=claims["sub"], email=claims.get("email"),
                                                         iss=claims["iss"], next=claims["next"]))
    try:
        with app.test_request_context(base_url=f"http://{app.config['BASE_DOMAIN']}"):
            assert staff_oidc_login_url("/staff") == "/staff/masuk/sso?next=/staff"
        client = browser()
        start = client.get(f"{origin}/staff/masuk/sso?next=/staff", allow_redirects=False)
        assert start.status_code == 302 and "code_challenge=" in start.headers["Location"]
        callback = sign_in_at_provider(client, start, "rina")
        tenant_host = f"{sso.tenant_a.primary_host}:{sso.port}"
        assert client.get(callback.replace(f"{app.config['BASE_DOMAIN']}:{sso.port}", tenant_host),
                          allow_redirects=False).status_code == 404  # not on a regency's host
        done = client.get(callback, allow_redirects=False)
        assert done.status_code == 200
        assert done.json() == {"sub": "rina", "email": "rina@contoh.go.id", "iss": sso.issuer, "next": "/staff"}
        assert client.get(callback, allow_redirects=False).status_code == 400  # a callback works once
    finally:
        for key in ("KIBLAT_STAFF_OIDC_ISSUER", "KIBLAT_STAFF_OIDC_CLIENT_ID", "KIBLAT_STAFF_OIDC_CLIENT_SECRET"):
            env.pop(key, None)
        app.extensions.pop(HOOK_KEY, None)


def test_staff_sso_signs_in_a_staff_account_and_still_asks_for_two_factor(sso: Setup) -> None:
    from kiblat.platform.core.extensions import db
    from kiblat.platform.identity.staff.accounts import create_staff, find_staff
    from kiblat.platform.staff.views import sso_login

    app = sso.app
    env = app.config["KIBLAT_SOURCE_ENV"]
    origin = f"http://{app.config['BASE_DOMAIN']}:{sso.port}"
    env.update({"KIBLAT_STAFF_OIDC_ISSUER": sso.issuer, "KIBLAT_STAFF_OIDC_CLIENT_ID": "kiblat-staff",
                "KIBLAT_STAFF_OIDC_CLIENT_SECRET": SECRETS["staff"]})
    with app.app_context():
        register_staff_login_hook(sso_login)  # what init_staff registers
        if find_staff("rina@contoh.go.id") is None:
            create_staff(email="rina@contoh.go.id", name="Rina", password="sandi-staf-yang-panjang-1")
            db.session.commit()
    try:
        client = browser()
        start = client.get(f"{origin}/staff/masuk/sso?next=/staff/", allow_redirects=False)
        done = client.get(sign_in_at_provider(client, start, "rina"), allow_redirects=False)
        assert done.status_code == 302 and "/staff/aktifkan-2fa" in done.headers["Location"]
        # Not signed in yet: the staff home still sends the person to sign in.
        assert client.get(f"{origin}/staff/", allow_redirects=False).status_code == 302
    finally:
        for key in ("KIBLAT_STAFF_OIDC_ISSUER", "KIBLAT_STAFF_OIDC_CLIENT_ID", "KIBLAT_STAFF_OIDC_CLIENT_SECRET"):
            env.pop(key, None)
