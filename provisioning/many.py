"""Onboarding many regencies at once (``create-many``), in parallel worker processes.

Specs whose template is another spec of the same batch wait for a second wave, so
the template regency is active before anything is copied from it.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from kiblat.platform.core.extensions import db
from kiblat.provisioning.run import ProvisioningFailed, provision_now
from kiblat.provisioning.spec_file import SpecError, load_spec_file
from kiblat.tenants.database import close_all_connections

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class ManyResult:
    name: str
    slug: str
    ok: bool
    seconds: float
    error: str = ""


def spec_files(directory: str | Path) -> list[Path]:
    return sorted(p for p in Path(directory).iterdir() if p.suffix in SPEC_SUFFIXES)


def _one(name: str, raw: dict) -> ManyResult:
    started = time.perf_counter()
    try:
        run = provision_now(raw)
        return ManyResult(name, run.tenant_slug, True, time.perf_counter() - started)
    except (SpecError, ProvisioningFailed) as exc:
        db.session.rollback()
        return ManyResult(name, str(raw.get("slug", "")), False, time.perf_counter() - started, str(exc))


# The app a forked worker process builds once (with the factory it was handed) and reuses.
_app = None

AppFactory = Callable[[dict], Flask]


def _init(app_factory: AppFactory, environ: dict) -> None:
    global _app
    _app = app_factory(environ)


def _run_in_worker(name: str, raw: dict) -> ManyResult:
    with _app.app_context():
        return _one(name, raw)


def waves(specs: list[tuple[str, dict]]) -> list[list[tuple[str, dict]]]:
    slugs = {raw.get("slug") for _, raw in specs if raw.get("slug")}
    first = [s for s in specs if s[1].get("template") not in slugs]
    second = [s for s in specs if s[1].get("template") in slugs]
    return [w for w in (first, second) if w]


def provision_many(specs: list[tuple[str, dict]], jobs: int = 4,
                   progress: Callable[[ManyResult], None] | None = None,
                   app_factory: AppFactory | None = None) -> list[ManyResult]:
    """Provision the specs, templates first; with ``jobs > 1`` in forked processes, each building
    its app by calling ``app_factory`` with the ``KIBLAT_*`` variables (the caller supplies it)."""
    results: list[ManyResult] = []
    for wave in waves(specs):
        if jobs <= 1:
            for name, raw in wave:
                results.append(_one(name, raw))
                if progress:
                    progress(results[-1])
            continue
        if app_factory is None:
            raise ValueError("provisioning in parallel needs an app_factory for the worker processes")
        environ = dict(current_app.config["KIBLAT_SOURCE_ENV"])
        # Forked children must not share the parent's open connections.
        close_all_connections()
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_init, initargs=(app_factory, environ)) as pool:
            futures = {pool.submit(_run_in_worker, name, raw): name for name, raw in wave}
            for future in as_completed(futures):
                try:
                    result = future.result()
                except Exception as exc:  # the worker process itself died
                    result = ManyResult(futures[future], "", False, 0.0, f"{type(exc).__name__}: {exc}")
                results.append(result)
                if progress:
                    progress(result)
    return results


def load_many(directory: str | Path) -> list[tuple[str, dict]]:
    return [(path.name, load_spec_file(path)) for path in spec_files(directory)]
