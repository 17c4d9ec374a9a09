"""What a module declares about itself. Each module's ``manifest.py`` defines ``manifest``.

The platform reads only this object: it never imports a module by name. Every hook is a
dotted string (``"package.module:attribute"``), imported only when the platform needs it,
so importing a manifest stays cheap (the CLI and the worker read every manifest at start).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

# Schedules belong to the job queue (it runs them); manifests import the class from here.
from kiblat.platform.jobs.schedules import Schedule

MODULE_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
MODULE_PATH_RE = re.compile(rf"^{_NAME}(\.{_NAME})*$")
DOTTED_RE = re.compile(rf"^{_NAME}(\.{_NAME})*:{_NAME}$")
PLACEMENTS = (None, "opd", "kecamatan", "desa")
# The six dimensions of Kominfo's Gerakan Menuju 100 Smart City, in its order.
SMART_CITY_DIMENSIONS = ("governance", "branding", "economy", "living", "society", "environment")
# Manifest fields holding a "package.module:attribute" string.
HOOK_FIELDS = ("blueprint", "seed", "sample_data", "demo_logins", "home_summary", "cli", "http_api", "disable_guard",
               "assisted_services", "personal_data", "erase_personal_data", "completed_services")


def import_dotted(dotted: str) -> Any:
    """The object named by ``"package.module:attribute"``."""
    module_name, _, attribute = dotted.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


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
    # Where a holder must be placed for the role to work: "opd" (an agency's queue),
    # "kecamatan" or "desa" (permissions scoped to an area); None: nowhere.
    placement: str | None = None

    def __post_init__(self) -> None:
        if self.placement not in PLACEMENTS:
            raise ValueError(f"role {self.key!r}: placement must be one of {PLACEMENTS}, not {self.placement!r}")


class DemoLogin(NamedTuple):
    """One line of the logins ``kiblat demo setup`` prints (development only)."""

    # Who signs in, as the demo prints it ("humas", "walidata").
    label: str
    # What they type on the sign-in form (an email address).
    identifier: str
    password: str
    # Where their journey starts, a path on the regency's host; "" for its home page.
    url: str = ""


@dataclass(frozen=True)
class DisableCheck:
    """What a module's ``disable_guard`` says before a regency switches it off: ``refusals``
    stop the switch (money still held, say), ``warnings`` are shown on the confirmation page.
    Texts are for the admin, in the request's language."""

    refusals: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class NavEntry:
    label: Localized
    endpoint: str


@dataclass(frozen=True)
class ApiScope:
    """An OAuth2 scope a module's API endpoints require (``<module key>.<action>``)."""

    key: str
    description: Localized


@dataclass(frozen=True)
class SignalReceiver:
    """Connects ``receiver`` (``"package.module:function"``) to the platform signal named
    ``signal`` (``kiblat.platform.core.signals``). The sender is the tenant's slug, for every
    tenant: a receiver that cares only about tenants using its module checks that itself."""

    signal: str
    receiver: str

    def __post_init__(self) -> None:
        if not DOTTED_RE.match(self.receiver):
            raise ValueError(f"receiver of {self.signal!r} must be 'package.module:function', not {self.receiver!r}")


@dataclass(frozen=True)
class AssistedCount:
    """Citizens served by one operator (a user) in one desa through one module's assisted filing."""

    user_id: int
    desa_code: str
    count: int


@dataclass(frozen=True)
class RetentionRule:
    """How long one kind of personal data is kept, and why (UU 27/2022 on personal data protection).

    Declared where the data lives: a module in its manifest's ``retention``, the platform in
    ``kiblat.platform.privacy.retention``. ``erased_on_request`` says whether a citizen's deletion
    request erases or anonymises it, or whether it must be kept (a permit, a ledger row)."""

    kind: Localized
    period: Localized
    basis: Localized
    erased_on_request: bool


@dataclass(frozen=True)
class ErasureReport:
    """What a module's ``erase_personal_data`` did for one citizen, in words the citizen reads
    (already in the request's language): what was erased or anonymised, what was kept and why."""

    erased: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompletedService:
    """One service a citizen received to the end (a permit issued, a pickup done), which they may
    rate in the satisfaction survey (SKM). ``ref`` is unique within the module; ``service`` and
    ``unit`` (the OPD or office that served) are shown and kept with the rating."""

    ref: str
    service: str
    unit: str
    completed_at: datetime
    # The number on what the citizen received (a permit's number): tells two alike apart.
    number: str = ""


@dataclass(frozen=True)
class OpenDataset:
    """Statistics a module publishes as open data (a "living dataset"): aggregated, never
    personal. ``builder`` (``"package.module:function"``) runs inside a tenant and returns
    ``{"variables": [{"name", "definition", "unit", "type"}], "rows": [[…], …]}`` with types
    ``teks``, ``bilangan``, ``desimal``, ``tanggal`` or ``kode_wilayah``. Whichever module
    publishes open data finds these in the registry; the declaring module does not know it."""

    key: str
    title: Localized
    description: Localized
    builder: str
    topic: str = "pemerintahan"
    frequency: str = "bulanan"
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not MODULE_KEY_RE.match(self.key):
            raise ValueError(f"open dataset key {self.key!r} must match {MODULE_KEY_RE.pattern}")
        if not DOTTED_RE.match(self.builder):
            raise ValueError(f"builder of open dataset {self.key!r} must be 'package.module:function'")


@dataclass(frozen=True)
class Indicator:
    """A number a module computes for its regency, for the smart-city dashboard and comparisons.

    ``compute`` (``"package.module:function"``) runs inside the tenant and returns a number
    (or None when there is nothing to measure yet) from the tenant's own data — counts and
    rates only, never personal data. ``per_capita`` (e.g. 1000) makes comparisons divide the
    value by the regency's population in thousands ("kg per 1.000 penduduk"); ``publishable``
    False keeps it off public pages whatever the regency chooses. ``dimension`` defaults to the
    module's first smart-city dimension."""

    key: str
    label: Localized
    unit: Localized
    compute: str
    higher_is_better: bool = True
    per_capita: int | None = None
    publishable: bool = True
    dimension: str | None = None

    def __post_init__(self) -> None:
        if not MODULE_KEY_RE.match(self.key):
            raise ValueError(f"indicator key {self.key!r} must match {MODULE_KEY_RE.pattern}")
        if not DOTTED_RE.match(self.compute):
            raise ValueError(f"compute of indicator {self.key!r} must be 'package.module:function'")
        if self.dimension is not None and self.dimension not in SMART_CITY_DIMENSIONS:
            raise ValueError(
                f"indicator {self.key!r}: unknown smart-city dimension {self.dimension!r} "
                f"(one of {', '.join(SMART_CITY_DIMENSIONS)})"
            )
        if self.per_capita is not None and (type(self.per_capita) is not int or self.per_capita <= 0):
            raise ValueError(f"indicator {self.key!r}: per_capita must be a positive whole number of residents")


@dataclass(frozen=True)
class ModuleManifest:
    key: str
    name: Localized
    description: Localized
    version: str
    url_prefix: str
    # "package.module:attribute" of the Flask blueprint (the module's ``blueprint.py``).
    blueprint: str
    # Dotted path of the module defining its TenantModel classes (imported to register tables).
    models: str
    requires: tuple[str, ...] = ()
    permissions: tuple[Permission, ...] = ()
    roles: tuple[Role, ...] = ()
    # JSON Schema for the tenant's settings of this module; defaults fill omitted keys.
    settings_schema: dict = field(default_factory=lambda: {"type": "object", "properties": {}})
    navigation: tuple[NavEntry, ...] = ()
    # ``fn()``: adds the module's reference data inside a tenant after migrations; idempotent.
    seed: str | None = None
    # ``fn(marker)``: a few realistic rows of every kind the module stores, each text containing
    # ``marker`` (inside a tenant context; the caller commits). The cross-tenant probe uses it
    # to fill two regencies, and fails while any table of the module stays empty.
    sample_data: str | None = None
    # ``fn(tenant) -> list[DemoLogin]``: for ``kiblat demo setup`` only (known passwords, never
    # in production). Inside the tenant: creates the module's demo officers once, and the demo
    # content their journeys need; returns their logins. Idempotent; the caller commits.
    demo_logins: str | None = None
    # ``fn() -> list[AssistedCount]``: for modules where an operator files for a citizen (assisted
    # filing): how many each operator filed, per desa. Called inside the tenant by whichever module
    # counts operators' work; the declaring module does not know who reads it.
    assisted_services: str | None = None
    # Personal data (docs/privacy.md). ``personal_data``: ``fn(user_id) -> dict`` (JSON-ready)
    # of everything the module keeps about that account, for the citizen's own download;
    # ``erase_personal_data``: ``fn(user_id) -> ErasureReport``, erases or anonymises what the
    # law allows and keeps what records must keep (the caller commits); ``retention``: how long
    # each kind of personal data the module stores is kept.
    personal_data: str | None = None
    erase_personal_data: str | None = None
    retention: tuple[RetentionRule, ...] = ()
    # Audit action code (``<key>.<what>``, as passed to ``audit.record``) → what the audit log
    # shows for it. Every code the module writes is declared here (a test greps the calls).
    audit_actions: Mapping[str, Localized] = field(default_factory=dict)
    # ``fn(user_id) -> list[CompletedService]``: services that account received to the end, which
    # the platform's satisfaction survey (SKM) offers to rate; called inside the tenant.
    completed_services: str | None = None
    # Role key → endpoint where a holder of that role lands after signing in (their work page):
    # a module may name a page for its own roles and for the core ones ("officer" → its queue).
    landing_pages: Mapping[str, str] = field(default_factory=dict)
    # ``fn() -> str | None``: one short public line for the regency's home page (e.g. "1.250 kg
    # sampah didaur ulang tahun ini"); called inside the tenant, may use the request's locale.
    home_summary: str | None = None
    # ``fn() -> DisableCheck``: called inside the tenant before its admin disables the module.
    disable_guard: str | None = None
    # The module's tables holding *configuration* (types, fees, price lists, categories):
    # what ``template:`` copies to a new regency. Every other table is citizen data.
    configuration_tables: tuple[str, ...] = ()
    # The module's tables whose content its pages kept for anonymous visitors show (announcements):
    # a committed change to one renews the regency's kept pages (platform/web/public_content.py).
    public_tables: tuple[str, ...] = ()
    # A click group, mounted as ``kiblat <group name> ...``.
    cli: str | None = None
    # Scopes API clients of a regency may be granted while the module is enabled.
    api_scopes: tuple[ApiScope, ...] = ()
    # The module's ``ApiRoutes`` (kiblat.platform.api.routes), mounted under /api/v1 and
    # described in the OpenAPI document while the module is enabled.
    http_api: str | None = None
    # Job kind (``<key>.<name>``) → ``"package.module:function"`` taking the job's payload;
    # registered with the job queue at start, run inside the job's tenant.
    jobs: Mapping[str, str] = field(default_factory=dict)
    schedules: tuple[Schedule, ...] = ()
    signals: tuple[SignalReceiver, ...] = ()
    # Monthly price in whole Rupiah for the smallest population tier; None: the platform's default.
    monthly_price: int | None = None
    # Statistics the module publishes as open data (see OpenDataset).
    open_datasets: tuple[OpenDataset, ...] = ()
    # Endpoints of the blueprint that also answer on the platform host (no tenant selected there):
    # a view named here serves every regency together and reads only what they published.
    platform_endpoints: tuple[str, ...] = ()
    # Smart-city dimensions the module serves (SMART_CITY_DIMENSIONS) and the indicators it computes.
    smart_city: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    # Set at discovery: the package the manifest was found in, and its folder.
    package: str = ""
    path: Path | None = None

    def __post_init__(self) -> None:
        if not MODULE_KEY_RE.match(self.key):
            raise ValueError(f"module key {self.key!r} must match {MODULE_KEY_RE.pattern}")
        if not self.url_prefix.startswith("/"):
            raise ValueError(f"module {self.key}: url_prefix must start with '/'")
        if not MODULE_PATH_RE.match(self.models):
            raise ValueError(f"module {self.key}: models must be a dotted module path, not {self.models!r}")
        for name in HOOK_FIELDS:
            value = getattr(self, name)
            if value is not None and not (isinstance(value, str) and DOTTED_RE.match(value)):
                raise ValueError(f"module {self.key}: {name} must be 'package.module:attribute', not {value!r}")
        for kind, tables in (("configuration", self.configuration_tables), ("public", self.public_tables)):
            for table in tables:
                if not table.startswith(self.table_prefix):
                    raise ValueError(f"module {self.key}: {kind} table {table!r} is not its own")
        for scope in self.api_scopes:
            if not scope.key.startswith(self.key + "."):
                raise ValueError(f"module {self.key}: API scope {scope.key!r} must start with {self.key + '.'!r}")
        for code in self.audit_actions:
            if not code.startswith(self.key + ".") or code == self.key + ".":
                raise ValueError(f"module {self.key}: audit action {code!r} must start with {self.key + '.'!r}")
        for kind, handler in self.jobs.items():
            if not kind.startswith(self.key + ".") or kind == self.key + ".":
                raise ValueError(f"module {self.key}: job kind {kind!r} must start with {self.key + '.'!r}")
            if not DOTTED_RE.match(handler):
                raise ValueError(f"module {self.key}: handler of job {kind!r} must be 'package.module:function'")
        for schedule in self.schedules:
            if schedule.job not in self.jobs:
                raise ValueError(f"module {self.key}: schedule names job {schedule.job!r}, which is not in jobs")
        for dataset in self.open_datasets:
            if self.package and not dataset.builder.startswith(self.package + "."):
                raise ValueError(f"module {self.key}: builder of {dataset.key!r} must be inside the module")
        for endpoint in self.platform_endpoints:
            if not endpoint.startswith(self.key + "."):
                raise ValueError(f"module {self.key}: platform endpoint {endpoint!r} must start with {self.key + '.'!r}")
        for dimension in self.smart_city:
            if dimension not in SMART_CITY_DIMENSIONS:
                raise ValueError(
                    f"module {self.key}: unknown smart-city dimension {dimension!r} "
                    f"(one of {', '.join(SMART_CITY_DIMENSIONS)})"
                )
        if self.indicators and not self.smart_city:
            raise ValueError(f"module {self.key}: indicators need at least one smart-city dimension")
        if len({i.key for i in self.indicators}) != len(self.indicators):
            raise ValueError(f"module {self.key}: two indicators share a key")
        for indicator in self.indicators:
            if self.package and not indicator.compute.startswith(self.package + "."):
                raise ValueError(f"module {self.key}: compute of indicator {indicator.key!r} must be inside the module")
        if self.monthly_price is not None and (type(self.monthly_price) is not int or self.monthly_price < 0):
            raise ValueError(f"module {self.key}: monthly_price must be whole Rupiah (an int ≥ 0)")

    def hook(self, name: str) -> Any | None:
        """Import and return the object a hook field names; None when the module has none."""
        if name not in HOOK_FIELDS:
            raise ValueError(f"{name!r} is not a manifest hook (one of {', '.join(HOOK_FIELDS)})")
        dotted = getattr(self, name)
        return None if dotted is None else import_dotted(dotted)

    @property
    def settings_defaults(self) -> dict:
        properties = self.settings_schema.get("properties", {})
        return {name: spec["default"] for name, spec in properties.items() if "default" in spec}

    @property
    def migrations_path(self) -> Path | None:
        if self.path is None:
            return None
        folder = self.path / "migrations"
        return folder if folder.is_dir() else None

    def indicator_dimension(self, indicator: Indicator) -> str:
        return indicator.dimension or self.smart_city[0]

    @property
    def table_prefix(self) -> str:
        return self.key + "_"
