"""``kiblat tenants create`` handing its spec to a running worker (``provisioning/handoff.py``), and
running it itself when no worker is there to take it."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import delete, select, update

from kiblat.platform.cli import cli
from kiblat.platform.core.extensions import db
from kiblat.platform.regions.models import Regency
from kiblat.provisioning import handoff
from kiblat.provisioning.models import ProvisioningRequest, ProvisioningRun, ProvisioningWorker
from kiblat.provisioning.request_watcher import RequestWatcher
from kiblat.tenants.models import Tenant
from tests.files import real_png


def run(app: Flask, *args: str):  # noqa: ANN201 - click's Result
    return CliRunner().invoke(cli, list(args), env=dict(app.config["KIBLAT_SOURCE_ENV"]))


def free_city(app: Flask) -> str:
    with app.app_context():
        used = set(db.session.scalars(select(Tenant.region_code)))
        return next(code for code, name in db.session.execute(select(Regency.code, Regency.name).order_by(Regency.code))
                    if code not in used and name.startswith("Kota "))


def requests(app: Flask) -> list[ProvisioningRequest]:
    with app.app_context():
        found = list(db.session.scalars(select(ProvisioningRequest).order_by(ProvisioningRequest.requested_at)))
        db.session.expunge_all()
        return found


def forget(app: Flask, slug: str) -> None:
    """Archive and delete the tenant, so its region stays free for other tests."""
    for step in (["archive", slug], ["delete", slug, "--confirm", slug]):
        assert run(app, "tenants", *step).exit_code == 0


@pytest.fixture
def clean_handoff(app: Flask) -> Iterator[None]:
    def clear() -> None:
        with app.app_context():
            db.session.execute(delete(ProvisioningRequest))
            db.session.execute(delete(ProvisioningWorker))
            db.session.commit()

    clear()
    yield
    clear()


@pytest.fixture
def watcher(app: Flask, clean_handoff: None) -> Iterator[RequestWatcher]:
    running = RequestWatcher(app, name="test-worker")
    running.start()
    yield running
    running.stop()


def test_a_running_worker_provisions_what_the_command_hands_it(app: Flask, watcher: RequestWatcher):
    code = free_city(app)
    result = run(app, "tenants", "create", "--region", code, "--slug", "kotaserah", "--modules", "pengumuman")
    assert result.exit_code == 0, result.output
    assert "[11/11] activate        selesai" in result.output and "aktifkan modul pengumuman" in result.output
    assert "http://kotaserah.kiblat.test/ (slug kotaserah, status active" in result.output
    run_id = re.search(r"run ([0-9a-f]{32})", result.output).group(1)
    (request,) = requests(app)
    assert (request.status, request.run_id, request.step_count) == ("taken", run_id, 11)
    with app.app_context():
        assert db.session.get(ProvisioningRun, run_id).status == "succeeded"
        assert db.session.scalar(select(Tenant.status).where(Tenant.slug == "kotaserah")) == "active"
    forget(app, "kotaserah")


def test_a_spec_the_worker_refuses_comes_back_field_by_field(app: Flask, watcher: RequestWatcher):
    result = run(app, "tenants", "create", "--region", "13", "--slug", "tidakada")
    assert result.exit_code == 1
    assert "spesifikasi tidak valid" in result.output and "region: " in result.output
    assert "bukan kabupaten/kota" in result.output
    (request,) = requests(app)
    assert request.status == "refused" and request.run_id is None
    with app.app_context():
        assert db.session.scalar(select(Tenant.id).where(Tenant.slug == "tidakada")) is None


def test_without_a_live_worker_the_command_runs_the_spec_itself(app: Flask, clean_handoff: None):
    with app.app_context():  # a worker that stopped a minute ago without saying so
        db.session.add(ProvisioningWorker(name="gone", seen_at=time.time() - 60))
        db.session.commit()
    code = free_city(app)
    result = run(app, "tenants", "create", "--region", code, "--slug", "kotasendiri")
    assert result.exit_code == 0, result.output
    assert "(slug kotasendiri, status active" in result.output
    assert requests(app) == []
    forget(app, "kotasendiri")


def test_a_request_no_worker_takes_is_withdrawn_and_run_by_the_command(app: Flask, clean_handoff: None,
                                                                      monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(handoff, "PICKUP_SECONDS", 0.2)
    with app.app_context():  # alive, but busy or too old to take requests
        db.session.add(ProvisioningWorker(name="busy", seen_at=time.time()))
        db.session.commit()
    code = free_city(app)
    result = run(app, "tenants", "create", "--region", code, "--slug", "kotatarik")
    assert result.exit_code == 0, result.output
    assert "(slug kotatarik, status active" in result.output
    (request,) = requests(app)
    assert request.status == "withdrawn" and request.run_id is None
    # A worker that comes to it later finds nothing to take.
    assert RequestWatcher(app, name="late").take_next() is False
    forget(app, "kotatarik")


def test_a_worker_that_stops_mid_run_is_reported_with_the_way_to_resume(app: Flask, clean_handoff: None,
                                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(handoff, "LIVENESS_CHECK_SECONDS", 0.0)
    with app.app_context():
        db.session.add(ProvisioningWorker(name="dying", seen_at=time.time()))
        db.session.commit()

    def take_then_die() -> None:  # takes the request, then vanishes before starting a run
        deadline = time.monotonic() + 10
        with app.app_context():
            while time.monotonic() < deadline:
                taken = db.session.execute(update(ProvisioningRequest).where(ProvisioningRequest.status == "requested")
                                           .values(status="taken")).rowcount
                db.session.commit()
                if taken:
                    db.session.execute(delete(ProvisioningWorker))
                    db.session.commit()
                    return
                time.sleep(0.01)

    dying = threading.Thread(target=take_then_die)
    dying.start()
    result = run(app, "tenants", "create", "--region", free_city(app), "--slug", "kotahenti")
    dying.join()
    assert result.exit_code == 1
    assert "kiblat worker berhenti" in result.output and "kiblat tenants resume kotahenti" in result.output


def test_a_heartbeat_forgets_workers_gone_for_a_day_and_requests_a_month_old(app: Flask, clean_handoff: None):
    now = time.time()
    with app.app_context():
        db.session.add_all([
            ProvisioningWorker(name="gone-yesterday", seen_at=now - 2 * 24 * 3600),
            ProvisioningWorker(name="gone-an-hour-ago", seen_at=now - 3600),
            ProvisioningRequest(id="a" * 32, spec_json="{}", require_admin=False, status="taken",
                                requested_at=now - 40 * 24 * 3600),
            ProvisioningRequest(id="b" * 32, spec_json="{}", require_admin=False, status="taken",
                                requested_at=now - 24 * 3600),
        ])
        db.session.commit()
    RequestWatcher(app, name="beating").beat()
    with app.app_context():
        assert set(db.session.scalars(select(ProvisioningWorker.name))) == {"gone-an-hour-ago", "beating"}
        assert set(db.session.scalars(select(ProvisioningRequest.id))) == {"b" * 32}


def test_on_postgresql_a_waiting_worker_is_woken_by_the_commands_notification(app: Flask, backend: str,
                                                                            clean_handoff: None,
                                                                            monkeypatch: pytest.MonkeyPatch):
    if backend != "postgresql":
        pytest.skip("SQLite has no notifications: the worker looks every 20 ms")
    monkeypatch.setattr(handoff, "WAKE_SECONDS", 120.0)  # without the notification it would sleep on
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    worker_side, command_side = handoff.open_connection(url), handoff.open_connection(url)
    woken: list[bool] = []
    try:
        handoff.listen(worker_side)
        waiter = threading.Thread(target=lambda: woken.append(handoff.wait_for_request(worker_side, threading.Event())))
        waiter.start()
        handoff.submit(command_side, {"region": "12.71"}, require_admin=False)
        waiter.join(timeout=30)
        assert not waiter.is_alive() and woken == [True]
    finally:
        worker_side.close()
        command_side.close()


def test_a_spec_naming_a_logo_file_is_run_by_the_command_itself(app: Flask, watcher: RequestWatcher,
                                                               tmp_path: Path):
    """The logo is a file of this machine; a worker may run on another one."""
    (tmp_path / "logo.png").write_bytes(real_png((64, 64)))
    spec = tmp_path / "kota.yaml"
    spec.write_text(f"region: '{free_city(app)}'\nslug: kotalogo\nmodules: [pengumuman]\nbranding:\n  logo: logo.png\n"
                    "users:\n  - {name: Admin, email: admin@kotalogo.example.id, role: admin}\n")
    result = run(app, "tenants", "create", "--spec", str(spec))
    assert result.exit_code == 0, result.output
    assert "(slug kotalogo, status active" in result.output
    assert requests(app) == []
    forget(app, "kotalogo")
