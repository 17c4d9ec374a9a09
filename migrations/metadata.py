"""The two metadata collections migrations compare against: control plane and tenant."""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

from kiblat.platform.core.control_plane import import_control_plane_models
from kiblat.platform.core.extensions import db
from kiblat.platform.modular.registry import discover_manifests
from kiblat.tenants.database import TENANT_CORE_MODEL_MODULES, tenant_metadata


def control_plane_metadata() -> MetaData:
    import_control_plane_models()
    return db.metadata


def tenant_metadata_for_migrations() -> MetaData:
    for name in TENANT_CORE_MODEL_MODULES:
        importlib.import_module(name)
    for manifest in discover_manifests():
        importlib.import_module(manifest.models)
    return tenant_metadata
