"""A module's settings for the current tenant, with the defaults of its ``settings_schema``."""

from __future__ import annotations

from flask import current_app

from kiblat.tenants.context import current_tenant


def module_settings(key: str) -> dict:
    """The current tenant's settings of module ``key``; keys it never set get the schema's
    defaults (a limit added in a new version reaches regencies enabled before it)."""
    manifest = current_app.extensions["kiblat_modules"].get(key)
    return {**manifest.settings_defaults, **current_tenant.settings_for(key)}
