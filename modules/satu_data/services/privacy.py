"""Satu Data's part in data rights (manifest hooks). Satu Data holds no citizen's data (only
statistics); it keeps the name of the officer who wrote, sent or reviewed each version in that
version's history. A deletion takes the name out of the history; the history keeps its steps."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kiblat.modules.satu_data.models import Dataset, DatasetEvent, DatasetVersion
from kiblat.platform.core.texts import _
from kiblat.platform.modular.manifest import ErasureReport
from kiblat.tenants.database import tenant_db

ERASED = "(dihapus)"


def _events(user_id: int) -> list[DatasetEvent]:
    return list(tenant_db.session.scalars(
        select(DatasetEvent).where(DatasetEvent.actor_user_id == user_id).order_by(DatasetEvent.id)))


def personal_data(user_id: int) -> dict[str, Any]:
    rows = tenant_db.session.execute(
        select(DatasetEvent, DatasetVersion.number, Dataset.name)
        .join(DatasetVersion, DatasetVersion.id == DatasetEvent.version_id)
        .join(Dataset, Dataset.id == DatasetVersion.dataset_id)
        .where(DatasetEvent.actor_user_id == user_id).order_by(DatasetEvent.id))
    return {"riwayat_data": [{"data": name, "versi": number, "langkah": event.action, "nama": event.actor_name,
                              "waktu": event.at.isoformat()} for event, number, name in rows]}


def erase_personal_data(user_id: int) -> ErasureReport:
    events = _events(user_id)
    for event in events:
        event.actor_name = ERASED
    if not events:
        return ErasureReport((), ())
    return ErasureReport(
        (_("Satu Data: nama Anda pada %(count)s langkah riwayat data.", count=len(events)),),
        (_("Satu Data: langkah riwayat data (apa dan kapan) tetap tercatat tanpa nama sebagai riwayat terbitan "
           "data pemerintah."),))
