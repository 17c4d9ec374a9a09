"""``kiblat users create``: add a user to a regency (operators and tests)."""

from __future__ import annotations

import click

from kiblat.platform.identity.accounts import AccountError, create_user
from kiblat.platform.identity.passwords import PasswordError
from kiblat.tenants.database import tenant_db
from kiblat.tenants.scope import run_in_tenant


@click.group("users", help="Users of a regency.")
def users_group() -> None:
    pass


@users_group.command("create")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--role", required=True, help="citizen, officer, village_operator, admin or a module's role")
@click.option("--email")
@click.option("--phone")
@click.option("--password", help="Omit to leave the account without one (set through an invitation).")
@click.option("--opd-id", type=int, help="OPD of an officer.")
@click.option("--desa", "desa_code", help="Desa/kelurahan code of a village operator.")
def create(slug: str, name: str, role: str, email: str | None, phone: str | None, password: str | None,
           opd_id: int | None, desa_code: str | None) -> None:
    with run_in_tenant(slug):
        try:
            user = create_user(name=name, role=role, email=email, phone=phone, password=password,
                               opd_id=opd_id, desa_code=desa_code)
            tenant_db.session.commit()
        except (AccountError, PasswordError) as exc:
            tenant_db.session.rollback()
            raise click.ClickException(str(exc)) from None
        click.echo(f"{slug}: user #{user.id} {user.email or user.phone} ({role})")
