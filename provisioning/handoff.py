"""``kiblat tenants create`` handing its spec to a running ``kiblat worker``, read and written on a
plain DB-API connection (``tenants/dbapi.py``).

Why: a command that starts from nothing spends most of a second importing the platform and
building its app before the first step; a running worker has all of that loaded already. The
command writes the raw spec into ``provisioning_requests``; a worker that says it is alive in
``provisioning_workers`` takes it, validates it and runs it (``provisioning/request_watcher.py``);
the command shows the run's steps from the journal as they are written. With no live worker, or
none taking the request within :data:`PICKUP_SECONDS`, the request is withdrawn and the command
runs the spec itself, as before. The tables are those of ``provisioning/models.py``.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiblat.provisioning.progress import StepEvent
from kiblat.provisioning.spec_file import FieldError, SpecError
from kiblat.tenants.dbapi import connect, execute_write, fetch_rows, is_sqlite

HEARTBEAT_SECONDS = 2.0  # how often a worker says it is alive
FRESH_SECONDS = 10.0  # a worker last seen longer ago than this is not running
PICKUP_SECONDS = 3.0  # a request no worker has taken by then is withdrawn and run by the command
WATCH_SECONDS = 0.02  # SQLite: how often a worker looks for requests (one indexed read)
WAKE_SECONDS = 1.0  # PostgreSQL: a worker waits for a notification at most this long, then looks
CHANNEL = "kiblat_provisioning_requests"  # PostgreSQL: the command's NOTIFY wakes the worker at once
FOLLOW_SECONDS = 0.01  # how often the command reads the journal while it waits
LIVENESS_CHECK_SECONDS = 1.0  # how often, while waiting, it checks the worker is still alive


class WorkerStopped(RuntimeError):
    """The worker running the request stopped saying it is alive before the run ended."""

    def __init__(self, slug: str | None) -> None:
        self.slug = slug
        super().__init__("the worker stopped before the run ended")


@dataclass(frozen=True)
class HandedRun:
    """How a run the worker executed ended."""

    run_id: str | None  # None: the worker failed before it could start a run
    tenant_slug: str | None
    status: str  # succeeded | failed
    error: str | None


def open_connection(database_url: str) -> Any | None:  # noqa: ANN401 - a DB-API connection
    """An autocommitting connection to the control plane (each read sees the worker's latest
    commit, and no transaction stays open while the command waits); None without a database."""
    conn = connect(database_url)
    if conn is not None:
        if is_sqlite(conn):
            conn.isolation_level = None
        else:
            conn.autocommit = True
    return conn


def live_worker(conn: Any) -> bool:  # noqa: ANN401
    """Whether some worker said it is alive within :data:`FRESH_SECONDS`."""
    rows = fetch_rows(conn, "SELECT count(*) FROM provisioning_workers WHERE seen_at > ?",
                      (time.time() - FRESH_SECONDS,))
    return bool(rows and rows[0][0])


def waiting(conn: Any) -> bool:  # noqa: ANN401
    """Whether a request waits for a worker: the worker's look, without its app or ORM."""
    return bool(fetch_rows(conn, "SELECT 1 FROM provisioning_requests WHERE status = 'requested' LIMIT 1"))


def listen(conn: Any) -> None:  # noqa: ANN401
    """PostgreSQL: have this connection told of each new request (:func:`wait_for_request`)."""
    if not is_sqlite(conn):
        execute_write(conn, f"LISTEN {CHANNEL}")


def wait_for_request(conn: Any, stopping: threading.Event) -> bool:  # noqa: ANN401
    """Wait a moment for a request, then say whether one waits. On PostgreSQL the moment ends with
    the command's notification (an idle worker then sends no query at all); SQLite has none, so
    the worker looks every :data:`WATCH_SECONDS`."""
    if is_sqlite(conn):
        stopping.wait(WATCH_SECONDS)
    else:
        for _notification in conn.notifies(timeout=WAKE_SECONDS, stop_after=1):
            pass
    return not stopping.is_set() and waiting(conn)


def submit(conn: Any, raw_spec: dict, require_admin: bool) -> str:  # noqa: ANN401
    """Queue the spec for a worker; returns the request's id."""
    request_id = uuid.uuid4().hex
    execute_write(conn, "INSERT INTO provisioning_requests (id, spec_json, require_admin, status, requested_at) "
                 "VALUES (?, ?, ?, 'requested', ?)", (request_id, json.dumps(raw_spec), require_admin, time.time()))
    if not is_sqlite(conn):
        execute_write(conn, f"NOTIFY {CHANNEL}")
    return request_id


def withdraw(conn: Any, request_id: str) -> bool:  # noqa: ANN401
    """Take back a request no worker has taken yet; False when one already has."""
    return execute_write(conn, "UPDATE provisioning_requests SET status = 'withdrawn' WHERE id = ? AND status = 'requested'",
                  (request_id,)) == 1


def _moment(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _steps(conn: Any, run_id: str, total: int) -> list[StepEvent]:  # noqa: ANN401
    events = []
    for position, name, status, changes, error, started, finished in fetch_rows(
            conn, "SELECT position, name, status, changes, error, started_at, finished_at FROM provisioning_steps "
                  "WHERE run_id = ? ORDER BY position", (run_id,)):
        changes = json.loads(changes) if isinstance(changes, str) else changes
        seconds = (_moment(finished) - _moment(started)).total_seconds() if finished and started else 0.0
        events.append(StepEvent(position, total, name, status, tuple(changes or ()), seconds, error))
    return events


class _Liveness:
    """Asks at most once per :data:`LIVENESS_CHECK_SECONDS` whether the worker is still alive."""

    def __init__(self, conn: Any) -> None:  # noqa: ANN401
        self.conn, self.checked = conn, time.monotonic()

    def check(self, slug: str | None) -> None:
        if time.monotonic() - self.checked < LIVENESS_CHECK_SECONDS:
            return
        self.checked = time.monotonic()
        if not live_worker(self.conn):
            raise WorkerStopped(slug)


def hand_over(conn: Any, raw_spec: dict, require_admin: bool,  # noqa: ANN401
              progress: Callable[[StepEvent], None]) -> HandedRun | None:
    """Have a running worker provision ``raw_spec``, showing its steps through ``progress``.

    None when no worker is running or none took the request in time: nothing was done, and
    the caller runs the spec itself. SpecError when the worker refused the spec (nothing was
    changed); WorkerStopped when the worker stopped part-way (the run is resumable). Call it
    once :func:`live_worker` said a worker is running.
    """
    request_id = submit(conn, raw_spec, require_admin)
    deadline, liveness = time.monotonic() + PICKUP_SECONDS, _Liveness(conn)
    shown: dict[str, str] = {}
    while True:
        status, run_id, total, errors = fetch_rows(
            conn, "SELECT status, run_id, step_count, errors_json FROM provisioning_requests WHERE id = ?",
            (request_id,))[0]
        if status == "refused":
            raise SpecError([FieldError(e["field"], e["message"]) for e in json.loads(errors)])
        if status == "failed":  # the worker could not start or finish the run: its reason
            return HandedRun(run_id, raw_spec.get("slug"), "failed", json.loads(errors))
        if run_id:
            # The run first: when it has ended, the steps read after it are all final.
            slug, run_status, error = fetch_rows(
                conn, "SELECT tenant_slug, status, error FROM provisioning_runs WHERE id = ?", (run_id,))[0]
            for event in _steps(conn, run_id, total):
                if shown.get(event.name) != event.status:
                    shown[event.name] = event.status
                    progress(event)
            if run_status in ("succeeded", "failed"):
                return HandedRun(run_id, slug, run_status, error)
        elif status == "requested" and time.monotonic() > deadline and withdraw(conn, request_id):
            return None
        if status == "taken":
            liveness.check(raw_spec.get("slug"))
        time.sleep(FOLLOW_SECONDS)
