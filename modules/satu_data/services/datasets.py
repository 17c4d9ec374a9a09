"""What a produsen data (an OPD officer) does: write a dataset's metadata, attach tables or
links, see the problems of each table row by row, and submit the version to the walidata."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.modules.satu_data.models import (
    DRAFT,
    PUBLISHED,
    RETURNED,
    SUBMITTED,
    DataPlan,
    Dataset,
    DatasetVersion,
    Resource,
)
from kiblat.modules.satu_data.services import access, metadata, settings, validation
from kiblat.modules.satu_data.services.history import note_event
from kiblat.modules.satu_data.services.ids import random_id
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.texts import _
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads.tables import CheckedTable, check_table_upload, read_stored_table
from kiblat.tenants.database import tenant_db

EDITABLE = (DRAFT, RETURNED)
LINK_FORMATS = ("CSV", "XLSX", "JSON", "PDF", "HTML", "API")


class DatasetError(ValueError):
    """Refused; ``str()`` is the message to show."""


def by_name(name: str) -> Dataset | None:
    return tenant_db.session.scalar(select(Dataset).where(Dataset.name == name))


def editable_version(dataset: Dataset) -> DatasetVersion | None:
    """The version being written or fixed, if any."""
    return next((v for v in reversed(dataset.versions) if v.status in EDITABLE), None)


def pending_version(dataset: Dataset) -> DatasetVersion | None:
    return next((v for v in reversed(dataset.versions) if v.status in (*EDITABLE, SUBMITTED)), None)


def _check_opd(opd_id: int) -> Opd:
    opd = tenant_db.session.get(Opd, opd_id)
    if opd is None or not opd.active:
        raise DatasetError(_("OPD tidak ditemukan."))
    return opd


def _checked_meta(meta: dict) -> dict:
    try:
        meta = metadata.check_meta(meta)
    except metadata.MetadataError as exc:
        raise DatasetError(str(exc)) from None
    spatial = meta.get("spatial") or ""
    if spatial and spatial not in validation.known_codes({spatial}):
        raise DatasetError(_("Cakupan wilayah: kode wilayah \"%(code)s\" tidak dikenal.", code=spatial))
    return meta


def create_dataset(user: User, permissions: frozenset[str], meta: dict, name: str | None = None,
                   opd_id: int | None = None, private: bool = False, plan_id: int | None = None) -> Dataset:
    """A new dataset with its first version as a draft. A producer's dataset belongs to their own
    OPD; the walidata may name any OPD."""
    if opd_id is None or access.WALIDATA not in permissions:
        own_opd = access.require_producer(user, permissions)
        if opd_id is not None and opd_id != own_opd:
            raise access.AccessError(_("Anda hanya dapat membuat dataset untuk OPD Anda sendiri."))
        opd_id = own_opd
    opd = _check_opd(opd_id)
    if plan_id is not None:
        plan = tenant_db.session.get(DataPlan, plan_id)
        if plan is None or plan.opd_id != opd.id:
            raise DatasetError(_("Pilih rencana data dari daftar."))
    meta = _checked_meta(meta)
    name = (name or metadata.slugify(meta["title"])).strip().lower()
    if not metadata.NAME_RE.match(name):
        raise DatasetError(_("Nama URL hanya huruf kecil, angka dan tanda hubung (3–100 karakter)."))
    if by_name(name) is not None:
        raise DatasetError(_("Nama URL \"%(name)s\" sudah dipakai dataset lain. Pilih nama lain.", name=name))
    dataset = Dataset(name=name, opd_id=opd.id, private=private, plan_id=plan_id, title=meta["title"])
    version = DatasetVersion(number=1, status=DRAFT, meta=meta, created_by_user_id=user.id)
    dataset.versions.append(version)
    tenant_db.session.add(dataset)
    tenant_db.session.flush()
    note_event(version, DRAFT, user)
    return dataset


def _require_editable(version: DatasetVersion, user: User, permissions: frozenset[str]) -> None:
    access.require_edit(version.dataset, user, permissions)
    if version.status not in EDITABLE:
        raise DatasetError(_("Versi ini sedang diperiksa atau sudah selesai; tidak dapat diubah."))


def update_meta(version: DatasetVersion, user: User, permissions: frozenset[str], meta: dict,
                private: bool | None = None) -> DatasetVersion:
    _require_editable(version, user, permissions)
    version.meta = _checked_meta(meta)
    if private is not None and not version.dataset.published:
        version.dataset.private = private
    recheck(version)
    return version


def open_new_version(dataset: Dataset, user: User, permissions: frozenset[str]) -> DatasetVersion:
    """A draft for the next release, starting from the published metadata and tables."""
    access.require_edit(dataset, user, permissions)
    if pending_version(dataset) is not None:
        raise DatasetError(_("Dataset ini sudah punya versi yang sedang disusun atau diperiksa."))
    source = next((v for v in reversed(dataset.versions) if v.status == PUBLISHED), dataset.versions[-1])
    version = DatasetVersion(number=dataset.versions[-1].number + 1, status=DRAFT, meta=dict(source.meta),
                             created_by_user_id=user.id)
    for resource in source.resources:
        version.resources.append(Resource(
            resource_uid=random_id(), name=resource.name, format=resource.format, url=resource.url,
            storage_key=resource.storage_key, media_type=resource.media_type, size=resource.size,
            row_count=resource.row_count, problems=list(resource.problems)))
    dataset.versions.append(version)
    tenant_db.session.flush()
    note_event(version, DRAFT, user)
    return version


def add_table(version: DatasetVersion, user: User, permissions: frozenset[str], filename: str | None,
              data: bytes, name: str = "") -> Resource:
    """Store a CSV/XLSX (checked by content) and list its problems against the variables.
    Raises UploadError (a clear message) for a file that is refused."""
    _require_editable(version, user, permissions)
    table = check_table_upload(data, filename, max_bytes=settings.upload_max_bytes(), label=_("Berkas tabel"))
    return store_table(version, table, name)


def store_table(version: DatasetVersion, table: CheckedTable, name: str = "") -> Resource:
    upload = table.upload
    key = tenant_storage().save(io.BytesIO(upload.data), upload.display_name, f"satu_data/{version.dataset_id}")
    resource = Resource(resource_uid=random_id(), name=(name or upload.display_name)[:200],
                        format=upload.extension.lstrip(".").upper(), storage_key=key, media_type=upload.media_type,
                        size=upload.size, row_count=len(table.rows),
                        problems=validation.check_rows(table.header, table.rows, version.meta["variables"]))
    version.resources.append(resource)
    tenant_db.session.flush()
    return resource


def add_link(version: DatasetVersion, user: User, permissions: frozenset[str], url: str, name: str,
             link_format: str) -> Resource:
    _require_editable(version, user, permissions)
    url = url.strip()
    if not url.startswith(("https://", "http://")) or len(url) > 1000 or any(c.isspace() for c in url):
        raise DatasetError(_("Tautan harus alamat web lengkap yang diawali https://."))
    link_format = link_format.upper()
    if link_format not in LINK_FORMATS:
        raise DatasetError(_("Pilih format tautan dari daftar."))
    resource = Resource(resource_uid=random_id(), name=(name.strip() or url)[:200], format=link_format, url=url,
                        problems=[])
    version.resources.append(resource)
    tenant_db.session.flush()
    return resource


def remove_resource(version: DatasetVersion, user: User, permissions: frozenset[str], resource_id: int) -> None:
    _require_editable(version, user, permissions)
    resource = next((r for r in version.resources if r.id == resource_id), None)
    if resource is None:
        raise DatasetError(_("Sumber data tidak ditemukan."))
    version.resources.remove(resource)
    tenant_db.session.flush()


def read_table(resource: Resource) -> tuple[list[str], list[list[str]]]:
    with tenant_storage().open(resource.storage_key) as handle:
        return read_stored_table(handle.read())


def recheck(version: DatasetVersion) -> None:
    """Check the stored tables again (after the variables changed)."""
    for resource in version.resources:
        if resource.storage_key:
            header, rows = read_table(resource)
            resource.problems = validation.check_rows(header, rows, version.meta["variables"])


def submit(version: DatasetVersion, user: User, permissions: frozenset[str], note: str = "",
           now: datetime | None = None) -> DatasetVersion:
    """Send the version to the walidata: only with at least one resource and no table problems."""
    _require_editable(version, user, permissions)
    if not version.resources:
        raise DatasetError(_("Tambahkan paling sedikit satu tabel atau tautan sebelum mengajukan."))
    if any(resource.problems for resource in version.resources):
        raise DatasetError(_("Masih ada kesalahan pada tabel. Perbaiki lalu unggah ulang sebelum mengajukan."))
    version.status = SUBMITTED
    version.submitted_at = now or datetime.now(UTC)
    note_event(version, SUBMITTED, user, note, now)
    return version


def datasets_of_opd(opd_id: int) -> list[Dataset]:
    return list(tenant_db.session.scalars(select(Dataset).where(Dataset.opd_id == opd_id).order_by(Dataset.id)))
