"""``kiblat tenants create``: provision a regency from a spec or flags.

With a ``kiblat worker`` running (``make run`` starts one), the command hands the spec to it and
shows the steps as the worker runs them (``provisioning/handoff.py``): the worker has the platform
loaded, so the command itself only reads the spec and talks to the control plane with plain
DB-API statements. With no worker, with ``--in-process``, for ``--dry-run`` and for a spec that
names a file (a logo, which a worker on another machine could not read) it loads the platform
and runs the steps itself (``tenants_create_here.py``).
"""

from __future__ import annotations

import os
import time
from typing import Any

import click

from kiblat.platform.cli.lazy import App, push_app
from kiblat.platform.cli.provisioning_output import (
    created_line,
    resume_hint,
    show_progress,
    spec_error,
)
from kiblat.platform.core.config import load_config, public_url
from kiblat.provisioning.handoff import (
    HandedRun,
    WorkerStopped,
    hand_over,
    live_worker,
    open_connection,
)
from kiblat.provisioning.spec_file import SpecError, load_spec_file
from kiblat.tenants.listing import listed_tenants


def _spec_from_flags(region: str | None, slug: str | None, module_keys: str, template: str | None,
                     admin_email: str | None, admin_name: str | None) -> dict:
    if not region:
        raise click.UsageError("berikan --spec FILE atau --region KODE")
    spec: dict = {"region": region, "modules": [k.strip() for k in module_keys.split(",") if k.strip()]}
    if slug:
        spec["slug"] = slug
    if template:
        spec["template"] = template
    if admin_email:
        spec["users"] = [{"name": admin_name or admin_email, "email": admin_email, "role": "admin"}]
    return spec


@click.command("create")
@click.option("--spec", "spec_file", type=click.Path(exists=True, dir_okay=False), help="Tenant spec (YAML/JSON).")
@click.option("--region", "region_code", help="Kemendagri code of the kabupaten/kota, e.g. 12.07")
@click.option("--slug", help="Subdomain name; derived from the region name when omitted.")
@click.option("--modules", "module_keys", default="", help="Comma-separated module keys to enable.")
@click.option("--template", help="Copy module configuration from this tenant.")
@click.option("--admin-email", help="The regency administrator to invite.")
@click.option("--admin-name", help="Their name.")
@click.option("--dry-run", is_flag=True, help="Print the plan; change nothing.")
@click.option("--in-process", is_flag=True, help="Run the steps in this process even when a worker is running.")
def create(spec_file: str | None, region_code: str | None, slug: str | None, module_keys: str,
           template: str | None, admin_email: str | None, admin_name: str | None, dry_run: bool,
           in_process: bool) -> None:
    """Provision a regency, or bring an existing one to its spec (only the differences)."""
    started = time.perf_counter()
    try:
        if spec_file:
            raw = load_spec_file(spec_file)
        else:
            raw = _spec_from_flags(region_code, slug, module_keys, template, admin_email, admin_name)
        # From flags an operator may create a bare tenant and invite its admin later.
        require_admin = bool(spec_file)
        if not (dry_run or in_process or _names_a_file(raw)) and _handed_to_worker(raw, require_admin, started):
            return
        push_app(App.DATA)
        # Imported only now: it loads the platform, which a handed-over create never needs.
        from kiblat.platform.cli.tenants_create_here import provision_here
        provision_here(raw, require_admin, dry_run, started)
    except SpecError as exc:
        raise spec_error(exc) from None


def _names_a_file(raw: dict) -> bool:
    """Whether the spec points at a file of this machine (a logo): a worker may run elsewhere."""
    branding = raw.get("branding")
    return isinstance(branding, dict) and branding.get("logo") is not None


def _handed_to_worker(raw: dict, require_admin: bool, started: float) -> bool:
    """True when a running worker provisioned the spec (its steps shown); False when none is
    running, or none took it in time, and nothing was done."""
    config = load_config(os.environ)
    conn = _worker_connection(config["SQLALCHEMY_DATABASE_URI"])
    if conn is None:
        return False
    try:
        handed = hand_over(conn, raw, require_admin, show_progress)
        if handed is None:
            return False
        _report(conn, config, handed, started)
        return True
    except WorkerStopped as exc:
        raise resume_hint("kiblat worker berhenti sebelum provisioning selesai.", exc.slug) from None
    finally:
        conn.close()


def _worker_connection(database_url: str) -> Any | None:  # noqa: ANN401 - a DB-API connection
    """A connection to the control plane when a worker is running; None otherwise, including
    when the database cannot be read yet (the in-process path then explains why)."""
    try:
        conn = open_connection(database_url)
    except Exception:  # noqa: BLE001 - any driver's error: the in-process path reports it
        return None
    if conn is None:
        return None
    try:
        if live_worker(conn):
            return conn
    except Exception:  # noqa: BLE001, S110 - e.g. a control plane not upgraded yet
        pass
    conn.close()
    return None


def _report(conn: Any, config: dict, handed: HandedRun, started: float) -> None:  # noqa: ANN401
    if handed.status != "succeeded":
        raise resume_hint(handed.error or "provisioning gagal", handed.tenant_slug)
    (tenant,) = listed_tenants(conn, handed.tenant_slug)
    click.echo(created_line(tenant.official_name, public_url(config, tenant.host, "/"), tenant.slug, tenant.status,
                            time.perf_counter() - started, handed.run_id))
