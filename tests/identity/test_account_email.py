"""Verification and password-reset links arrive through a real SMTP server and work once."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from flask import Flask
from sqlalchemy import select, update

from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.models import AccountToken, User
from kiblat.platform.identity.passwords import verify_password
from kiblat.platform.identity.tokens import RESET_PASSWORD, VERIFY_EMAIL
from kiblat.platform.jobs.queue import run_due
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import PASSWORD, add_user, sign_in

NEW_PASSWORD = "durian-sibolangit-42"


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:  # noqa: ANN001
        self.messages.append(message)

    def for_address(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture(scope="module")
def smtp(backend: str) -> Iterator[tuple[Controller, Inbox]]:
    """One mail server and inbox per backend: a test never reads mail of the other backend's run."""
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture(scope="module")
def mail_app(app: Flask, smtp) -> Iterator[Flask]:
    controller, _ = smtp
    application = create_app({**app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_SMTP_URL": f"smtp://127.0.0.1:{controller.port}"})
    yield application
    with application.app_context():
        db.engine.dispose()
        application.extensions["kiblat_tenant_engines"].dispose()


def _deliver(app: Flask) -> None:
    """What the background worker does: send every queued message through SMTP."""
    with app.app_context():
        run_due()


def _link(message, host: str, path: str) -> str:  # noqa: ANN001
    body = message.get_payload(decode=True).decode()
    found = re.search(rf"http://{re.escape(host)}({path}/[A-Za-z0-9_-]+)", body)
    assert found, body
    return found.group(1)


def test_verification_link_arrives_and_marks_the_email_verified_once(mail_app, smtp, make_tenant):
    _, inbox = smtp
    tenant = make_tenant()
    client = mail_app.test_client()
    host = f"http://{tenant.primary_host}"
    response = post_form(client, tenant, "/daftar", {"name": "Rina", "email": "rina@contoh.id",
                                                     "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "consent": "y"})
    assert response.status_code == 302
    _deliver(mail_app)
    received = inbox.for_address("rina@contoh.id")
    assert len(received) == 1 and "Verifikasi email" in received[0]["Subject"]
    path = _link(received[0], tenant.primary_host, "/verifikasi")
    with mail_app.app_context(), tenant_context(tenant):
        stored = tenant_db.session.scalars(select(AccountToken.token_hash)).all()
        assert path.rsplit("/", 1)[1] not in stored  # only a hash is kept
    done = client.get(path, base_url=host)
    assert done.status_code == 200 and "Email terverifikasi" in done.text
    with mail_app.app_context(), tenant_context(tenant):
        assert tenant_db.session.scalar(select(User.email_verified_at).where(User.email == "rina@contoh.id"))
    again = client.get(path, base_url=host)
    assert again.status_code == 410 and "sudah dipakai" in again.text
    assert client.get(path, base_url=f"http://{make_tenant().primary_host}").status_code == 410  # other regency


def test_resend_is_rate_limited_and_retires_older_links(mail_app, smtp, make_tenant):
    _, inbox = smtp
    tenant = make_tenant()
    client = mail_app.test_client()
    host = f"http://{tenant.primary_host}"
    post_form(client, tenant, "/daftar", {"name": "Tono", "email": "tono@contoh.id",
                                          "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "consent": "y"})
    responses = [post_form(client, tenant, "/akun/verifikasi-ulang", {}, page="/akun") for _ in range(4)]
    assert [r.status_code for r in responses] == [302, 302, 302, 429]
    assert "Coba lagi dalam 15 menit" in responses[-1].text and "Akun saya" in responses[-1].text
    _deliver(mail_app)
    links = [_link(m, tenant.primary_host, "/verifikasi") for m in inbox.for_address("tono@contoh.id")]
    assert len(links) == 4  # the registration email and three resends
    assert client.get(links[0], base_url=host).status_code == 410  # replaced by a newer link
    assert client.get(links[-1], base_url=host).status_code == 200


def test_password_reset_by_email(mail_app, smtp, make_tenant):
    _, inbox = smtp
    tenant = make_tenant()
    add_user(mail_app, tenant, email="lupa@contoh.id")
    host = f"http://{tenant.primary_host}"
    old_device, client = mail_app.test_client(), mail_app.test_client()
    assert sign_in(old_device, tenant, "lupa@contoh.id").status_code == 302
    # The answer is the same whether or not the account exists.
    known = post_form(client, tenant, "/lupa-sandi", {"email": "LUPA@contoh.id"})
    unknown = post_form(client, tenant, "/lupa-sandi", {"email": "tidakada@contoh.id"})
    assert known.status_code == unknown.status_code == 200
    strip = lambda html: re.sub(r'value="[^"]*"', "", html)  # noqa: E731 - CSRF tokens differ
    assert strip(known.text) == strip(unknown.text) and "Bila alamat itu terdaftar" in known.text
    _deliver(mail_app)
    assert inbox.for_address("tidakada@contoh.id") == []
    received = inbox.for_address("lupa@contoh.id")
    assert len(received) == 1 and "Atur ulang kata sandi" in received[0]["Subject"]
    path = _link(received[0], tenant.primary_host, "/atur-ulang")

    weak = post_form(client, tenant, path, {"password": "123", "confirm": "123"})
    assert weak.status_code == 422 and "paling sedikit 10 karakter" in weak.text  # the link still works
    done = post_form(client, tenant, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "consent": "y"})
    assert done.status_code == 200 and "Kata sandi diganti" in done.text
    reused = client.get(path, base_url=host)
    assert reused.status_code == 410 and "sudah dipakai" in reused.text
    # Other sessions are signed out; only the new password works.
    assert "Keluar" not in old_device.get("/", base_url=host).text
    assert sign_in(client, tenant, "lupa@contoh.id", PASSWORD).status_code == 401
    assert sign_in(client, tenant, "lupa@contoh.id", NEW_PASSWORD).status_code == 302
    with mail_app.app_context(), tenant_context(tenant):
        user = tenant_db.session.scalar(select(User).where(User.email == "lupa@contoh.id"))
        assert verify_password(user.password_hash, NEW_PASSWORD) and user.session_version == 2


def test_expired_links_are_refused_with_a_clear_message(mail_app, smtp, make_tenant):
    _, inbox = smtp
    tenant = make_tenant()
    add_user(mail_app, tenant, email="lama@contoh.id")
    client = mail_app.test_client()
    host = f"http://{tenant.primary_host}"
    post_form(client, tenant, "/lupa-sandi", {"email": "lama@contoh.id"})
    _deliver(mail_app)
    path = _link(inbox.for_address("lama@contoh.id")[0], tenant.primary_host, "/atur-ulang")
    with mail_app.app_context(), tenant_context(tenant):
        tenant_db.session.execute(update(AccountToken).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
        tenant_db.session.commit()
        purposes = set(tenant_db.session.scalars(select(AccountToken.purpose)))
    assert purposes == {RESET_PASSWORD} and VERIFY_EMAIL not in purposes
    expired = client.get(path, base_url=host)
    assert expired.status_code == 410 and "kedaluwarsa" in expired.text
    posted = post_form(client, tenant, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, page="/lupa-sandi")
    assert posted.status_code == 410 and "kedaluwarsa" in posted.text
    assert client.get("/atur-ulang/bukan-token", base_url=host).status_code == 410
