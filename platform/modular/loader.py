"""Loads discovered modules into the app: models, blueprints, navigation, CLI."""

from __future__ import annotations

import importlib

from flask import Blueprint, Flask, abort

from kiblat.platform.modular.manifest import ModuleManifest
from kiblat.platform.modular.registry import ModuleError, ModuleRegistry, discover_manifests
from kiblat.tenants.context import get_current_tenant
from kiblat.tenants.database import tenant_metadata


def init_modules(app: Flask) -> ModuleRegistry:
    registry = ModuleRegistry(discover_manifests())
    app.extensions["kiblat_modules"] = registry
    for manifest in registry:
        _load_models(manifest)
        app.register_blueprint(_load_blueprint(manifest), url_prefix=manifest.url_prefix)
    return registry


def _load_models(manifest: ModuleManifest) -> None:
    before = set(tenant_metadata.tables)
    importlib.import_module(manifest.models)
    for name in set(tenant_metadata.tables) - before:
        # Like Indico's plugin schemas: a module's tables carry its key, so modules cannot collide.
        if not name.startswith(manifest.table_prefix):
            raise ModuleError(f"module {manifest.key!r} defines table {name!r} without prefix {manifest.table_prefix!r}")


def _import_attribute(dotted: str):
    module_name, _, attribute = dotted.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def _load_blueprint(manifest: ModuleManifest) -> Blueprint:
    blueprint: Blueprint = _import_attribute(manifest.blueprint)
    key = manifest.key

    @blueprint.before_request
    def _module_enabled_for_tenant() -> None:
        tenant = get_current_tenant()
        # Off for this tenant (or the platform host): the routes do not exist.
        if tenant is None or key not in tenant.modules:
            abort(404)

    return blueprint


def module_cli_groups(registry: ModuleRegistry) -> list:
    return [_import_attribute(m.cli) for m in registry if m.cli]
