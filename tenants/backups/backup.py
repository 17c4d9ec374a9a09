"""``kiblat backup --out DIR``: the control plane, every tenant on every server, uploaded files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url

from kiblat.platform.core.extensions import db
from kiblat.platform.storage.files import files_root
from kiblat.tenants import servers
from kiblat.tenants.backups import local, manifest, postgres
from kiblat.tenants.backups.manifest import BackupError
from kiblat.tenants.context import schema_name_for
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import DEFAULT_SERVER, Tenant, TenantMove

Progress = Callable[[str], None]


def _quiet(_line: str) -> None:
    return None


def make_backup(out: Path, progress: Progress = _quiet) -> dict:
    """Write a complete backup into ``out`` (a new or empty folder); returns its manifest."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(f"Folder {out} sudah berisi sesuatu; cadangan ditulis ke folder baru atau kosong")
    if not inspect(db.engine).has_table(TenantMove.__tablename__):
        raise BackupError("Bidang kendali deployment ini belum dibuat (kiblat db upgrade); tidak ada yang dicadangkan")
    moving = db.session.scalars(select(TenantMove.tenant_slug).where(TenantMove.status.in_(("running", "failed")))).all()
    if moving:
        raise BackupError(f"Tenant {', '.join(sorted(set(moving)))} sedang dipindahkan antarserver; selesaikan atau "
                          "batalkan pemindahannya (kiblat tenants move) lalu cadangkan")
    out.mkdir(parents=True, exist_ok=True)
    try:
        body = _dump_databases(out, progress)
        count = local.copy_files(files_root(), out / "files")
        progress(f"berkas unggahan: {count}")
        body["files"] = count
        body["created_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        manifest.write(out, body)
    except BaseException:
        # Nothing half-written is left to be mistaken for a backup.
        for child in out.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise
    progress(f"selesai: {out}")
    return manifest.read_verified(out)


def _dump_databases(out: Path, progress: Progress) -> dict:
    (out / "databases").mkdir()
    if servers.is_postgresql():
        return _dump_postgresql(out, progress)
    return _dump_sqlite(out, progress)


def _tenant_rows(conn) -> list[tuple[str, str]]:  # noqa: ANN001 - a SQLAlchemy connection
    return [(slug, server) for slug, server in conn.execute(
        select(Tenant.slug, Tenant.database_server).order_by(Tenant.slug))]


def _dump_postgresql(out: Path, progress: Progress) -> dict:
    infos = {s.name: s for s in servers.list_servers()}
    # The default server's dump is taken in the snapshot the tenant list is read in, so the list
    # (what the restored control plane names) is exactly what the dump holds.
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        conn.begin()
        snapshot = conn.scalar(text("SELECT pg_export_snapshot()"))
        tenants = _tenant_rows(conn)
        default_file = out / "databases" / f"{DEFAULT_SERVER}.dump"
        postgres.dump(servers.default_url(), default_file, snapshot=snapshot)
        conn.rollback()
    by_server: dict[str, list[str]] = {}
    for slug, server in tenants:
        by_server.setdefault(server, []).append(slug)
    listed = []
    for name, info in infos.items():
        slugs = by_server.get(name, [])
        file = default_file if name == DEFAULT_SERVER else out / "databases" / f"{name}.dump"
        if name != DEFAULT_SERVER and slugs:
            postgres.dump(info.url, file, schemas=[schema_name_for(s) for s in slugs])
        if slugs:
            missing = sorted({schema_name_for(s) for s in slugs} - postgres.schemas_in(file))
            if missing:
                raise BackupError(f"Skema {', '.join(missing)} tidak ada di server {name!r} (tenant dihapus atau "
                                  "dipindahkan selama pencadangan?); ulangi pencadangan")
        progress(f"server {name}: {len(slugs)} tenant")
        listed.append({"name": name, "url": make_url(info.url).render_as_string(hide_password=True),
                       "file": file.relative_to(out).as_posix() if (name == DEFAULT_SERVER or slugs) else None,
                       "tenants": slugs})
    unknown = sorted(set(by_server) - set(infos))
    if unknown:
        raise BackupError(f"Tenant ditempatkan di server yang tidak terdaftar: {', '.join(unknown)}")
    return {"backend": "postgresql", "servers": listed, "tenants": [{"slug": s, "server": v} for s, v in tenants]}


def _dump_sqlite(out: Path, progress: Progress) -> dict:
    tenants = _tenant_rows(db.session.connection())
    db.session.rollback()
    control = Path(make_url(servers.default_url()).database or "")
    local.copy_sqlite(control, out / "databases" / "control-plane.sqlite3")
    engines = tenant_db.engines
    for slug, _server in tenants:
        try:
            local.copy_sqlite(engines.sqlite_path(slug), out / "databases" / "tenants" / f"{slug}.sqlite3")
        except BackupError as exc:
            raise BackupError(f"Tenant {slug}: {exc} (dihapus selama pencadangan?); ulangi pencadangan") from exc
    progress(f"server {DEFAULT_SERVER}: {len(tenants)} tenant")
    return {"backend": "sqlite",
            "servers": [{"name": DEFAULT_SERVER, "url": None, "file": "databases/control-plane.sqlite3",
                         "tenants": [slug for slug, _ in tenants]}],
            "tenants": [{"slug": s, "server": v, "file": f"databases/tenants/{s}.sqlite3"} for s, v in tenants]}
