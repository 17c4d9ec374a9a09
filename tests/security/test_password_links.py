"""An invitation sets a password once and never replaces one; any new password (invitation,
reset link, change on the account page) retires every other invitation and reset link of the
account and signs out the account's other sessions."""

from __future__ import annotations

from flask import Flask

from kiblat.platform.identity import tokens
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import User
from kiblat.platform.identity.passwords import hash_password, verify_password
from kiblat.platform.identity.services import issue_invitation
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import PASSWORD, add_user, sign_in

NEW_PASSWORD = "sandi-baru-yang-kuat-77"


def _host(tenant: TenantInfo) -> str:
    return f"http://{tenant.primary_host}"


def _links(app: Flask, tenant: TenantInfo, user_id: int) -> tuple[str, str]:
    """(an invitation, a password-reset link) of the user, both outstanding."""
    with app.app_context(), tenant_context(tenant):
        user = tenant_db.session.get(User, user_id)
        invitation = issue_invitation(user)
        reset = tokens.issue_token(user, tokens.RESET_PASSWORD)
        tenant_db.session.commit()
        return invitation, reset


def _password_is(app: Flask, tenant: TenantInfo, user_id: int, password: str) -> bool:
    with app.app_context(), tenant_context(tenant):
        return verify_password(tenant_db.session.get(User, user_id).password_hash, password)


def _signed_in(client, tenant: TenantInfo) -> bool:  # noqa: ANN001
    return client.get("/akun", base_url=_host(tenant)).status_code == 200


def test_an_invitation_is_void_once_the_account_has_a_password(app: Flask, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        user = create_user(name="Admin Binjai", role="admin", email="admin@binjai.example")
        invitation = issue_invitation(user)
        # The password is set another way than this link (an operator, the demo set-up, SSO).
        user.password_hash = hash_password(PASSWORD)
        tenant_db.session.commit()
        user_id = user.id
    client = app.test_client()
    page = client.get(f"/undangan/{invitation}", base_url=_host(tenant))
    assert page.status_code == 410
    assert "sudah memiliki kata sandi" in page.get_data(as_text=True)
    assert 'name="password"' not in page.get_data(as_text=True)
    # Posting the form anyway (with a CSRF token from another page) changes nothing.
    response = post_form(client, tenant, f"/undangan/{invitation}",
                         {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, page="/masuk")
    assert response.status_code == 410
    assert _password_is(app, tenant, user_id, PASSWORD)


def test_an_invitation_works_once(app: Flask, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        user = create_user(name="Petugas", role="citizen", email="baru@binjai.example")
        invitation = issue_invitation(user)
        tenant_db.session.commit()
        user_id = user.id
    client = app.test_client()
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert post_form(client, tenant, f"/undangan/{invitation}", data).status_code == 200
    assert _password_is(app, tenant, user_id, NEW_PASSWORD)
    again = post_form(client, tenant, f"/undangan/{invitation}", {**data, "password": "lain-lagi-sandi-99",
                                                                    "confirm": "lain-lagi-sandi-99"}, page="/masuk")
    assert again.status_code == 410
    assert _password_is(app, tenant, user_id, NEW_PASSWORD)


def test_changing_the_password_retires_links_and_signs_out_other_sessions(app: Flask, make_tenant):
    tenant = make_tenant()
    user_id = add_user(app, tenant, email="warga@binjai.example")
    other_device, this_device = app.test_client(), app.test_client()
    assert sign_in(other_device, tenant, "warga@binjai.example").status_code == 302
    assert sign_in(this_device, tenant, "warga@binjai.example").status_code == 302
    invitation, reset = _links(app, tenant, user_id)

    response = post_form(this_device, tenant, "/akun/sandi",
                         {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, page="/akun")
    assert response.status_code == 302
    assert _signed_in(this_device, tenant)
    assert not _signed_in(other_device, tenant)
    anonymous = app.test_client()
    assert anonymous.get(f"/atur-ulang/{reset}", base_url=_host(tenant)).status_code == 410
    assert anonymous.get(f"/undangan/{invitation}", base_url=_host(tenant)).status_code == 410


def test_a_password_reset_retires_the_invitation_and_signs_out_every_session(app: Flask, make_tenant):
    tenant = make_tenant()
    user_id = add_user(app, tenant, email="lupa@binjai.example")
    device = app.test_client()
    assert sign_in(device, tenant, "lupa@binjai.example").status_code == 302
    invitation, reset = _links(app, tenant, user_id)

    anonymous = app.test_client()
    done = post_form(anonymous, tenant, f"/atur-ulang/{reset}", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 200
    assert _password_is(app, tenant, user_id, NEW_PASSWORD)
    assert not _signed_in(device, tenant)
    assert anonymous.get(f"/undangan/{invitation}", base_url=_host(tenant)).status_code == 410
    assert anonymous.get(f"/atur-ulang/{reset}", base_url=_host(tenant)).status_code == 410
