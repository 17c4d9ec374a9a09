"""What the walidata (Diskominfo) does with a submitted version: publish it, return it to the
producer with notes, or reject it. Each step is in the version's history and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.modules.satu_data.models import (
    PUBLISHED,
    REJECTED,
    RETURNED,
    SUBMITTED,
    SUPERSEDED,
    Dataset,
    DatasetVersion,
)
from kiblat.modules.satu_data.services import access, national, packages
from kiblat.modules.satu_data.services.history import note_event
from kiblat.modules.satu_data.services.ids import time_ordered_id
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.texts import _
from kiblat.tenants.database import tenant_db

NOTE_MAX = 2000


class ReviewError(ValueError):
    """Refused; ``str()`` is the message to show."""


def queue() -> list[DatasetVersion]:
    """Versions waiting for the walidata, oldest first."""
    return list(tenant_db.session.scalars(
        select(DatasetVersion).where(DatasetVersion.status == SUBMITTED)
        .order_by(DatasetVersion.submitted_at, DatasetVersion.id)))


def _require_submitted(version: DatasetVersion, permissions: frozenset[str]) -> None:
    access.require_walidata(permissions)
    if version.status != SUBMITTED:
        raise ReviewError(_("Versi ini tidak sedang menunggu pemeriksaan."))


def publish_version(version: DatasetVersion, user: User | None, now: datetime | None = None) -> None:
    """Make ``version`` the dataset's published release (older releases stay downloadable) and
    commit; the national catalogue follows."""
    now = now or datetime.now(UTC)
    dataset = version.dataset
    for older in dataset.versions:
        if older.status == PUBLISHED and older is not version:
            older.status = SUPERSEDED
    version.status = PUBLISHED
    version.published_at = now
    dataset.package_id = dataset.package_id or time_ordered_id()
    packages.apply_published(dataset, version, tenant_db.session.get(Opd, dataset.opd_id), now)
    note_event(version, PUBLISHED, user, now=now, audit_action="satu_data.terbit")
    tenant_db.session.commit()
    national.sync(dataset)


def publish(version: DatasetVersion, user: User, permissions: frozenset[str], now: datetime | None = None) -> None:
    _require_submitted(version, permissions)
    publish_version(version, user, now)


def _with_note(version: DatasetVersion, user: User, permissions: frozenset[str], note: str, status: str,
               audit_action: str) -> None:
    _require_submitted(version, permissions)
    note = note.strip()
    if not note:
        raise ReviewError(_("Tuliskan catatan untuk produsen data: apa yang harus diperbaiki atau mengapa ditolak."))
    if len(note) > NOTE_MAX:
        raise ReviewError(_("Catatan paling banyak %(n)s karakter.", n=NOTE_MAX))
    version.status = status
    version.review_note = note
    note_event(version, status, user, note, audit_action=audit_action)
    tenant_db.session.commit()


def return_to_producer(version: DatasetVersion, user: User, permissions: frozenset[str], note: str) -> None:
    """Send the version back with notes; the producer fixes it and submits it again."""
    _with_note(version, user, permissions, note, RETURNED, "satu_data.dikembalikan")


def reject(version: DatasetVersion, user: User, permissions: frozenset[str], note: str) -> None:
    _with_note(version, user, permissions, note, REJECTED, "satu_data.ditolak")


def set_private(dataset_id: int, private: bool, permissions: frozenset[str]) -> None:
    """Internal datasets are seen only inside the regency: never in the API, DCAT or nationally."""

    access.require_walidata(permissions)
    dataset = tenant_db.session.get(Dataset, dataset_id)
    if dataset is None:
        raise ReviewError(_("Dataset tidak ditemukan."))
    dataset.private = private
    tenant_db.session.commit()
    national.sync(dataset)
