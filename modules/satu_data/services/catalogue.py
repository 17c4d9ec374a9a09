"""The regency's published catalogue: search, facets and lookups over ``satu_data_dataset``
(public datasets only, unless the caller is inside the regency and asks for internal ones)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import defer

from kiblat.modules.satu_data.models import PUBLISHED, SUPERSEDED, Dataset, DatasetVersion, Resource
from kiblat.modules.satu_data.services import search
from kiblat.modules.satu_data.services.packages import (
    absolute,
    group_dict,
    organization_dict,
    organization_name,
)
from kiblat.platform.identity.models import Opd
from kiblat.tenants.database import tenant_db

COLUMNS = {name: getattr(Dataset, name) for name in (
    "package_id", "name", "title", "search_text", "organization", "groups_text", "tags_text", "formats_text",
    "years_text", "license_id", "metadata_modified", "metadata_created")}
FACETS = {"organization": "organization", "groups": "groups_text", "tags": "tags_text",
          "res_format": "formats_text", "license_id": "license_id", "year": "years_text"}
FIELDS = {k: v for k, v in search.FIELDS.items() if v in COLUMNS}


@dataclass
class SearchResult:
    count: int
    packages: list[dict]
    facets: dict[str, list[tuple[str, int]]]
    datasets: list[Dataset]


def _published(include_private: bool = False):  # noqa: ANN202 - a SQLAlchemy condition
    conditions = [Dataset.published.is_(True)]
    if not include_private:
        conditions.append(Dataset.private.is_(False))
    return conditions


def run(query: search.SearchQuery, include_private: bool = False) -> SearchResult:
    """Two queries: the count with the facets, then the page's rows (their package dicts hold
    the resources, tags and groups, so nothing more is read per dataset)."""
    session = tenant_db.session
    dialect = session.get_bind().dialect.name
    unknown = [name for name in query.facet_fields if name not in FACETS]
    if unknown:
        raise search.SearchError(f"facet.field tidak dikenal: {', '.join(unknown)}")
    base = search.build(select(Dataset).where(*_published(include_private)), COLUMNS, query, dialect)
    count, facets = search.count_and_facets(session, base, COLUMNS, FACETS, query)
    datasets = []
    if query.rows and count > query.start:
        # The search text can be long and is not shown: left unread.
        datasets = list(session.scalars(search.ordered(base, COLUMNS, query).options(defer(Dataset.search_text))))
    return SearchResult(count, [d.package for d in datasets], facets, datasets)


def public_dataset(name_or_id: str, include_private: bool = False) -> Dataset | None:
    """A published dataset by CKAN name or id."""
    return tenant_db.session.scalar(select(Dataset).where(
        *_published(include_private), (Dataset.name == name_or_id) | (Dataset.package_id == name_or_id)))


def published_versions(dataset: Dataset) -> list[DatasetVersion]:
    """Every release, newest first (older ones stay downloadable)."""

    return [v for v in reversed(dataset.versions) if v.status in (PUBLISHED, SUPERSEDED)]


def organization_titles() -> dict[str, str]:
    """CKAN organization name → the OPD's full name."""

    return {organization_name(opd): opd.name for opd in tenant_db.session.scalars(select(Opd))}


class TenantCatalogue:
    """The regency's public catalogue as the CKAN actions see it (links absolute on ``base_url``)."""

    facets = FACETS
    fields = FIELDS

    def __init__(self, base_url: str, title: str) -> None:
        self.base_url, self.title = base_url.rstrip("/"), title

    def search(self, query: search.SearchQuery) -> tuple[int, list[dict], dict]:

        result = run(query)
        return result.count, [absolute(p, self.base_url) for p in result.packages], result.facets

    def package(self, name_or_id: str) -> dict | None:

        dataset = public_dataset(name_or_id)
        return absolute(dataset.package, self.base_url) if dataset else None

    def resource(self, uid: str) -> dict | None:

        resource = tenant_db.session.scalar(select(Resource).where(Resource.resource_uid == uid))
        if resource is None:
            return None
        dataset = tenant_db.session.get(DatasetVersion, resource.version_id).dataset
        if not dataset.published or dataset.private or resource.version_id != dataset.published_version_id:
            return None
        package = absolute(dataset.package, self.base_url)
        return next((r for r in package["resources"] if r["id"] == uid), None)

    def _counts(self, facet: str) -> dict[str, int]:
        query = search.SearchQuery(rows=0, facet_fields=[facet], facet_limit=10_000)
        return dict(run(query).facets[facet])

    def organizations(self) -> list[dict]:

        counts = self._counts("organization")
        return [organization_dict(opd, counts.get(organization_name(opd), 0))
                for opd in tenant_db.session.scalars(select(Opd).where(Opd.active.is_(True)))]

    def groups(self) -> list[dict]:

        return [group_dict(topic, n) for topic, n in self._counts("groups").items()]

    def facet_labels(self, facets: dict[str, list[tuple[str, int]]]) -> dict:
        return {"organization": organization_titles()} if "organization" in facets else {}

    def site_title(self) -> str:
        return self.title

    def site_url(self) -> str:
        return self.base_url
