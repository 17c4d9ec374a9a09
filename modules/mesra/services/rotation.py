"""Rotating the tenant's data key.

``start()`` adds a new data key — everything sealed from then on uses it — and queues
``mesra.reencrypt``. The job (``reencrypt()``) opens every sealed column and evidence file with
whichever key sealed it and seals it again with the new key, in batches, committing each.
Only when a full pass finds nothing left under an older key, and the new key has been in use
longer than a request can take (``GRACE``: a request that loaded the keys just before the new
one was added may still seal with the old one), are the older keys destroyed. Until then
every key still opens what it sealed, so cases stay readable throughout.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from kiblat.modules.mesra.models import DataKey, EvidenceFile, IdentityRequest, Message, Report
from kiblat.modules.mesra.services import vault
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.audit.service import record
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

# Every sealed column (a test checks that each ``*_enc`` column of the module is listed here).
SEALED_COLUMNS = {
    Report: ("content_enc", "identity_enc", "closing_enc"),
    Message: ("body_enc",),
    EvidenceFile: ("name_enc",),
    IdentityRequest: ("reason_enc", "note_enc"),
}
GRACE = timedelta(minutes=5)
BATCH = 200
JOB = "mesra.reencrypt"


@dataclass(frozen=True)
class Progress:
    rewritten: int  # values and files sealed again with the newest key in this run
    retired: int  # older keys destroyed
    waiting: bool  # everything is under the newest key, but it is younger than GRACE


def key_count() -> int:
    return len(list(tenant_db.session.scalars(select(DataKey.id))))


def start() -> int:
    """Adds the new key (committed, audited) and queues the re-encryption; returns the key id."""
    key_id = vault.add_key()
    record("mesra.key_rotation_started", "mesra_data_key", key_id)
    tenant_db.session.commit()
    enqueue(JOB, {}, tenant_slug=current_tenant.slug)
    return key_id


def _rewrite_columns() -> int:
    rewritten = 0
    session = tenant_db.session
    for model, columns in SEALED_COLUMNS.items():
        last_id = 0
        while True:
            rows = list(session.scalars(select(model).where(model.id > last_id).order_by(model.id).limit(BATCH)))
            if not rows:
                break
            for row in rows:
                for column in columns:
                    value = getattr(row, column)
                    if value and not vault.is_current(value.encode()):
                        setattr(row, column, vault.rewrap(value.encode()).decode())
                        rewritten += 1
            last_id = rows[-1].id
            session.commit()
    return rewritten


def _rewrite_files() -> int:
    rewritten = 0
    storage = tenant_storage()
    for item in list(tenant_db.session.scalars(select(EvidenceFile).order_by(EvidenceFile.id))):
        with storage.open(item.storage_key) as handle:
            data = handle.read()
        if vault.is_current(data):
            continue
        old_key = item.storage_key
        item.storage_key = storage.save(io.BytesIO(vault.rewrap(data)), "bukti.bin", folder="mesra")
        tenant_db.session.commit()  # the row points at the new file before the old one goes
        storage.delete(old_key)
        rewritten += 1
    return rewritten


def reencrypt(at: datetime | None = None) -> Progress:
    """One run of the job: re-seal everything under the newest key, then destroy the older keys
    if nothing is left under them and the newest is older than ``GRACE``."""
    rewritten = _rewrite_columns() + _rewrite_files()
    rows = list(tenant_db.session.scalars(select(DataKey).order_by(DataKey.id.desc())))
    if len(rows) < 2:
        return Progress(rewritten, 0, False)
    if as_utc(rows[0].created_at) > (at or datetime.now(UTC)) - GRACE:
        return Progress(rewritten, 0, True)
    # A last pass under the same keys: anything sealed with an old key since the first pass is
    # found now; only a pass that rewrites nothing lets the old keys go.
    if _rewrite_columns() + _rewrite_files():
        return Progress(rewritten, 0, True)
    older = [row.id for row in rows[1:]]
    tenant_db.session.execute(delete(DataKey).where(DataKey.id.in_(older)))
    record("mesra.key_retired", "mesra_data_key", rows[0].id, retired=older)
    tenant_db.session.commit()
    vault.forget_keys()
    return Progress(rewritten, len(older), False)
