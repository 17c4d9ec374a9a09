"""``kiblat tenants create`` run in the command's own process, in the data-only app plus the
audit receivers (nothing it does renders a page): with no worker running, with ``--in-process``,
and for ``--dry-run``."""

from __future__ import annotations

import time

import click

from kiblat.platform.cli.provisioning_output import created_line, resume_hint, show_progress
from kiblat.platform.identity.account_mail import public_link
from kiblat.platform.identity.audit import receivers as audit_receivers
from kiblat.provisioning.run import ProvisioningFailed, plan, provision_now, run_progress
from kiblat.tenants.registry import tenant_registry


def provision_here(raw: dict, require_admin: bool, dry_run: bool, started: float) -> None:
    """Raises SpecError (nothing changed) or ClickException (a step failed: resumable)."""
    # The audit log records the modules this enables, as in the full app.
    audit_receivers.connect()
    if dry_run:
        for name, changes in plan(raw, require_admin):
            click.echo(f"{name:<15} {'; '.join(changes) if changes else '-'}")
        click.echo("(uji coba: tidak ada yang diubah)")
        return
    try:
        run = provision_now(raw, progress=show_progress, require_admin=require_admin)
    except ProvisioningFailed as exc:
        raise resume_hint(str(exc), run_progress(exc.run_id)["tenant"]) from None
    tenant = tenant_registry().by_slug(run.tenant_slug)
    click.echo(created_line(tenant.official_name, public_link(tenant, "/"), tenant.slug, tenant.status,
                            time.perf_counter() - started, run.id))
