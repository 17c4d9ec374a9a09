"""Migrations across the fleet: which tenant is at which revision per branch, and upgrades
of a chosen group (pilot regencies first, then the rest) run by the job worker.

A run's progress is a small JSON file under ``<instance>/console/upgrades/`` written by the
job after every tenant (atomically), so the page can show it without a schema change.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from kiblat.migrations import runner
from kiblat.platform.console.actions import ConsoleError, log_staff_action
from kiblat.platform.console.overview import TenantRow, tenant_rows
from kiblat.platform.core.extensions import db
from kiblat.platform.core.files import write_atomically
from kiblat.platform.identity.staff.models import StaffUser
from kiblat.platform.jobs.queue import enqueue
from kiblat.tenants.models import Tenant, TenantStatus

JOB_KIND = "console.fleet_upgrade"
RUN_ID_RE = re.compile(r"^[0-9a-f]{32}$")
MAX_SLUGS = 1000


@dataclass(frozen=True)
class BranchSummary:
    branch: str
    head: str
    at_head: int
    behind: int


def fleet_status() -> tuple[list[TenantRow], list[BranchSummary]]:
    """Tenants that migrations apply to (not provisioning) and, per branch, how many are at head."""
    rows = [r for r in tenant_rows() if r.status != TenantStatus.PROVISIONING]
    heads = runner.tenant_heads()
    summaries = []
    for branch in sorted(heads, key=lambda b: (b != runner.CORE_BRANCH, b)):
        using = [r for r in rows if branch == runner.CORE_BRANCH or branch in r.modules]
        behind = sum(1 for r in using if branch in r.behind)
        summaries.append(BranchSummary(branch, heads[branch], len(using) - behind, behind))
    return rows, summaries


def runs_dir() -> Path:
    return Path(current_app.config["INSTANCE_PATH"]) / "console" / "upgrades"


def _write(run_id: str, data: dict) -> None:
    write_atomically(runs_dir() / f"{run_id}.json", json.dumps(data).encode())


def read_run(run_id: str) -> dict | None:
    if not RUN_ID_RE.match(run_id or ""):
        return None
    path = runs_dir() / f"{run_id}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def recent_runs(limit: int = 10) -> list[dict]:
    folder = runs_dir()
    runs = [json.loads(p.read_text()) for p in folder.glob("*.json")] if folder.is_dir() else []
    runs = sorted(runs, key=lambda r: r["requested_at"], reverse=True)[:limit]
    # The page shows when a run was asked for in the reader's time zone, not the stored ISO text.
    return [{**run, "requested": datetime.fromisoformat(run["requested_at"])} for run in runs]


def start_upgrade(staff: StaffUser, slugs: list[str] | None) -> str:
    """Queue an upgrade of ``slugs`` (a pilot group), or with ``None`` of every pending tenant."""
    if slugs is not None:
        slugs = sorted({s.strip() for s in slugs if s and s.strip()})
        if not slugs:
            raise ConsoleError(_("Pilih paling sedikit satu kabupaten/kota untuk ditingkatkan."))
        if len(slugs) > MAX_SLUGS:
            raise ConsoleError(_("Terlalu banyak kabupaten/kota dipilih sekaligus."))
        known = set(db.session.scalars(select(Tenant.slug).where(Tenant.slug.in_(slugs))))
        unknown = [s for s in slugs if s not in known]
        if unknown:
            raise ConsoleError(_("Kabupaten/kota tidak ditemukan: %(slugs)s", slugs=", ".join(unknown[:10])))
    run_id = uuid.uuid4().hex
    _write(run_id, {"id": run_id, "slugs": slugs, "status": "queued", "requested_by": staff.name,
                    "requested_at": datetime.now(UTC).isoformat(), "done": 0, "total": None, "results": []})
    job_id = enqueue(JOB_KIND, {"run_id": run_id}, max_attempts=1)
    data = read_run(run_id)
    data["job_id"] = job_id
    _write(run_id, data)
    log_staff_action(staff, None, "fleet.upgrade", {"run_id": run_id, "slugs": slugs or "pending"})
    return run_id


def run_upgrade(run_id: str) -> None:
    """The job: upgrade the run's tenants one by one, writing progress after each."""
    data = read_run(run_id)
    if data is None:
        raise LookupError(f"no fleet upgrade run {run_id}")
    pending, current = runner.pending_tenants(data["slugs"])
    data.update(status="running", total=len(pending), done=0,
                results=[{"slug": s, "status": "skipped", "error": ""} for s in current])
    _write(run_id, data)

    def progress(index: int, total: int, result: runner.TenantUpgradeResult) -> None:
        data["done"] = index
        data["results"].append({"slug": result.slug, "status": result.status, "error": result.error[:500]})
        _write(run_id, data)

    try:
        runner.upgrade_all_tenants(slugs=data["slugs"] if data["slugs"] is not None else None, progress=progress)
    except Exception as exc:
        data.update(status="failed", error=f"{type(exc).__name__}: {exc}"[:500])
        _write(run_id, data)
        raise
    data.update(status="done", finished_at=datetime.now(UTC).isoformat())
    _write(run_id, data)
