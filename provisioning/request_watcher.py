"""The worker's side of ``provisioning/handoff.py``: say it is alive, take the specs that
``kiblat tenants create`` hands over, validate them and run them with the app already loaded."""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time

from flask import Flask
from sqlalchemy import delete, select, update

from kiblat.platform.core.extensions import db
from kiblat.provisioning import spares
from kiblat.provisioning.handoff import HEARTBEAT_SECONDS, listen, open_connection, wait_for_request
from kiblat.provisioning.models import ProvisioningRequest, ProvisioningRun, ProvisioningWorker
from kiblat.provisioning.run import ProvisioningFailed, execute_run, start_run
from kiblat.provisioning.spec_file import SpecError
from kiblat.provisioning.steps import STEPS
from kiblat.tenants.servers import server_for

log = logging.getLogger("kiblat.provisioning")
FORGET_WORKER_SECONDS = 24 * 3600
FORGET_REQUEST_SECONDS = 30 * 24 * 3600  # the run itself stays in the journal
SPARE_KINDS = 3  # spares are kept for the kinds (module sets) of the last few regencies created
# Spares are counted again this often (another process may have taken them), and the journal read
# for regencies created other than through this worker (onboarding jobs, other processes).
SPARE_CHECK_SECONDS = 60.0


class RequestWatcher:
    """Daemon threads: a heartbeat every :data:`HEARTBEAT_SECONDS`, and one waiting for
    requests on a plain DB-API connection (:func:`wait_for_request`: woken by the command's
    notification on PostgreSQL, an indexed read every 20 ms on SQLite; polling through the app
    and the ORM cost an idle worker 8% of a core). Requests run one at a time, oldest first.
    On PostgreSQL with ``SPARE_SCHEMAS`` > 0, a third keeps that many spare schemas ready for
    each kind of regency created last (``provisioning/spares.py``), beside the request thread so
    a creation never waits for one being made."""

    def __init__(self, app: Flask, name: str | None = None) -> None:
        self.app = app
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        # Spares exist on PostgreSQL only: elsewhere the count is 0 and nothing about them runs.
        postgresql = app.extensions["kiblat_tenant_engines"].is_postgresql
        self._spare_count = int(app.config["SPARE_SCHEMAS"]) if postgresql else 0
        self._spare_kinds: dict[tuple[str, tuple[str, ...]], None] = {}  # (server, branches), oldest first
        self._spares_wanted = threading.Event()
        self._spares_lock = threading.Lock()

    def start(self) -> None:
        self.beat()  # before the first request can be handed over
        threads = [(self._beat_forever, "heartbeat"), (self._watch_forever, "requests")]
        if self._spare_count:
            threads.append((self._spares_forever, "spares"))
        for target, name in threads:
            thread = threading.Thread(target=target, name=f"provisioning-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop the threads and say this worker is gone (commands then run specs themselves)."""
        self._stopping.set()
        self._spares_wanted.set()
        for thread in self._threads:
            thread.join()
        with self.app.app_context():
            db.session.execute(delete(ProvisioningWorker).where(ProvisioningWorker.name == self.name))
            db.session.commit()

    def beat(self) -> None:
        """Say this worker is alive; forget workers gone for a day and requests a month old."""
        now = time.time()
        with self.app.app_context():
            seen = db.session.get(ProvisioningWorker, self.name)
            if seen is None:
                db.session.add(ProvisioningWorker(name=self.name, seen_at=now))
            else:
                seen.seen_at = now
            db.session.execute(delete(ProvisioningWorker).where(ProvisioningWorker.seen_at < now - FORGET_WORKER_SECONDS))
            db.session.execute(delete(ProvisioningRequest).where(
                ProvisioningRequest.requested_at < now - FORGET_REQUEST_SECONDS))
            db.session.commit()

    def take_next(self) -> bool:
        """Take and run the oldest waiting request; False when none was waiting."""
        with self.app.app_context():
            request_id = db.session.scalar(
                select(ProvisioningRequest.id).where(ProvisioningRequest.status == "requested")
                .order_by(ProvisioningRequest.requested_at).limit(1))
            if request_id is None:
                db.session.rollback()
                return False
            taken = db.session.execute(
                update(ProvisioningRequest).where(ProvisioningRequest.id == request_id,
                                                  ProvisioningRequest.status == "requested")
                .values(status="taken")).rowcount
            db.session.commit()
            if taken:  # another worker may have been quicker, or the command withdrew it
                self._run(db.session.get(ProvisioningRequest, request_id))
            return True

    def _run(self, request: ProvisioningRequest) -> None:
        try:
            run_id = start_run(json.loads(request.spec_json), request.require_admin)
        except SpecError as exc:
            self._end(request.id, "refused", [{"field": e.field, "message": e.message} for e in exc.errors])
            return
        except Exception as exc:
            log.exception("a handed-over provisioning spec could not be started")
            self._end(request.id, "failed", f"{type(exc).__name__}: {exc}")
            return
        request.run_id, request.step_count = run_id, len(STEPS)
        db.session.commit()
        log.info("provisioning run %s handed over by the command line", run_id)
        try:
            run = execute_run(run_id)
        except ProvisioningFailed as exc:  # in the journal, where the command reads it
            log.warning("provisioning run %s failed: %s", run_id, exc)
        except Exception as exc:  # outside any step: the journal may still say "running"
            log.exception("provisioning run %s failed outside its steps", run_id)
            self._end(request.id, "failed", f"{type(exc).__name__}: {exc}")
        else:
            self.want_spares_like(run)

    def want_spares_like(self, run: ProvisioningRun) -> None:
        """Keep spares ready for regencies like the one ``run`` created (same modules, same
        server); made by the spares thread, not while a creation waits."""
        if not self._spare_count:
            return
        self._remember_kind(run)
        self._spares_wanted.set()

    def _remember_kind(self, run: ProvisioningRun) -> None:
        kind = (server_for(run.tenant_slug), tuple(spares.branches_for(run.spec.get("modules", {}))))
        with self._spares_lock:
            self._spare_kinds.pop(kind, None)
            self._spare_kinds[kind] = None
            while len(self._spare_kinds) > SPARE_KINDS:
                self._spare_kinds.pop(next(iter(self._spare_kinds)))

    def remember_recent_kinds(self) -> None:
        """The kinds of the regencies created last by anyone (a handed-over command, an
        onboarding job, another process), from the journal."""
        recent = list(db.session.scalars(select(ProvisioningRun).where(ProvisioningRun.status == "succeeded")
                                         .order_by(ProvisioningRun.created_at.desc()).limit(4 * SPARE_KINDS)))
        latest: dict[tuple[str, ...], ProvisioningRun] = {}  # per set of modules, newest first
        for run in recent:
            latest.setdefault(tuple(sorted(run.spec.get("modules", {}))), run)
        for run in reversed(list(latest.values())[:SPARE_KINDS]):  # the newest is remembered last
            self._remember_kind(run)

    def spare_kinds(self) -> list[tuple[str, tuple[str, ...]]]:
        """(server, branches) of the kinds spares are kept for, the most recent last."""
        with self._spares_lock:
            return list(self._spare_kinds)

    def replenish_spares(self) -> int:
        """Make the spares that are missing; returns how many were made."""
        kinds = self.spare_kinds()
        made = 0
        with self.app.app_context():
            for server, branches in kinds:
                if self._stopping.is_set():
                    break
                made += spares.replenish(server, branches, self._spare_count)
        return made

    def _end(self, request_id: str, status: str, errors: object) -> None:
        db.session.rollback()
        db.session.execute(update(ProvisioningRequest).where(ProvisioningRequest.id == request_id)
                           .values(status=status, errors_json=json.dumps(errors)))
        db.session.commit()

    def _beat_forever(self) -> None:
        while not self._stopping.wait(HEARTBEAT_SECONDS):
            try:
                self.beat()
            except Exception:  # a database blip: the next beat tries again
                log.exception("provisioning heartbeat failed")

    def _spares_forever(self) -> None:
        try:
            with self.app.app_context():
                self.remember_recent_kinds()
                for server in {server for server, _ in self.spare_kinds()}:
                    for name in spares.drop_stale(server):
                        log.info("spare schema %s dropped: its migrations are no longer the latest", name)
        except Exception:  # spares only save time: never stop the worker for them
            log.exception("spare schemas could not be checked")
        while not self._stopping.is_set():
            self._spares_wanted.clear()
            try:
                self.replenish_spares()
            except Exception:
                log.exception("a spare schema could not be made")
                self._stopping.wait(5.0)
            if not self._spares_wanted.wait(SPARE_CHECK_SECONDS) and not self._stopping.is_set():
                try:  # a minute without a handed-over creation: look at what others created
                    with self.app.app_context():
                        self.remember_recent_kinds()
                except Exception:
                    log.exception("spare schemas could not be checked")

    def _watch_forever(self) -> None:
        conn = None
        while not self._stopping.is_set():
            try:
                if conn is None:
                    conn = open_connection(self.app.config["SQLALCHEMY_DATABASE_URI"])
                    if conn is None:  # no SQLite file yet
                        self._stopping.wait(1.0)
                        continue
                    listen(conn)
                if not wait_for_request(conn, self._stopping):
                    continue
                while self.take_next() and not self._stopping.is_set():
                    pass
            except Exception:  # logged; the command sees the run's journal or stops waiting
                log.exception("a handed-over provisioning request failed")
                conn = _closed(conn)
                self._stopping.wait(1.0)  # a database that is down is not asked 50 times a second
        _closed(conn)


def _closed(conn: object) -> None:
    """Close a DB-API connection, whatever state it is in; None to store in its place."""
    try:
        if conn is not None:
            conn.close()
    except Exception:  # noqa: BLE001, S110 - it is being dropped
        pass
