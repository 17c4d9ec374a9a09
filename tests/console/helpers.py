"""Signing platform staff in (password + TOTP) and posting console forms with their CSRF token."""

from __future__ import annotations

import re
import uuid

import pyotp
from flask import Flask
from flask.testing import FlaskClient

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.staff.accounts import create_staff, enable_totp, totp_secret
from kiblat.platform.jobs.queue import run_due
from tests.identity.helpers import PASSWORD, csrf_token

BASE = "http://kiblat.test"


def signed_in_staff(app: Flask, name: str = "Rina Diskominfo") -> FlaskClient:
    """A staff member with TOTP enabled, signed in through the real forms."""
    email = f"konsol-{uuid.uuid4().hex[:8]}@deliserdangkab.go.id"
    with app.app_context():
        staff = create_staff(email=email, name=name, password=PASSWORD)
        db.session.commit()
        secret = totp_secret(staff)
        assert enable_totp(staff, pyotp.TOTP(secret).now())
        staff.totp_last_step = None  # the sign-in below may fall in the same 30 s step
        db.session.commit()
    client = app.test_client()
    page = client.get("/staff/masuk", base_url=BASE).get_data(as_text=True)
    response = client.post("/staff/masuk", base_url=BASE,
                           data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(page)})
    assert "/staff/verifikasi" in response.headers["Location"]
    page = client.get("/staff/verifikasi", base_url=BASE).get_data(as_text=True)
    response = client.post("/staff/verifikasi", base_url=BASE,
                           data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_token(page)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def post(client: FlaskClient, page_path: str, action: str, data: dict | None = None,  # noqa: ANN201
         prefix: str = "", **fields: object):
    """POST ``data`` to ``action`` with the CSRF token of ``page_path``; ``prefix`` names a prefixed form."""
    page = client.get(page_path, base_url=BASE)
    assert page.status_code == 200, page.status_code
    token = csrf_token(page.get_data(as_text=True))
    lead = f"{prefix}-" if prefix else ""
    body = {f"{lead}{k}": v for k, v in fields.items()}
    return client.post(action, base_url=BASE, data={**(data or {}), **body, f"{lead}csrf_token": token})


def tenant_page(slug: str) -> str:
    return f"/staff/konsol/daerah/{slug}"


def run_jobs(app: Flask) -> None:
    with app.app_context():
        run_due()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", html)
