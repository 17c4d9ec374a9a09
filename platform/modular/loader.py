"""Loads discovered modules into the app: models, jobs, signal receivers, blueprints."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from flask import Flask, abort, current_app, make_response, render_template, request
from flask_babel import get_locale

from kiblat.platform.core import signals
from kiblat.platform.jobs import registry as job_registry
from kiblat.platform.modular.manifest import ModuleManifest, import_dotted
from kiblat.platform.modular.registry import ModuleError, ModuleRegistry, discover_manifests
from kiblat.tenants.context import get_current_tenant
from kiblat.tenants.database import TENANT_CORE_MODEL_MODULES, tenant_metadata


def init_modules(app: Flask, blueprints: bool = True) -> ModuleRegistry:
    # Core tenant tables first, so a module's models that refer to them are not taken for its own.
    for name in TENANT_CORE_MODEL_MODULES:
        importlib.import_module(name)
    registry = ModuleRegistry(discover_manifests())
    app.extensions["kiblat_modules"] = registry
    for manifest in registry:
        _load_models(manifest)
        _register_jobs(manifest)
        _connect_signals(manifest)
        if not blueprints:
            continue
        blueprint = manifest.hook("blueprint")
        app.register_blueprint(blueprint, url_prefix=manifest.url_prefix)
        # Registered on the app (not the shared blueprint object), so each app gets its own guard.
        app.before_request_funcs.setdefault(blueprint.name, []).insert(
            0, _enabled_guard(manifest.key, frozenset(manifest.platform_endpoints)))
    return registry


def _load_models(manifest: ModuleManifest) -> None:
    before = set(tenant_metadata.tables)
    importlib.import_module(manifest.models)
    for name in set(tenant_metadata.tables) - before:
        # Like Indico's plugin schemas: a module's tables carry its key, so modules cannot collide.
        if not name.startswith(manifest.table_prefix):
            raise ModuleError(f"module {manifest.key!r} defines table {name!r} without prefix {manifest.table_prefix!r}")


def _register_jobs(manifest: ModuleManifest) -> None:
    # One run of a module's job per tenant at a time (a slow run and the next schedule, a retry).
    for kind, dotted in manifest.jobs.items():
        job_registry.register(kind, deferred(dotted), lock=True)


def _connect_signals(manifest: ModuleManifest) -> None:
    for declared in manifest.signals:
        signal = signals.by_name(declared.signal)
        if signal is None:
            raise ModuleError(f"module {manifest.key!r} listens to unknown signal {declared.signal!r}")
        # The same stand-in object every time, so a second app in the process connects nothing new.
        signal.connect(deferred(declared.receiver), weak=False)


@cache
def deferred(dotted: str) -> Callable[..., object]:
    """A callable that imports ``dotted`` on first use, so start-up imports no module code
    beyond what serving needs (the worker and the CLI read every manifest)."""

    def call(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        return import_dotted(dotted)(*args, **kwargs)

    call.__qualname__ = call.__name__ = f"deferred[{dotted}]"
    return call


def _enabled_guard(key: str, platform_endpoints: frozenset[str] = frozenset()) -> Callable[[], None]:
    def module_enabled_for_tenant() -> None:
        tenant = get_current_tenant()
        if tenant is None and request.endpoint in platform_endpoints:
            return  # declared in the manifest to serve the platform host too
        # Off for this tenant (or the platform host): the routes do not exist. A citizen of a
        # regency that switched the module off is told so, rather than shown a bare 404.
        if tenant is None:
            abort(404)
        if key not in tenant.modules:
            name = current_app.extensions["kiblat_modules"].get(key).name.get(str(get_locale() or "id"))
            abort(make_response(render_template("errors/module_unavailable.html", module_name=name), 404))

    return module_enabled_for_tenant
