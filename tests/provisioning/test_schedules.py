"""Schedules: declared once, fired once per deployment however many workers tick, at the
tenant's own wall-clock time (WIB, WITA, WIT). Every clock here is injected."""

from __future__ import annotations

import dataclasses
import os
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import redis
from flask import Flask

from kiblat.platform.core import app as app_module
from kiblat.platform.jobs.runner import JobQueue, bind, tick
from kiblat.platform.jobs.schedules import (
    Schedule,
    Scheduled,
    ScheduleError,
    Target,
    due_runs,
    schedule_table,
)
from kiblat.platform.jobs.storage import make_huey
from kiblat.platform.modular.manifest import Localized, ModuleManifest
from kiblat.platform.modular.registry import ModuleRegistry
from tests.conftest import build_environ

REDIS_URL = os.environ.get("KIBLAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
DIGEST = Schedule("pasar.digest", "daily", at="07:00")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_next_run_is_at_the_tenants_local_time() -> None:
    now = utc(2026, 12, 2, 12, 0)  # 19:00 WIB, 20:00 WITA, 21:00 WIT
    assert DIGEST.next_run(WIB, now) == utc(2026, 12, 3, 0, 0)  # 07:00 WIB = 00:00 UTC
    assert DIGEST.next_run(WITA, now) == utc(2026, 12, 2, 23, 0)  # 07:00 WITA = 23:00 UTC the day before
    assert DIGEST.next_run(WIT, now) == utc(2026, 12, 2, 22, 0)  # 07:00 WIT = 22:00 UTC the day before
    monthly = Schedule("billing.invoices", "monthly", at="06:00", day=1, per_tenant=False)
    assert monthly.next_run(WIB, now) == utc(2026, 12, 31, 23, 0)  # 1 January 06:00 WIB
    weekly = Schedule("pasar.report", "weekly", at="08:30", day=1)  # Mondays
    assert weekly.next_run(WIT, now) == utc(2026, 12, 6, 23, 30)  # Monday 7 Dec, 08:30 WIT
    assert DIGEST.last_run(WITA, now) == utc(2026, 12, 1, 23, 0)


def test_a_per_tenant_schedule_fires_for_each_tenant_at_its_own_local_time() -> None:
    table = [Scheduled("pasar", DIGEST, module="pasar")]
    targets = [Target("wib", WIB, frozenset({"pasar"})), Target("wita", WITA, frozenset({"pasar"})),
               Target("wit", WIT, frozenset({"pasar"})), Target("lain", WIT, frozenset({"pengumuman"}))]
    claimed: set[str] = set()

    def claim(key: str) -> bool:
        if key in claimed:
            return False
        claimed.add(key)
        return True

    def fired(now: datetime) -> list[str | None]:
        return [run.tenant_slug for run in due_runs(table, targets, now, claim)]

    assert fired(utc(2026, 12, 2, 21, 59)) == []  # 06:59 WIT
    assert fired(utc(2026, 12, 2, 22, 0)) == ["wit"]  # 07:00 WIT
    assert fired(utc(2026, 12, 2, 22, 1)) == []  # claimed already
    assert fired(utc(2026, 12, 2, 23, 0)) == ["wita"]
    assert fired(utc(2026, 12, 3, 0, 0)) == ["wib"]
    assert fired(utc(2026, 12, 3, 22, 0)) == ["wit"]  # the next day
    # A worker that was down at 07:00 still runs it within the catch-up window, not after.
    assert fired(utc(2026, 12, 3, 23, 30)) == ["wita"]
    assert fired(utc(2026, 12, 5, 3, 0)) == []


def test_a_schedule_declared_twice_is_a_start_up_error(app, monkeypatch, tmp_path) -> None:
    with pytest.raises(ScheduleError, match=r"job 'pasar.digest' is scheduled twice \(by pasar and by pasar\)"):
        schedule_table([], [("pasar", DIGEST), ("pasar", dataclasses.replace(DIGEST, at="15:00"))])
    with pytest.raises(ScheduleError, match="'billing.sweep' is scheduled twice .by platform and by platform"):
        schedule_table([Schedule("billing.sweep", "daily", per_tenant=False)] * 2, [])
    # The app refuses to start with one.
    sweep_again = Schedule("billing.sweep", "daily", at="13:00", per_tenant=False)
    monkeypatch.setattr(app_module, "PLATFORM_SCHEDULES", (*app_module.PLATFORM_SCHEDULES, sweep_again))
    with pytest.raises(ScheduleError, match="'billing.sweep' is scheduled twice"):
        app_module.create_app(build_environ(tmp_path), web=False)


def test_the_deployment_declares_its_periodic_work(app) -> None:
    jobs = {entry.schedule.job: entry for entry in app.extensions["kiblat_schedules"]}
    for job in ("billing.sweep", "billing.invoices", "smart_city.snapshot", "sessions.prune", "uploads.prune_held"):
        assert jobs[job].owner == "platform" and not jobs[job].schedule.per_tenant
    for job in ("sri_deli.digest", "sri_deli.bills", "mesra.retention", "kunjungan.expire"):
        assert jobs[job].module == job.split(".")[0] and jobs[job].schedule.per_tenant


L = Localized("x", "x")


@pytest.fixture(params=["sqlite", "redis"])
def storage(request: pytest.FixtureRequest, tmp_path) -> Iterator[tuple[str, str | None, str]]:
    if request.param == "sqlite":
        yield str(tmp_path), None, "kiblat"
        return
    name = f"kiblattest{uuid.uuid4().hex[:12]}"
    yield str(tmp_path), REDIS_URL, name
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"huey.*.{name}*"):
        client.delete(key)


def test_a_schedule_fires_once_with_two_consumers(app: Flask, make_tenant, storage, monkeypatch) -> None:
    tenant = make_tenant(modules=("pengumuman",))
    now = Schedule("x.y", "daily", at="07:00").next_run(tenant.time_zone, utc(2026, 12, 2, 12, 0))
    platform_at = now.astimezone(ZoneInfo(WIB)).strftime("%H:%M")  # the same moment, on the platform's clock
    manifest = ModuleManifest(key="pengumuman", name=L, description=L, version="1", url_prefix="/p",
                              blueprint="a.b:bp", models="a.b", jobs={"pengumuman.tidy": "a.b:c"},
                              schedules=(Schedule("pengumuman.tidy", "daily", at="07:00"),))
    table = schedule_table([Schedule("billing.sweep", "daily", at=platform_at, per_tenant=False)],
                           ModuleRegistry([manifest]).schedules())
    monkeypatch.setitem(app.extensions, "kiblat_schedules", table)
    # Two worker processes: each its own huey object on the one shared storage.
    consumers: list[JobQueue] = [bind(app, make_huey(*storage)) for _ in range(2)]
    start = threading.Barrier(2)
    results: list[list] = [[], []]

    def run(index: int) -> None:
        start.wait()
        with app.app_context():
            results[index] = tick(consumers[index], now)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    fired = sorted((run.job, run.tenant_slug) for result in results for run in result)
    assert ("billing.sweep", None) in fired
    assert fired.count(("billing.sweep", None)) == 1
    assert fired.count(("pengumuman.tidy", tenant.slug)) == 1
    assert len(fired) == len(set(fired))  # nothing twice
    queued = consumers[0].huey.pending()
    assert sorted((t.args[0], t.args[2]) for t in queued) == fired
    # A minute later both tick again: nothing new.
    with app.app_context():
        assert tick(consumers[0], now + timedelta(minutes=1)) == []
        assert tick(consumers[1], now + timedelta(minutes=1)) == []
