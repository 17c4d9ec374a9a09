"""The published form of a dataset: CKAN's package dict (so CKAN clients and harvesters read
it unchanged) and the flat search columns the portal, the API and the national index query."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from kiblat.modules.satu_data.models import Dataset, DatasetVersion, Resource
from kiblat.modules.satu_data.services import metadata
from kiblat.platform.identity.models import Opd

PORTAL = "/data"


def ckan_time(moment: datetime | None) -> str | None:
    """CKAN writes UTC without an offset: 2024-05-01T03:04:05.123456."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def organization_name(opd: Opd) -> str:
    return metadata.slugify(opd.short_name or opd.name)


def organization_dict(opd: Opd, package_count: int | None = None) -> dict:
    result = {"id": f"opd-{opd.id}", "name": organization_name(opd), "title": opd.name,
              "display_name": opd.name, "description": "", "type": "organization", "is_organization": True,
              "state": "active", "approval_status": "approved", "image_url": "",
              "created": ckan_time(opd.created_at)}
    if package_count is not None:
        result["package_count"] = package_count
    return result


def group_dict(topic: str, package_count: int | None = None) -> dict:
    title = str(metadata.TOPICS.get(topic, topic))
    result = {"id": topic, "name": topic, "title": title, "display_name": title, "description": "",
              "type": "group", "is_organization": False, "state": "active", "image_url": ""}
    if package_count is not None:
        result["package_count"] = package_count
    return result


def dataset_path(name: str) -> str:
    return f"{PORTAL}/dataset/{name}"


def resource_path(dataset_name: str, resource: Resource) -> str:
    return f"{dataset_path(dataset_name)}/sumber/{resource.resource_uid}/unduh"


def resource_dict(dataset: Dataset, version: DatasetVersion, resource: Resource, position: int) -> dict:
    return {
        "id": resource.resource_uid, "package_id": dataset.package_id, "name": resource.name,
        "description": "", "format": resource.format, "mimetype": resource.media_type or None,
        "url": resource.url or resource_path(dataset.name, resource),
        "url_type": "upload" if resource.storage_key else None, "size": resource.size,
        "created": ckan_time(resource.created_at), "last_modified": ckan_time(version.published_at),
        "position": position, "state": "active", "datastore_active": False,
    }


def package_dict(dataset: Dataset, version: DatasetVersion, opd: Opd, modified: datetime) -> dict:
    meta = version.meta
    tags = meta.get("tags", [])
    extras = {
        "frekuensi": str(metadata.FREQUENCIES.get(meta.get("frequency"), "")),
        "frequency": meta.get("frequency", ""),
        "cakupan_wilayah": meta.get("spatial", ""),
        "tahun_awal": str(meta.get("temporal_start") or ""),
        "tahun_akhir": str(meta.get("temporal_end") or ""),
        "produsen_data": opd.name,
        "variabel": json.dumps(meta.get("variables", []), ensure_ascii=False),
    }
    if dataset.living_key:
        extras["sumber_modul"] = dataset.living_key
    license_id = meta.get("license_id", metadata.DEFAULT_LICENSE)
    return {
        "id": dataset.package_id, "name": dataset.name, "title": meta["title"], "notes": meta.get("notes", ""),
        "type": "dataset", "state": "active", "private": False, "version": str(version.number),
        "url": dataset_path(dataset.name), "author": opd.name, "author_email": None,
        "maintainer": meta.get("contact", ""), "maintainer_email": None,
        "license_id": license_id, "license_title": metadata.LICENSES.get(license_id, license_id), "isopen": True,
        "owner_org": f"opd-{opd.id}", "organization": organization_dict(opd),
        "groups": [group_dict(meta["topic"])] if meta.get("topic") else [],
        "tags": [{"id": tag, "name": tag, "display_name": tag, "state": "active", "vocabulary_id": None}
                 for tag in tags],
        "num_tags": len(tags), "num_resources": len(version.resources),
        "resources": [resource_dict(dataset, version, r, i) for i, r in enumerate(version.resources)],
        "extras": [{"key": key, "value": value} for key, value in extras.items() if value],
        "metadata_created": ckan_time(dataset.metadata_created), "metadata_modified": ckan_time(modified),
    }


def _bars(values: list[str]) -> str:
    return "|" + "|".join(values) + "|" if values else ""


def apply_published(dataset: Dataset, version: DatasetVersion, opd: Opd, now: datetime) -> None:
    """Copy ``version`` into the dataset's published columns."""
    meta = version.meta
    dataset.published = True
    dataset.published_version_id = version.id
    dataset.metadata_created = dataset.metadata_created or now
    dataset.metadata_modified = now
    dataset.title = meta["title"]
    dataset.organization = organization_name(opd)
    dataset.groups_text = _bars([meta["topic"]] if meta.get("topic") else [])
    dataset.tags_text = _bars(meta.get("tags", []))
    dataset.formats_text = _bars(sorted({r.format for r in version.resources}))
    dataset.years_text = _bars([str(year) for year in metadata.years_of(meta)])
    dataset.license_id = meta.get("license_id", metadata.DEFAULT_LICENSE)
    variables = " ".join(f"{v['name']} {v['definition']}" for v in meta.get("variables", []))
    dataset.search_text = " ".join([meta["title"], meta.get("notes", ""), " ".join(meta.get("tags", [])),
                                    opd.name, variables]).lower()[:20000]
    dataset.package = package_dict(dataset, version, opd, now)


def absolute(package: dict, base_url: str) -> dict:
    """``package`` with its links made absolute on ``base_url`` (``http://binjai.example``)."""
    base = base_url.rstrip("/")
    result = {**package, "url": base + package["url"] if package.get("url", "").startswith("/") else package.get("url")}
    result["resources"] = [{**r, "url": base + r["url"] if r["url"].startswith("/") else r["url"]}
                           for r in package.get("resources", [])]
    return result
