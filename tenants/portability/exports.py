"""Exports an administrator asks for on the web: made by a background job, then downloaded.

An export holds every row and file of the regency, so it is built by the job worker (no
request timeout, retried if a worker dies) into ``<instance>/exports/<slug>/`` — outside
the tenant's uploads, never served except through the permission-checked download. Each
export is ``<id>.json`` (who asked, when, which job) and, once ready, ``<id>.zip``.
Only the latest few are kept.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiblat.platform.jobs.queue import enqueue, job_failed
from kiblat.platform.storage.files import files_root
from kiblat.tenants.portability.export import export_tenant

JOB_KIND = "tenants.export"
KEEP_EXPORTS = 3
EXPORT_ID_RE = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class ExportRecord:
    id: str
    requested_at: datetime
    requested_by: str
    status: str  # "ready" | "pending" | "failed"
    size: int = 0


def exports_dir(slug: str) -> Path:
    return files_root() / "exports" / slug


def archive_path(slug: str, export_id: str) -> Path | None:
    """The finished archive of this tenant's export, or None (unknown id, another tenant's, not ready)."""
    if not EXPORT_ID_RE.match(export_id):
        return None
    path = exports_dir(slug) / f"{export_id}.zip"
    return path if path.is_file() else None


def list_exports(slug: str) -> list[ExportRecord]:
    records = []
    for meta_path in exports_dir(slug).glob("*.json"):
        meta = json.loads(meta_path.read_text())
        archive = meta_path.with_suffix(".zip")
        if archive.is_file():
            status, size = "ready", archive.stat().st_size
        else:
            status, size = ("failed" if job_failed(meta["job_id"]) else "pending"), 0
        records.append(ExportRecord(meta_path.stem, datetime.fromisoformat(meta["requested_at"]),
                                    meta["requested_by"], status, size))
    return sorted(records, key=lambda r: r.requested_at, reverse=True)


def request_export(slug: str, requested_by: str) -> str | None:
    """Queue an export of the tenant; None when one is already being made."""
    if any(r.status == "pending" for r in list_exports(slug)):
        return None
    export_id = uuid.uuid4().hex
    folder = exports_dir(slug)
    folder.mkdir(parents=True, exist_ok=True)
    job_id = enqueue(JOB_KIND, {"export_id": export_id}, tenant_slug=slug, max_attempts=3)
    meta = {"job_id": job_id, "requested_at": datetime.now(UTC).isoformat(), "requested_by": requested_by}
    (folder / f"{export_id}.json").write_text(json.dumps(meta))
    return export_id


def run_export(slug: str, export_id: str) -> None:
    """The job: write the archive (atomically), then drop exports beyond the latest few."""
    target = exports_dir(slug) / f"{export_id}.zip"
    if not target.exists():
        export_tenant(slug, target)
    for old in list_exports(slug)[KEEP_EXPORTS:]:
        if old.status != "pending":
            for suffix in (".zip", ".json"):
                (exports_dir(slug) / f"{old.id}{suffix}").unlink(missing_ok=True)
