"""A version's history (shown to the producer and the walidata) and the regency's audit log."""

from __future__ import annotations

from datetime import UTC, datetime

from kiblat.modules.satu_data.models import DatasetEvent, DatasetVersion
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import User


def note_event(version: DatasetVersion, action: str, user: User | None, note: str = "",
               now: datetime | None = None, audit_action: str | None = None) -> DatasetEvent:
    event = DatasetEvent(version_id=version.id, action=action, note=note, at=now or datetime.now(UTC),
                         actor_user_id=user.id if user else None, actor_name=user.name if user else "Sistem")
    version.events.append(event)
    if audit_action:  # a code the manifest's audit_actions declares
        record(audit_action, "satu_data_version", version.id, dataset=version.dataset.name,
               version=version.number, note=note)
    return event
