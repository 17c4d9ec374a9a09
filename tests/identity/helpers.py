"""Signing in through the real login form (CSRF and all), as a browser would.

Every account but a citizen (staff and module roles) must use two-factor sign-in, so
``add_user`` enrols them with a TOTP secret and ``sign_in`` answers the second step
with a code computed by pyotp, exactly as an authenticator app would.
"""

from __future__ import annotations

import re

import pyotp
from flask.testing import FlaskClient
from sqlalchemy import select

from kiblat.platform.identity import twofactor
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import User
from kiblat.platform.identity.roles import CITIZEN_ROLE
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db

PASSWORD = "kata-sandi-uji-123"
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def add_user(app, tenant: TenantInfo, role: str = "citizen", email: str | None = None,  # noqa: ANN001
             two_factor: bool | None = None, **extra) -> int:
    """A user with PASSWORD; staff roles get two-factor enrolled unless ``two_factor=False``."""
    with app.app_context(), tenant_context(tenant):
        user = create_user(name=f"Pengguna {role}", role=role, email=email or f"{role}@{tenant.slug}.example.id",
                           password=PASSWORD, **extra)
        if two_factor or (two_factor is None and role != CITIZEN_ROLE):
            enrol_two_factor(user)
        tenant_db.session.commit()
        return user.id


def enrol_two_factor(user: User) -> str:
    """Enrol as the setup page would (a pending secret confirmed by a code); returns the secret."""
    secret = twofactor.pending_secret(user)
    assert twofactor.confirm_enrolment(user, pyotp.TOTP(secret).now())
    user.totp_last_step = None  # the enrolment code must not block the first sign-in in the same 30 s
    return secret


def current_code(app, tenant: TenantInfo, user_id: int) -> str:  # noqa: ANN001
    """The code the user's authenticator shows now. A test signing in twice within 30 s would
    be refused (each code works once), so the remembered step is cleared first."""
    with app.app_context(), tenant_context(tenant):
        user = tenant_db.session.get(User, user_id)
        user.totp_last_step = None
        tenant_db.session.commit()
        return pyotp.TOTP(twofactor.secret_of(user)).now()


def sign_in(client: FlaskClient, tenant: TenantInfo, identifier: str, password: str = PASSWORD,
            second_step: bool = True):  # noqa: ANN201
    """Password form, then (when asked for it and ``second_step``) the two-factor code form."""
    # base_url (not just a Host header) so the cookie jar files cookies under the regency's host.
    host = f"http://{tenant.primary_host}"
    page = client.get("/masuk", base_url=host)
    response = client.post(
        "/masuk", base_url=host,
        data={"identifier": identifier, "password": password, "csrf_token": csrf_token(page.get_data(as_text=True))},
    )
    if not second_step or response.status_code != 302 or "/masuk/kode" not in response.headers["Location"]:
        return response
    with client.application.app_context(), tenant_context(tenant):
        key = identifier.strip().lower()
        user_id = tenant_db.session.scalar(select(User.id).where((User.email == key) | (User.phone == key)))
    form = client.get(response.headers["Location"], base_url=host)
    return client.post(response.headers["Location"], base_url=host, data={
        "code": current_code(client.application, tenant, user_id),
        "csrf_token": csrf_token(form.get_data(as_text=True)),
    })
