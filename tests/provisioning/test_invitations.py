"""Invitation emails go through a real SMTP server; the link sets a password exactly once."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from flask import Flask
from sqlalchemy import select

from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.models import User
from kiblat.platform.identity.passwords import verify_password
from kiblat.provisioning.run import provision_now
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:  # noqa: ANN001
        self.messages.append(message)


@pytest.fixture(scope="module")
def smtp(backend: str) -> Iterator[tuple[Controller, Inbox]]:
    """One mail server and inbox per backend: a test never reads mail of the other backend's run."""
    inbox = Inbox()
    with socket.socket() as probe:  # a free loopback port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture(scope="module")
def smtp_app(app: Flask, smtp) -> Iterator[Flask]:
    controller, _ = smtp
    environ = {**app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_SMTP_URL": f"smtp://127.0.0.1:{controller.port}"}
    application = create_app(environ)
    yield application
    with application.app_context():
        db.engine.dispose()
        application.extensions["kiblat_tenant_engines"].dispose()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_invitation_arrives_by_smtp_and_works_once(smtp_app: Flask, smtp, make_spec) -> None:
    _, inbox = smtp
    spec = make_spec()
    with smtp_app.app_context():
        provision_now(spec)
        host = tenant_registry().by_slug(spec["slug"]).primary_host
    email = spec["users"][0]["email"].lower()
    received = [m for m in inbox.messages if m["To"] == email]
    assert len(received) == 1
    assert "Undangan pengelola" in received[0]["Subject"]
    link = re.search(r"http://([^/\s]+)(/undangan/\S+)", received[0].get_payload(decode=True).decode()).groups()
    assert link[0] == host
    client = smtp_app.test_client()
    form = client.get(link[1], headers={"Host": host})
    assert form.status_code == 200 and "Atur kata sandi" in form.text
    assert '<label for="password">' in form.text and '<label for="confirm">' in form.text
    client.get("/bahasa/en?next=/", headers={"Host": host})
    english = client.get(link[1], headers={"Host": host}).text
    assert "Set your password" in english and "Save password" in english
    client.get("/bahasa/id?next=/", headers={"Host": host})
    data = {"csrf_token": _csrf(form.text), "password": "rahasia-sekali-1", "confirm": "rahasia-sekali-1"}
    without_csrf = client.post(link[1], headers={"Host": host}, data={k: v for k, v in data.items() if k != "csrf_token"})
    assert "Kata sandi tersimpan" not in without_csrf.text
    done = client.post(link[1], headers={"Host": host}, data=data)
    assert done.status_code == 200 and "Kata sandi tersimpan" in done.text
    assert f"Akun {email} sudah siap dipakai." in done.text and 'href="/masuk"' in done.text  # onward to sign in
    with smtp_app.app_context(), tenant_context(tenant_registry().by_slug(spec["slug"])):
        user = tenant_db.session.scalar(select(User).where(User.email == email))
        assert verify_password(user.password_hash, "rahasia-sekali-1")
        assert user.password_hash.startswith("$argon2id$")
    again = client.get(link[1], headers={"Host": host})
    assert again.status_code == 410 and "sudah dipakai" in again.text
    # The link belongs to its regency: another host does not know it.
    assert client.get(link[1], headers={"Host": "localhost"}).status_code in (400, 404)


def test_expired_link_is_refused(web_app: Flask, make_spec) -> None:
    from kiblat.platform.identity.services import (
        InvitationError,
        accept_invitation,
        issue_invitation,
    )

    with web_app.app_context():
        run = provision_now(make_spec())
        with tenant_context(tenant_registry().by_slug(run.tenant_slug)):
            user = tenant_db.session.scalar(select(User))
            token = issue_invitation(user, days=-1)
            tenant_db.session.commit()
            with pytest.raises(InvitationError, match="kedaluwarsa"):
                accept_invitation(token, "rahasia-sekali-1")


def test_outbox_page_is_for_signed_in_platform_staff(web_app: Flask, make_spec) -> None:
    from tests.console.helpers import signed_in_staff

    with web_app.app_context():
        run = provision_now(make_spec())
        host = tenant_registry().by_slug(run.tenant_slug).primary_host
    client = web_app.test_client()
    assert client.get("/dev/outbox", headers={"Host": "kiblat.test"}).status_code == 302  # to the staff sign-in
    page = signed_in_staff(web_app).get("/dev/outbox", base_url="http://kiblat.test")
    assert page.status_code == 200 and f"admin@{run.tenant_slug}.example.id" in page.text
    assert "/masuk" in client.get("/dev/outbox", headers={"Host": host}).headers["Location"]
