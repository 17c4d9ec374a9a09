"""The two metadata collections migrations compare against: control plane and tenant."""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

TENANT_CORE_MODEL_MODULES = ("kiblat.tenants.local_regions", "kiblat.platform.identity.models",
                             "kiblat.platform.identity.api.models",
                             "kiblat.platform.identity.oidc.models",
                             "kiblat.platform.identity.audit.models")


def control_plane_metadata() -> MetaData:
    from kiblat.platform.core.control_plane import import_control_plane_models
    from kiblat.platform.core.extensions import db

    import_control_plane_models()
    return db.metadata


def tenant_metadata_for_migrations() -> MetaData:
    from kiblat.platform.modular.registry import discover_manifests

    for name in TENANT_CORE_MODEL_MODULES:
        importlib.import_module(name)
    for manifest in discover_manifests():
        importlib.import_module(manifest.models)
    from kiblat.tenants.database import tenant_metadata

    return tenant_metadata
