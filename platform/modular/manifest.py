"""What a module declares about itself. Each module's ``manifest.py`` defines ``manifest``.

The platform reads only this object: it never imports a module by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MODULE_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class Localized:
    """A text in Bahasa Indonesia and English."""

    id: str
    en: str

    def get(self, locale: str) -> str:
        return self.en if locale.startswith("en") else self.id


@dataclass(frozen=True)
class Permission:
    key: str
    description: Localized


@dataclass(frozen=True)
class Role:
    key: str
    name: Localized
    permissions: tuple[str, ...] = ()
    # Holders must sign in with a second factor (roles that act on citizens' data or money).
    two_factor: bool = False


@dataclass(frozen=True)
class NavEntry:
    label: Localized
    endpoint: str


@dataclass(frozen=True)
class ApiScope:
    """An OAuth2 scope a module's API endpoints require (e.g. ``pengumuman.write``)."""

    key: str
    description: Localized


@dataclass(frozen=True)
class ModuleManifest:
    key: str
    name: Localized
    description: Localized
    version: str
    url_prefix: str
    # "package.module:attribute" of the Flask blueprint, imported when the app starts.
    blueprint: str
    # Module that defines the module's TenantModel classes (imported to register tables).
    models: str
    requires: tuple[str, ...] = ()
    permissions: tuple[Permission, ...] = ()
    roles: tuple[Role, ...] = ()
    # JSON Schema for the tenant's settings of this module; defaults fill omitted keys.
    settings_schema: dict = field(default_factory=lambda: {"type": "object", "properties": {}})
    navigation: tuple[NavEntry, ...] = ()
    # Called inside a tenant context after migrations to add the module's reference data.
    seed: Callable[[], None] | None = None
    # Creates a few realistic rows of every kind the module stores, each text containing the
    # given marker (inside a tenant context; the caller commits). The cross-tenant probe
    # uses it to fill two regencies, and fails while any table of the module stays empty.
    sample_data: Callable[[str], None] | None = None
    # Returns one short public line for the regency's home page (e.g. "1.250 kg sampah didaur
    # ulang tahun ini"), or None; called inside the tenant, may use the request's locale.
    home_summary: Callable[[], str | None] | None = None
    # The module's tables holding *configuration* (types, fees, price lists, categories):
    # what ``template:`` copies to a new regency. Every other table is citizen data.
    configuration_tables: tuple[str, ...] = ()
    # Extra CLI commands (a click group), mounted as ``kiblat <key> ...``.
    cli: str | None = None
    # Scopes API clients of a regency may be granted while the module is enabled.
    api_scopes: tuple[ApiScope, ...] = ()
    # "package.module:attribute" of the module's ``ApiRoutes`` (kiblat.platform.api.routes),
    # mounted under /api/v1 and described in the OpenAPI document while the module is enabled.
    api: str | None = None
    # Set at discovery: the package the manifest was found in, and its folder.
    package: str = ""
    path: Path | None = None

    def __post_init__(self) -> None:
        if not MODULE_KEY_RE.match(self.key):
            raise ValueError(f"module key {self.key!r} must match {MODULE_KEY_RE.pattern}")
        if not self.url_prefix.startswith("/"):
            raise ValueError(f"module {self.key}: url_prefix must start with '/'")
        for table in self.configuration_tables:
            if not table.startswith(self.table_prefix):
                raise ValueError(f"module {self.key}: configuration table {table!r} is not its own")
        for scope in self.api_scopes:
            if not scope.key.startswith(self.key + "."):
                raise ValueError(f"module {self.key}: API scope {scope.key!r} must start with {self.key + '.'!r}")

    @property
    def migrations_path(self) -> Path | None:
        if self.path is None:
            return None
        folder = self.path / "migrations"
        return folder if folder.is_dir() else None

    @property
    def table_prefix(self) -> str:
        return self.key + "_"
