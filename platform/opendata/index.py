"""Writing the national open-data index (control plane). Called by the module that publishes a
regency's open data, after its own transaction committed."""

from __future__ import annotations

from sqlalchemy import delete, select

from kiblat.platform.core.extensions import db
from kiblat.platform.opendata.models import OpenDataEntry

COLUMNS = ("name", "title", "search_text", "organization", "groups_text", "tags_text", "formats_text",
           "years_text", "license_id", "metadata_created", "metadata_modified", "package")


def put(tenant_id: int, regency: str, package_id: str, source_name: str, **values: object) -> None:
    """Add or replace the public metadata of one dataset (``values``: the COLUMNS) and commit."""
    unknown = set(values) - set(COLUMNS)
    if unknown:
        raise ValueError(f"not columns of the open-data index: {', '.join(sorted(unknown))}")
    entry = db.session.get(OpenDataEntry, package_id)
    if entry is None:
        entry = OpenDataEntry(package_id=package_id, tenant_id=tenant_id, regency=regency, source_name=source_name)
        db.session.add(entry)
    elif entry.tenant_id != tenant_id:
        raise ValueError("a regency cannot overwrite another regency's dataset")
    entry.source_name = source_name
    for key, value in values.items():
        setattr(entry, key, value)
    db.session.commit()


def remove(tenant_id: int, package_id: str) -> None:
    """Take one dataset of the regency out of the index (private again, withdrawn) and commit."""
    db.session.execute(delete(OpenDataEntry).where(OpenDataEntry.tenant_id == tenant_id,
                                                   OpenDataEntry.package_id == package_id))
    db.session.commit()


def package_ids(tenant_id: int) -> set[str]:
    return set(db.session.scalars(select(OpenDataEntry.package_id).where(OpenDataEntry.tenant_id == tenant_id)))
