"""In-process cache of tenants by host and slug, invalidated when tenants or domains change.

Within a process a change clears the cache at once. Other worker processes notice
through the ``tenants_version`` counter in the control plane, read at most every
``TENANT_CACHE_CHECK_SECONDS``: one tiny query per worker per interval, instead of
a tenant lookup on every request.

The same check carries when each regency's *public content* last changed (``pages_version`` and
one ``pages:<slug>`` row per regency, :meth:`TenantRegistry.public_pages_changed`, deleted with the
regency): the pages kept
for anonymous visitors are keyed by it, so a new announcement is shown by every worker within
that interval without the whole registry being read again.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import defaultdict

from flask import Flask, current_app
from sqlalchemy import Connection, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiblat.platform.core.extensions import db
from kiblat.tenants.context import BrandingInfo, TenantInfo
from kiblat.tenants.listing import primary_host
from kiblat.tenants.models import Branding, Domain, ModuleEnablement, PlatformState, Tenant

VERSION_KEY = "tenants_version"
PAGES_VERSION_KEY = "pages_version"
PAGE_STAMP_PREFIX = "pages:"  # + slug (at most 31 characters: the key holds 40)
# (epoch, tenants version, the regency's page stamp): see TenantRegistry.page_version.
PageVersion = tuple[int, int, int]
# Distinct page versions a registry hands out as one shared tuple each (then it starts afresh).
SHARED_PAGE_VERSIONS = 1024


class TenantRegistry:
    def __init__(self, check_seconds: float) -> None:
        self._check_seconds = check_seconds
        self._lock = threading.Lock()
        self._by_host: dict[str, TenantInfo] | None = None
        self._by_slug: dict[str, TenantInfo] = {}
        self._version: int | None = None
        # The last ``pages_version`` read, and the value it had when each regency's public content
        # last changed (only regencies changed since this process started). They only ever grow:
        # kept pages are keyed by them, and a key must never come back to mean older content.
        self._pages_version: int | None = None
        self._page_stamps: dict[str, int] = {}
        self._epoch = 0  # moves when the control plane's counters went back
        self._page_versions: dict[PageVersion, PageVersion] = {}
        self._checked_at = 0.0

    # Reads ---------------------------------------------------------------------
    def by_host(self, host: str) -> TenantInfo | None:
        return self._snapshot()[0].get(host)

    def by_slug(self, slug: str) -> TenantInfo | None:
        return self._snapshot()[1].get(slug)

    def all(self) -> list[TenantInfo]:
        return sorted(self._snapshot()[1].values(), key=lambda t: t.slug)

    def fresh(self, slug: str) -> TenantInfo | None:
        """This tenant as the control plane holds it now, read alone: the snapshot is neither
        used nor reloaded. For code that changes one tenant step by step (provisioning, the
        audit of a change): while other processes create tenants too, the snapshot is out of
        date after almost every step, and reloading it each time would cost every tenant of
        the fleet, so creating tenant N would get slower with N."""
        with Session(db.engine) as session:
            found = _one_tenant(session, slug)
        return None if found is None else found[1]

    @property
    def version(self) -> int:
        """The control-plane version this process's snapshot reflects (refreshed as usual)."""
        self._snapshot()
        return self._version or 0

    def version_if_fresh(self) -> int | None:
        """The snapshot's version while it needs no check against the control plane, else None.
        Never reads the database: for callers that must not (the anonymous response cache)."""
        if self._by_host is None or time.monotonic() - self._checked_at >= self._check_seconds:
            return None
        return self._version

    def page_version(self, slug: str | None) -> PageVersion:
        """What an anonymous page of this regency (``None``: of the platform) is made from: the
        snapshot's version and when the regency's public content last changed (refreshed as usual)."""
        self._snapshot()
        return self._page_version(self._version or 0, slug)

    def page_version_if_fresh(self, slug: str | None) -> PageVersion | None:
        """:meth:`page_version` while the snapshot needs no check, else None. Never reads the database."""
        version = self.version_if_fresh()
        return None if version is None else self._page_version(version, slug)

    def _page_version(self, version: int, slug: str | None) -> PageVersion:
        made = (self._epoch, version, self._page_stamps.get(slug, 0) if slug else 0)
        # The same tuple for every regency with that version, not a new one per call: the page
        # and response caches keep it with each regency's pages.
        shared = self._page_versions.get(made)
        if shared is None:
            if len(self._page_versions) >= SHARED_PAGE_VERSIONS:
                self._page_versions.clear()
            shared = self._page_versions.setdefault(made, made)
        return shared

    def _snapshot(self) -> tuple[dict[str, TenantInfo], dict[str, TenantInfo]]:
        now = time.monotonic()
        if self._by_host is not None and now - self._checked_at < self._check_seconds:
            return self._by_host, self._by_slug
        with self._lock:
            if self._by_host is not None and now - self._checked_at < self._check_seconds:
                return self._by_host, self._by_slug
            version, pages_version = _read_versions()
            if (self._version is not None and version < self._version) or (
                    self._pages_version is not None and pages_version < self._pages_version):
                # The control plane went back (a restored backup): its numbers will be given out
                # again for other content, so every page kept before is made unreachable.
                self._epoch += 1
                self._page_stamps, self._pages_version = {}, None
            if self._by_host is None or version != self._version:
                self._by_host, self._by_slug = _load_all()
                self._version = version
            if self._pages_version is None:
                self._pages_version = pages_version  # nothing is kept yet from before
            elif pages_version > self._pages_version:
                for slug, stamp in _page_stamps_after(self._pages_version):
                    self._page_stamps[slug] = max(stamp, self._page_stamps.get(slug, 0))
                self._pages_version = pages_version
            self._checked_at = time.monotonic()
            return self._by_host, self._by_slug

    # Writes --------------------------------------------------------------------
    def changed(self, slug: str | None = None) -> None:
        """Call after committing a change to tenants, domains, branding or modules.

        With ``slug``, only that tenant is reloaded here (creating a fleet stays linear);
        other processes reload everything when they see the new version.
        """
        with db.engine.begin() as conn:
            version = _bump_version(conn)
        self._bumped(slug, version)

    def commit_change(self, slug: str | None = None) -> None:
        """Commit the session's change to tenants, domains, branding or modules together with the
        version bump (one transaction, one commit: other processes see the change and the new
        version at the same instant), then update this process as :meth:`changed` does."""
        db.session.flush()  # the change first: the version row stays locked only for the bump
        version = _bump_version(db.session.connection())
        db.session.commit()
        self._bumped(slug, version)

    def public_pages_changed(self, slug: str) -> None:
        """Call after committing a change to what a regency's anonymous pages show (an
        announcement): its kept pages are renewed here at once, in other processes at their next check."""
        with db.engine.begin() as conn:
            stamp = _bump_version(conn, PAGES_VERSION_KEY)
            _set_state(conn, PAGE_STAMP_PREFIX + slug, stamp)
        with self._lock:
            self._page_stamps[slug] = max(stamp, self._page_stamps.get(slug, 0))
            if self._pages_version == stamp - 1:  # nothing else changed meanwhile: nothing to read
                self._pages_version = stamp

    def _bumped(self, slug: str | None, version: int) -> None:
        with self._lock:
            in_step = self._by_host is not None and self._version == version - 1
            if slug is None or not in_step:
                self._by_host, self._by_slug, self._version = None, {}, None
                return
            by_host = {h: t for h, t in self._by_host.items() if t.slug != slug}
            by_slug = {s: t for s, t in self._by_slug.items() if s != slug}
            with Session(db.engine) as session:
                found = _one_tenant(session, slug)
            if found is not None:
                hosts, info = found
                by_slug[slug] = info
                by_host.update(dict.fromkeys(hosts, info))
            self._by_host, self._by_slug, self._version = by_host, by_slug, version

    def clear(self) -> None:
        with self._lock:
            self._by_host = None
            self._by_slug = {}
            self._version = None


def forget_page_stamp(session: Session, slug: str) -> None:
    """Delete a deleted regency's ``pages:<slug>`` row, in the caller's transaction (a later
    regency with the same slug starts from a new registry version anyway)."""
    session.execute(delete(PlatformState).where(PlatformState.key == PAGE_STAMP_PREFIX + slug))


def _bump_version(conn: Connection, key: str = VERSION_KEY) -> int:
    """Add one to a control-plane counter and return it. The first change of a deployment
    inserts the row; when another process inserted it meanwhile (two tenants provisioned at
    once on a fresh PostgreSQL deployment), that insert fails on the key and the update is
    made again, now that the row is there."""
    bump = (update(PlatformState).where(PlatformState.key == key).values(value=PlatformState.value + 1)
            .returning(PlatformState.value))
    version = conn.scalar(bump)  # one statement: the new value comes back with the update
    if version is None:
        try:
            with conn.begin_nested():
                conn.execute(insert(PlatformState).values(key=key, value=1))
            version = 1
        except IntegrityError:
            version = conn.scalar(bump)
    return version


def _set_state(conn: Connection, key: str, value: int) -> None:
    """Set one control-plane value, inserting its row the first time (as :func:`_bump_version`)."""
    if conn.execute(update(PlatformState).where(PlatformState.key == key).values(value=value)).rowcount:
        return
    try:
        with conn.begin_nested():
            conn.execute(insert(PlatformState).values(key=key, value=value))
    except IntegrityError:
        conn.execute(update(PlatformState).where(PlatformState.key == key).values(value=value))


def _read_versions() -> tuple[int, int]:
    """The tenants version and the public pages version, in one query."""
    # A connection of its own: never touches (or rolls back) the request's session.
    with db.engine.connect() as conn:
        values = dict(conn.execute(select(PlatformState.key, PlatformState.value)
                                   .where(PlatformState.key.in_((VERSION_KEY, PAGES_VERSION_KEY)))).all())
    return values.get(VERSION_KEY) or 0, values.get(PAGES_VERSION_KEY) or 0


def _page_stamps_after(seen: int) -> list[tuple[str, int]]:
    """(slug, stamp) of the regencies whose public content changed after ``seen``."""
    with db.engine.connect() as conn:
        rows = conn.execute(select(PlatformState.key, PlatformState.value).where(
            PlatformState.key.startswith(PAGE_STAMP_PREFIX, autoescape=True), PlatformState.value > seen)).all()
    return [(key.removeprefix(PAGE_STAMP_PREFIX), value) for key, value in rows]


def _load_all() -> tuple[dict[str, TenantInfo], dict[str, TenantInfo]]:
    with Session(db.engine) as session:
        return _build_maps(session)


def _build_maps(session: Session) -> tuple[dict[str, TenantInfo], dict[str, TenantInfo]]:
    """Every tenant, by host and by slug."""
    hosts: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for tenant_id, host, is_primary in session.execute(
            select(Domain.tenant_id, Domain.host, Domain.is_primary).order_by(Domain.id)):
        hosts[tenant_id].append((host, is_primary))
    brandings = {b.tenant_id: b for b in session.scalars(select(Branding))}
    modules: dict[int, list[ModuleEnablement]] = defaultdict(list)
    for enablement in session.scalars(select(ModuleEnablement).where(ModuleEnablement.enabled.is_(True))):
        modules[enablement.tenant_id].append(enablement)

    by_host: dict[str, TenantInfo] = {}
    by_slug: dict[str, TenantInfo] = {}
    # Values most tenants share (the same modules, settings, province, time zone, status) are
    # kept once, not once per tenant: a worker's memory should not grow with the fleet.
    shared: dict[object, object] = {}
    for tenant in session.scalars(select(Tenant)):
        tenant_hosts = hosts.get(tenant.id, [])
        info = _tenant_info(tenant, tenant_hosts, brandings.get(tenant.id), modules.get(tenant.id, []), shared)
        by_slug[tenant.slug] = info
        for host, _ in tenant_hosts:
            by_host[host] = info
    return by_host, by_slug


def _one_tenant(session: Session, slug: str) -> tuple[list[str], TenantInfo] | None:
    """One tenant, with its hosts, in one statement (its row joined with its branding, domains
    and enabled modules; a tenant has a few of each, so the product stays small): what
    provisioning and the audit of a change read several times per run."""
    rows = session.execute(
        select(Tenant, Branding, Domain.host, Domain.is_primary, ModuleEnablement)
        .outerjoin(Branding, Branding.tenant_id == Tenant.id)
        .outerjoin(Domain, Domain.tenant_id == Tenant.id)
        .outerjoin(ModuleEnablement, and_(ModuleEnablement.tenant_id == Tenant.id, ModuleEnablement.enabled.is_(True)))
        .where(Tenant.slug == slug)
        .order_by(Domain.id, ModuleEnablement.id)
    ).all()
    if not rows:
        return None
    tenant, branding = rows[0][0], rows[0][1]
    tenant_hosts = list(dict.fromkeys((host, is_primary) for _, _, host, is_primary, _ in rows if host is not None))
    enabled = list({m.id: m for *_, m in rows if m is not None}.values())
    return [h for h, _ in tenant_hosts], _tenant_info(tenant, tenant_hosts, branding, enabled, {})


def _tenant_info(tenant: Tenant, tenant_hosts: list[tuple[str, bool]], branding: Branding | None,
                 enabled: list[ModuleEnablement], shared: dict[object, object]) -> TenantInfo:
    def once(value):  # noqa: ANN001, ANN202
        return shared.setdefault(value, value)

    return TenantInfo(
        id=tenant.id,
        slug=tenant.slug,
        official_name=tenant.official_name,
        short_name=tenant.short_name,
        region_code=tenant.region_code,
        kind=once(str(tenant.kind)),
        province_code=once(tenant.province_code),
        time_zone=once(tenant.time_zone),
        status=once(str(tenant.status)),
        primary_host=primary_host(tenant_hosts),
        branding=once(_branding_info(branding)),
        modules=once(frozenset(m.module_key for m in enabled)),
        module_settings=_settings_once(shared, enabled),
        module_names=once(tuple((m.module_key, m.display_name) for m in enabled if m.display_name)),
        database_server=once(tenant.database_server),
        read_only=bool(tenant.read_only),
    )


def _settings_once(shared: dict[object, object], enabled: list[ModuleEnablement]) -> tuple[tuple[str, dict], ...]:
    """The tenant's module settings; equal settings are one shared tuple (read only through
    ``TenantInfo.settings_for``, which copies)."""
    settings = tuple((m.module_key, dict(m.settings or {})) for m in enabled)
    fingerprint = ("settings", json.dumps(settings, sort_keys=True, default=str))
    return shared.setdefault(fingerprint, settings)


def _branding_info(branding: Branding | None) -> BrandingInfo:
    if branding is None:
        return BrandingInfo()
    return BrandingInfo(
        primary_color=branding.primary_color,
        accent_color=branding.accent_color,
        tagline=branding.tagline,
        head_title=branding.head_title,
        head_name=branding.head_name,
        logo_key=branding.logo_key,
        version=hashlib.sha1(
            f"{branding.primary_color}{branding.accent_color}{branding.logo_key}{branding.updated_at}".encode()
        ).hexdigest()[:10],
    )


def init_registry(app: Flask) -> None:
    app.extensions["kiblat_tenant_registry"] = TenantRegistry(float(app.config["TENANT_CACHE_CHECK_SECONDS"]))


def tenant_registry() -> TenantRegistry:
    return current_app.extensions["kiblat_tenant_registry"]
