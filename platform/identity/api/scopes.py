"""Which API scopes a regency can grant: the core ones plus those of its enabled modules."""

from __future__ import annotations

from flask import current_app

from kiblat.platform.modular.manifest import ApiScope, Localized
from kiblat.tenants.context import TenantInfo

CORE_SCOPES = (
    ApiScope("wilayah.read", Localized("Membaca data wilayah (kecamatan dan desa)", "Read region data (districts and villages)")),
)


def available_scopes(tenant: TenantInfo) -> dict[str, ApiScope]:
    """Scope key → scope, for the core and every module the tenant has enabled."""
    scopes = {scope.key: scope for scope in CORE_SCOPES}
    for manifest in current_app.extensions["kiblat_modules"]:
        if manifest.key in tenant.modules:
            scopes.update({scope.key: scope for scope in manifest.api_scopes})
    return scopes
