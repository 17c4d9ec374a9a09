"""The two metadata collections migrations compare against: control plane and tenant."""

from __future__ import annotations

import importlib
from functools import cache

from sqlalchemy import MetaData

from kiblat.platform.core.control_plane import import_control_plane_models
from kiblat.platform.core.extensions import db
from kiblat.platform.modular.registry import discover_manifests
from kiblat.tenants.database import TENANT_CORE_MODEL_MODULES, tenant_metadata


def control_plane_metadata() -> MetaData:
    import_control_plane_models()
    return db.metadata


def tenant_metadata_for_migrations() -> MetaData:
    _import_tenant_models()
    return tenant_metadata


@cache
def _import_tenant_models() -> None:
    """Once per process: the tenant environment runs for every tenant upgrade, and discovering
    the modules again each time (entry points included) is wasted work."""
    for name in TENANT_CORE_MODEL_MODULES:
        importlib.import_module(name)
    for manifest in discover_manifests():
        importlib.import_module(manifest.models)
