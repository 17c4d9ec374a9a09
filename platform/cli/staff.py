"""``kiblat staff create``: add a platform staff member (Diskominfo Deli Serdang)."""

from __future__ import annotations

import secrets

import click

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.accounts import AccountError
from kiblat.platform.identity.passwords import PasswordError
from kiblat.platform.identity.staff.accounts import create_staff


@click.group("staff", help="Platform staff (sign in on the platform host with two-factor).")
def staff_group() -> None:
    pass


@staff_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", help="Omit to generate one, printed once.")
def create(email: str, name: str, password: str | None) -> None:

    generated = password is None
    password = password or secrets.token_urlsafe(15)
    try:
        staff = create_staff(email=email, name=name, password=password)
        db.session.commit()
    except (AccountError, PasswordError) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    click.echo(f"staff #{staff.id} {staff.email}: two-factor enrolment on first sign-in at /staff/masuk")
    if generated:
        click.echo(f"password: {password}")
