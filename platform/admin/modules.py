"""The regency admin switches its own modules: what each costs, what it needs, what switching
it off would strand. The switch itself is ``tenants.services`` (audited through its signals)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import select

from kiblat.platform.billing.pricing import base_prices, module_price, quote, tier_for
from kiblat.platform.core.extensions import db
from kiblat.platform.core.texts import _
from kiblat.platform.modular.manifest import DisableCheck, ModuleManifest
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.regions.models import Regency
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


class ModuleChangeRefused(ValueError):
    """The switch cannot happen; the message says why, in the admin's language."""


@dataclass(frozen=True)
class ModuleRow:
    manifest: ModuleManifest
    name: str
    description: str
    enabled: bool
    monthly_amount: int
    requires: tuple[str, ...]  # display names


@dataclass(frozen=True)
class ChangePreview:
    """What the confirmation page states before a module is switched on or off."""

    manifest: ModuleManifest
    name: str
    enabling: bool
    fee_now: int
    fee_after: int
    refusals: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.refusals


def registry() -> ModuleRegistry:
    return current_app.extensions["kiblat_modules"]


def display_name(manifest: ModuleManifest) -> str:
    """The module's name as this regency shows it (its own name if it gave none)."""
    return current_tenant.module_name(manifest.key, manifest.name.get(str(get_locale() or "id")))


def _population() -> int | None:
    return db.session.scalar(select(Regency.population).where(Regency.code == current_tenant.region_code))


def _enabled() -> set[str]:
    return tenant_services.enabled_modules(current_tenant.id)


def monthly_fee(keys: set[str]) -> int:
    """The regency's monthly price for exactly ``keys`` enabled, at its population tier."""
    return quote(keys, _population(), base_prices(registry())).total


def overview() -> list[ModuleRow]:
    """Every installed module, enabled ones first, each with its price at this regency's tier."""
    enabled = _enabled()
    tier = tier_for(_population())
    prices = base_prices(registry())
    rows = [ModuleRow(manifest=m, name=display_name(m), description=m.description.get(str(get_locale() or "id")),
                      enabled=m.key in enabled, monthly_amount=module_price(prices[m.key], tier),
                      requires=tuple(display_name(registry().get(r)) for r in m.requires))
            for m in registry()]
    return sorted(rows, key=lambda row: (not row.enabled, row.name.lower()))


def get_manifest(key: str) -> ModuleManifest | None:
    return registry().get(key) if key in registry() else None


def preview_enable(manifest: ModuleManifest) -> ChangePreview:
    enabled = _enabled()
    refusals = []
    if manifest.key in enabled:
        refusals.append(_("Modul ini sudah aktif."))
    missing = [display_name(registry().get(r)) for r in manifest.requires if r not in enabled]
    if missing:
        refusals.append(_("%(name)s membutuhkan modul %(needed)s. Aktifkan modul itu terlebih dahulu.",
                          name=display_name(manifest), needed=", ".join(missing)))
    return ChangePreview(manifest, display_name(manifest), True, monthly_fee(enabled),
                         monthly_fee(enabled | {manifest.key}), tuple(refusals))


def _guard(manifest: ModuleManifest) -> DisableCheck:
    guard = manifest.hook("disable_guard")
    return guard() if guard is not None else DisableCheck()


def preview_disable(manifest: ModuleManifest) -> ChangePreview:
    enabled = _enabled()
    refusals: list[str] = []
    warnings: tuple[str, ...] = ()
    if manifest.key not in enabled:
        refusals.append(_("Modul ini tidak aktif."))
    else:
        dependents = [display_name(registry().get(d)) for d in registry().dependents(manifest.key) if d in enabled]
        if dependents:
            refusals.append(_("Modul %(dependents)s membutuhkan %(name)s. Nonaktifkan modul itu terlebih dahulu.",
                              dependents=", ".join(dependents), name=display_name(manifest)))
        check = _guard(manifest)
        refusals.extend(check.refusals)
        warnings = check.warnings
    return ChangePreview(manifest, display_name(manifest), False, monthly_fee(enabled),
                         monthly_fee(enabled - {manifest.key}), tuple(refusals), warnings)


def enable(manifest: ModuleManifest) -> None:
    """Switch the module on (migrates and seeds the tenant); refuses what the preview refuses."""
    preview = preview_enable(manifest)
    if not preview.allowed:
        raise ModuleChangeRefused(preview.refusals[0])
    # End the request's read transaction first: on SQLite it would keep seeing the tenant
    # without the tables the migration is about to create.
    tenant_db.session.commit()
    tenant_services.enable_module(current_tenant.slug, manifest.key)


def disable(manifest: ModuleManifest) -> None:
    """Switch the module off (its data stays); refuses what the preview refuses."""
    preview = preview_disable(manifest)
    if not preview.allowed:
        raise ModuleChangeRefused(preview.refusals[0])
    tenant_services.disable_module(current_tenant.slug, manifest.key)
