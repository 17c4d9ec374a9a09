"""Living datasets: statistics other modules declare in their manifests (``open_datasets``).
The walidata chooses which to publish; they are then regenerated on the schedule (or with
``kiblat satu_data refresh``) and published like any other dataset, through the same review
record, with no personal data (the builders return aggregates only)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select

from kiblat.modules.satu_data.models import DRAFT, Dataset, DatasetVersion, LivingDataset
from kiblat.modules.satu_data.services import access, datasets, metadata, review
from kiblat.modules.satu_data.services.history import note_event
from kiblat.platform.identity.models import Opd
from kiblat.platform.identity.texts import _
from kiblat.platform.modular.manifest import Localized, OpenDataset, import_dotted
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads.tables import check_table_upload
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


class LivingError(ValueError):
    """Refused; ``str()`` is the message to show."""


@dataclass
class Offer:
    key: str
    module_name: Localized
    declared: OpenDataset
    chosen: LivingDataset | None


def offers() -> list[Offer]:
    """Every living dataset the regency's enabled modules declare, and whether it is published."""
    chosen = {row.key: row for row in tenant_db.session.scalars(select(LivingDataset))}
    result = []
    for manifest in current_app.extensions["kiblat_modules"]:
        if manifest.key not in current_tenant.modules:
            continue
        for declared in manifest.open_datasets:
            key = f"{manifest.key}.{declared.key}"
            result.append(Offer(key, manifest.name, declared, chosen.get(key)))
    return result


def _offer(key: str) -> Offer:
    found = next((offer for offer in offers() if offer.key == key), None)
    if found is None:
        raise LivingError(_("Dataset modul tidak ditemukan atau modulnya tidak aktif."))
    return found


def choose(key: str, opd_id: int, permissions: frozenset[str]) -> Dataset:
    """Publish a module's statistics as a dataset of ``opd_id`` and keep it fresh."""
    access.require_walidata(permissions)
    offer = _offer(key)
    if tenant_db.session.get(Opd, opd_id) is None:
        raise LivingError(_("Pilih OPD dari daftar."))
    if offer.chosen is None:
        tenant_db.session.add(LivingDataset(key=key, opd_id=opd_id))
    else:
        offer.chosen.opd_id = opd_id
    tenant_db.session.flush()
    return refresh(key)


def stop(key: str, permissions: frozenset[str]) -> None:
    """No more refreshes; the published releases stay as they are."""
    access.require_walidata(permissions)
    row = tenant_db.session.scalar(select(LivingDataset).where(LivingDataset.key == key))
    if row is None:
        raise LivingError(_("Dataset modul tidak ditemukan atau modulnya tidak aktif."))
    tenant_db.session.delete(row)
    tenant_db.session.commit()


def _csv(table: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([v["name"] for v in table["variables"]])
    writer.writerows(table["rows"])
    return out.getvalue().encode("utf-8")


class _System:
    id = None
    name = "Sistem"

    def __init__(self, opd_id: int) -> None:
        self.opd_id = opd_id


def refresh(key: str, now: datetime | None = None) -> Dataset:
    """Regenerate one chosen living dataset: a new release when its table changed."""
    now = now or datetime.now(UTC)
    offer = _offer(key)
    row = offer.chosen or tenant_db.session.scalar(select(LivingDataset).where(LivingDataset.key == key))
    declared = offer.declared
    table = import_dotted(declared.builder)()
    variables = [{"name": v["name"], "definition": v.get("definition", ""), "unit": v.get("unit", ""),
                  "type": v["type"], "required": False} for v in table["variables"]]
    meta = {"title": declared.title.id, "notes": declared.description.id, "topic": declared.topic,
            "frequency": declared.frequency, "tags": list(declared.tags), "license_id": metadata.DEFAULT_LICENSE,
            "spatial": current_tenant.region_code, "contact": "", "variables": variables}
    system, permissions = _System(row.opd_id), frozenset({access.WALIDATA, access.PRODUCE})
    dataset = tenant_db.session.scalar(select(Dataset).where(Dataset.living_key == key))
    data = _csv(table)
    if dataset is None:
        dataset = datasets.create_dataset(system, permissions, meta, name=metadata.slugify(f"{key} {declared.title.id}"),
                                          opd_id=row.opd_id)
        dataset.living_key = key
        version = dataset.versions[0]
    else:
        current = tenant_db.session.get(DatasetVersion, dataset.published_version_id)
        if current is not None and current.resources and _same(current, data, meta):
            row.refreshed_at = now
            tenant_db.session.commit()
            return dataset
        version = DatasetVersion(number=dataset.versions[-1].number + 1, status=DRAFT, meta=meta)
        dataset.versions.append(version)
        dataset.opd_id = row.opd_id
        tenant_db.session.flush()
        note_event(version, DRAFT, None)
    version.meta = metadata.check_meta(meta)
    datasets.store_table(version, check_table_upload(data, f"{dataset.name}.csv"), declared.title.id)
    datasets.submit(version, system, permissions, note=_("Diperbarui otomatis dari modul."), now=now)
    row.refreshed_at = now
    row.last_error = ""
    review.publish_version(version, None, now)
    return dataset


def _same(version: DatasetVersion, data: bytes, meta: dict) -> bool:
    if version.meta.get("variables") != meta["variables"] or version.meta.get("title") != meta["title"]:
        return False
    resource = version.resources[0]
    if not resource.storage_key:
        return False

    with tenant_storage().open(resource.storage_key) as handle:
        return handle.read() == data


def refresh_all(now: datetime | None = None) -> list[str]:
    """Regenerate every chosen living dataset of the current tenant; the keys refreshed."""
    refreshed = []
    keys = list(tenant_db.session.scalars(select(LivingDataset.key).order_by(LivingDataset.key)))
    available = {offer.key for offer in offers()}
    for key in keys:
        if key in available:
            refresh(key, now)
            refreshed.append(key)
    return refreshed
