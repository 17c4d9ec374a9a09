"""A provisioning run: the steps in order, each recorded in the control-plane journal.

The journal says which step a run is at and why it failed. A failed (or killed) run
leaves the tenant in ``provisioning``; :func:`execute_run` on the same run, or a new
run of the same spec, continues from what already exists.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from sqlalchemy import insert, select, update

from kiblat.platform.core.extensions import db
from kiblat.provisioning.faults import pause_point
from kiblat.provisioning.models import ProvisioningRun, ProvisioningStep
from kiblat.provisioning.progress import StepEvent
from kiblat.provisioning.spec import validate_spec
from kiblat.provisioning.steps import STEPS, StepContext
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.models import utcnow
from kiblat.tenants.registry import tenant_registry


class ProvisioningFailed(RuntimeError):
    """A step failed; the run and the tenant stay resumable."""

    def __init__(self, run_id: str, step: str, error: str) -> None:
        self.run_id, self.step, self.error = run_id, step, error
        super().__init__(f"Langkah {step} gagal: {error}")

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        # Picklable with its three arguments: a run in a process pool (the fleet benchmark, a
        # fleet of creations) then reports the failed step instead of a broken pool.
        return type(self), (self.run_id, self.step, self.error)


Progress = Callable[[StepEvent], None]


def plan(raw_spec: dict, require_admin: bool = True) -> list[tuple[str, list[str]]]:
    """What each step would change, changing nothing (``--dry-run``)."""
    ctx = StepContext(validate_spec(raw_spec, require_admin), dry_run=True)
    return [(name, step(ctx)) for name, step in STEPS]


def start_run(raw_spec: dict, require_admin: bool = True) -> str:
    """Validate the spec (raising SpecError before anything changes) and journal a new run."""
    spec = validate_spec(raw_spec, require_admin)
    run = ProvisioningRun(tenant_slug=spec["slug"], spec=spec, status="queued")
    db.session.add(run)
    db.session.commit()
    return run.id


def execute_run(run_id: str, progress: Progress | None = None) -> ProvisioningRun:
    """Run (or continue) every step not yet done in this run; raise ProvisioningFailed."""
    run = db.session.get(ProvisioningRun, run_id)
    if run is None:
        raise LookupError(f"run {run_id!r} tidak ditemukan")
    recorded = {s.name: s.status for s in run.steps}
    ctx = StepContext(dict(run.spec))
    journal = _Journal(run_id, set(recorded))
    for position, (name, step) in enumerate(STEPS, 1):
        if recorded.get(name) in ("done", "unchanged"):
            continue
        journal.start(position, name)
        if progress:
            progress(StepEvent(position, len(STEPS), name, "running"))
        started = time.perf_counter()
        pause_point(f"{name}:start")
        try:
            changes = step(ctx)
        except Exception as exc:  # recorded in the journal, then re-raised as the run's failure
            db.session.rollback()
            message = f"{type(exc).__name__}: {exc}" if not str(exc).startswith(type(exc).__name__) else str(exc)
            journal.fail(name, message)
            if progress:
                progress(StepEvent(position, len(STEPS), name, "failed", (), time.perf_counter() - started, message))
            raise ProvisioningFailed(run_id, name, message) from exc
        pause_point(f"{name}:end")
        journal.finish(name, "done" if changes else "unchanged", changes)
        if progress:
            progress(StepEvent(position, len(STEPS), name, "done" if changes else "unchanged",
                               tuple(changes), time.perf_counter() - started))
    journal.succeed()
    return db.session.get(ProvisioningRun, run_id)


_RUNS, _STEPS = ProvisioningRun.__table__, ProvisioningStep.__table__


class _Journal:
    """Writes a run's journal with plain statements and as few commits as the journal's promise
    allows: a step is ``running`` (committed) before it starts, and its end is committed together
    with the next step's start (or the run's end). So a run killed anywhere shows the step it was
    in, and a step's end is never recorded before the step returned — at one commit per step,
    which keeps provisioning fast enough for test suites that make hundreds of regencies.

    The writes of one commit go to the server together: on PostgreSQL as one statement (the
    others as data-modifying WITH clauses), so a step's journal costs one round trip, not three."""

    def __init__(self, run_id: str, recorded: set[str]) -> None:
        self.run_id, self.recorded = run_id, recorded
        self._pending: list = []  # the statements of the next commit, in order

    def _run(self, **values: object) -> None:
        # updated_at given, not left to the column's onupdate: with WITH clauses attached,
        # SQLAlchemy leaves Python-side update defaults of the outer statement unset.
        self._pending.append(update(_RUNS).where(_RUNS.c.id == self.run_id).values(**values, updated_at=utcnow()))

    def _step(self, name: str, **values: object) -> None:
        self._pending.append(update(_STEPS).where(_STEPS.c.run_id == self.run_id, _STEPS.c.name == name)
                             .values(**values))

    def _commit(self) -> None:
        statements, self._pending = self._pending, []
        if len(statements) > 1 and db.engine.dialect.name == "postgresql":
            # Each statement touches other rows, so running them under one snapshot is the same.
            *first, last = statements
            statements = [last.add_cte(*(s.cte(f"journal_{i}") for i, s in enumerate(first)))]
        for statement in statements:
            db.session.execute(statement)
        db.session.commit()

    def start(self, position: int, name: str) -> None:
        if name in self.recorded:
            self._step(name, status="running", error=None, started_at=utcnow(), finished_at=None)
        else:
            self._pending.append(insert(_STEPS).values(
                run_id=self.run_id, position=position, name=name, status="running", changes=[],
                started_at=utcnow()))
            self.recorded.add(name)
        self._run(status="running", error=None, current_step=name)
        self._commit()

    def finish(self, name: str, status: str, changes: list[str]) -> None:
        self._step(name, status=status, changes=changes, error=None, finished_at=utcnow())

    def fail(self, name: str, error: str) -> None:
        self._step(name, status="failed", changes=[], error=error, finished_at=utcnow())
        self._run(status="failed", error=f"Langkah {name} gagal: {error}")
        self._commit()

    def succeed(self) -> None:
        self._run(status="succeeded", error=None, current_step=None, finished_at=utcnow())
        self._commit()


def provision_now(raw_spec: dict, progress: Progress | None = None,
                  require_admin: bool = True) -> ProvisioningRun:
    """Validate, journal and run a spec in this process (the CLI's ``tenants create``)."""
    return execute_run(start_run(raw_spec, require_admin), progress)


def provision_tenant(region: str, slug: str | None = None, modules: Iterable[str] = (),
                     time_zone: str | None = None) -> TenantInfo:
    """A bare, active regency from its region code (names, colours and time zone derived from
    it; no admin invited): the short form of a spec, for tests and benchmarks. Raises SpecError."""
    spec: dict = {"region": region, "modules": list(modules)}
    if slug is not None:
        spec["slug"] = slug
    if time_zone is not None:
        spec["time_zone"] = time_zone
    run = provision_now(spec, require_admin=False)
    return tenant_registry().fresh(run.tenant_slug)


def latest_run(slug: str) -> ProvisioningRun | None:
    return db.session.scalar(
        select(ProvisioningRun).where(ProvisioningRun.tenant_slug == slug)
        .order_by(ProvisioningRun.created_at.desc(), ProvisioningRun.id.desc()).limit(1)
    )


def resume(slug: str, progress: Progress | None = None) -> ProvisioningRun:
    """Continue the tenant's latest unfinished run (failed, or killed while running)."""
    run = latest_run(slug)
    if run is None:
        raise LookupError(f"Tenant {slug!r} tidak memiliki riwayat provisioning")
    if run.status == "succeeded":
        raise LookupError(f"Provisioning {slug!r} terakhir sudah selesai; tidak ada yang dilanjutkan")
    return execute_run(run.id, progress)


def run_progress(run_id: str) -> dict | None:
    """The run's state for a progress display or the web onboarding (JSON-ready)."""
    db.session.expire_all()
    run = db.session.get(ProvisioningRun, run_id)
    if run is None:
        return None
    steps = {s.name: s for s in run.steps}
    return {
        "id": run.id,
        "tenant": run.tenant_slug,
        "status": run.status,
        "current_step": run.current_step,
        "error": run.error,
        "steps": [
            {"name": name, "status": steps[name].status if name in steps else "pending",
             "changes": list(steps[name].changes or []) if name in steps else [],
             "error": steps[name].error if name in steps else None}
            for name, _ in STEPS
        ],
    }
