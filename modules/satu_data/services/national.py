"""The regency's part of the national catalogue on the platform host: the published metadata
of its public datasets, copied into the control plane's open-data index (never an internal
dataset), and the national catalogue that searches that index for the portal and the CKAN API.

Names are made unique across regencies: a dataset ``jumlah-puskesmas`` of Binjai is
``binjai-jumlah-puskesmas`` nationally, its OPD ``binjai-dinkes``; the regency is an extra and
a facet."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from sqlalchemy import func, select

from kiblat.modules.satu_data.models import Dataset
from kiblat.modules.satu_data.services import metadata, search
from kiblat.modules.satu_data.services.packages import group_dict
from kiblat.platform.core.extensions import db
from kiblat.platform.opendata import index
from kiblat.platform.opendata.models import OpenDataEntry
from kiblat.tenants.context import TenantInfo, current_tenant
from kiblat.tenants.registry import tenant_registry

COLUMNS = {name: getattr(OpenDataEntry, name) for name in (
    "package_id", "name", "title", "search_text", "organization", "groups_text", "tags_text", "formats_text",
    "years_text", "license_id", "metadata_modified", "metadata_created", "regency")}
FACETS = {"regency": "regency", "organization": "organization", "groups": "groups_text", "tags": "tags_text",
          "res_format": "formats_text", "license_id": "license_id", "year": "years_text"}
FIELDS = {k: v for k, v in search.FIELDS.items() if v in COLUMNS}
MODULE_KEY = "satu_data"


def _national_package(dataset: Dataset, tenant: TenantInfo) -> dict:
    package = dict(dataset.package)
    organization = dict(package["organization"])
    organization["name"] = f"{tenant.slug}-{organization['name']}"[:140]
    organization["title"] = f"{organization['title']} ({tenant.official_name})"
    organization["display_name"] = organization["title"]
    organization["id"] = f"{tenant.slug}-{organization['id']}"
    package.update(name=f"{tenant.slug}-{dataset.name}"[:140], organization=organization, owner_org=organization["id"])
    package["extras"] = [*package.get("extras", []), {"key": "kabupaten_kota", "value": tenant.official_name},
                         {"key": "kode_wilayah_kabupaten_kota", "value": tenant.region_code},
                         {"key": "tautan_asal", "value": f"//{tenant.primary_host}{package['url']}"}]
    package["kiblat_host"] = tenant.primary_host
    return package


def sync(dataset: Dataset) -> None:
    """Put the dataset's public metadata in the national index, or take it out (internal, or not
    published)."""
    tenant = current_tenant._get_current_object()
    if not dataset.package_id:
        return
    if not dataset.published or dataset.private:
        index.remove(tenant.id, dataset.package_id)
        return
    package = _national_package(dataset, tenant)
    index.put(tenant.id, tenant.slug, dataset.package_id, dataset.name, name=package["name"], title=dataset.title,
              search_text=f"{dataset.search_text} {tenant.official_name.lower()}",
              organization=package["organization"]["name"], groups_text=dataset.groups_text,
              tags_text=dataset.tags_text, formats_text=dataset.formats_text, years_text=dataset.years_text,
              license_id=dataset.license_id, metadata_created=dataset.metadata_created,
              metadata_modified=dataset.metadata_modified, package=package)


def _open_tenants() -> dict[int, TenantInfo]:
    """Regencies whose catalogue is open now: active, with the module on."""
    return {t.id: t for t in tenant_registry().all() if t.status == "active" and MODULE_KEY in t.modules}


def _closed_tenants() -> list[int]:
    """Regencies whose entries stay in the index but are not shown: archived or suspended, or
    with the module off (an entry's regency always exists: the index cascades on delete)."""
    return [t.id for t in tenant_registry().all() if t.status != "active" or MODULE_KEY not in t.modules]


def _absolute(package: dict) -> dict:
    """Links on the regency's own host (with the port this request came on, for development)."""
    host = package.get("kiblat_host", "")
    port = request.host.rpartition(":")[2] if ":" in request.host else ""
    base = f"{request.scheme}://{host}" + (f":{port}" if port else "")
    result = {k: v for k, v in package.items() if k != "kiblat_host"}
    result["url"] = base + package["url"] if package.get("url", "").startswith("/") else package.get("url")
    result["resources"] = [{**r, "url": base + r["url"] if r["url"].startswith("/") else r["url"]}
                           for r in package.get("resources", [])]
    return result


@dataclass
class NationalResult:
    count: int
    packages: list[dict]
    facets: dict[str, list[tuple[str, int]]]


def run(query: search.SearchQuery) -> NationalResult:
    """Two queries over the control plane's index, however many regencies: the count with the
    facets, then the page's package dicts."""
    session = db.session
    base = select(OpenDataEntry)
    closed = _closed_tenants()
    if closed:
        # Usually none: the condition names the few closed regencies, not the hundreds of open ones.
        base = base.where(OpenDataEntry.tenant_id.not_in(closed))
    # The control plane's index has the same GIN indexes as a regency's datasets (control_0015).
    base = search.build(base, COLUMNS, query, session.get_bind().dialect.name)
    count, facets = search.count_and_facets(session, base, COLUMNS, FACETS, query)
    packages = []
    if query.rows and count > query.start:
        packages = list(session.scalars(search.ordered(base.with_only_columns(OpenDataEntry.package), COLUMNS, query)))
    return NationalResult(count, [_absolute(p) for p in packages], facets)


def regency_titles() -> dict[str, str]:
    return {t.slug: t.official_name for t in _open_tenants().values()}


class NationalCatalogue:
    """Every open regency's public datasets, for the CKAN actions on the platform host."""

    facets = FACETS
    fields = FIELDS

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def search(self, query: search.SearchQuery) -> tuple[int, list[dict], dict]:
        result = run(query)
        return result.count, result.packages, result.facets

    def _entry(self, name_or_id: str) -> OpenDataEntry | None:
        entry = db.session.scalar(select(OpenDataEntry).where(
            (OpenDataEntry.name == name_or_id) | (OpenDataEntry.package_id == name_or_id)))
        return entry if entry is not None and entry.tenant_id in _open_tenants() else None

    def package(self, name_or_id: str) -> dict | None:
        entry = self._entry(name_or_id)
        return _absolute(entry.package) if entry else None

    def resource(self, uid: str) -> dict | None:
        # Resource ids are not indexed; a harvester reads them inside package dicts.
        return None

    def _counts(self, facet: str) -> list[tuple[str, int]]:
        return run(search.SearchQuery(rows=0, facet_fields=[facet], facet_limit=10_000)).facets[facet]

    @staticmethod
    def _organization_dicts(names: list[str]) -> dict[str, dict]:
        """The organization dict of each name, read from one entry per organization (the
        lowest id), not from every dataset it has."""
        if not names:
            return {}
        first = (select(func.min(OpenDataEntry.package_id)).where(OpenDataEntry.organization.in_(names))
                 .group_by(OpenDataEntry.organization))
        return {organization: package["organization"] for organization, package in db.session.execute(
            select(OpenDataEntry.organization, OpenDataEntry.package).where(OpenDataEntry.package_id.in_(first)))}

    def organizations(self) -> list[dict]:
        counts = dict(self._counts("organization"))
        found = self._organization_dicts(list(counts))
        return [{**found[name], "package_count": n} for name, n in counts.items() if name in found]

    def groups(self) -> list[dict]:
        return [group_dict(topic, n) for topic, n in self._counts("groups")]

    def facet_labels(self, facets: dict[str, list[tuple[str, int]]]) -> dict:
        """Display names of the facet values shown (never of every organization in the country)."""
        shown = [name for name, _ in facets.get("organization", [])]
        return {"regency": regency_titles(), "groups": {k: str(v) for k, v in metadata.TOPICS.items()},
                "organization": {name: o["title"] for name, o in self._organization_dicts(shown).items()}}

    def site_title(self) -> str:
        return "Kiblat — Katalog Data Nasional"

    def site_url(self) -> str:
        return self.base_url
