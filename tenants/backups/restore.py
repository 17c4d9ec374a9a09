"""``kiblat restore DIR``: a backup onto an empty deployment, all of it or nothing.

Everything is checked before anything is written: the manifest's seal and every checksum, the
backend, and that every target (each database server, the file storage) is empty. Then the
uploaded files, the tenants of the other servers, and last the control plane go in; a failure
on the way removes what went in before it.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url

from kiblat.platform.core.extensions import db
from kiblat.platform.storage.files import files_root
from kiblat.tenants import servers
from kiblat.tenants.backups import local, manifest, postgres
from kiblat.tenants.backups.manifest import BackupError
from kiblat.tenants.context import schema_name_for
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import DEFAULT_SERVER
from kiblat.tenants.registry import tenant_registry

Progress = Callable[[str], None]
NOT_EMPTY = "Deployment tujuan tidak kosong"


def _quiet(_line: str) -> None:
    return None


def restore_backup(folder: Path, server_urls: dict[str, str] | None = None, progress: Progress = _quiet) -> dict:
    """Restore the backup in ``folder``; ``server_urls`` gives a new URL to servers (other than
    ``default``, which is always ``KIBLAT_DATABASE_URL``) that live elsewhere now."""
    server_urls = dict(server_urls or {})
    body = manifest.read_verified(folder.resolve())
    progress(f"cadangan {body.get('created_at')}: {len(body['checksums'])} berkas, checksum cocok")
    backend = "postgresql" if servers.is_postgresql() else "sqlite"
    if body["backend"] != backend:
        raise BackupError(f"Cadangan ini dari deployment {body['backend']}, deployment ini {backend}; "
                          "gunakan kiblat tenants export/import untuk berpindah jenis basis data")
    names = [s["name"] for s in body["servers"]]
    if DEFAULT_SERVER in server_urls:
        raise BackupError("Server default selalu KIBLAT_DATABASE_URL; jangan sebut di --server")
    unknown = sorted(set(server_urls) - set(names))
    if unknown:
        raise BackupError(f"Server {', '.join(unknown)} tidak ada di cadangan (yang ada: {', '.join(names)})")
    storage = files_root()
    present = local.files_present(storage)
    if present:
        raise BackupError(f"{NOT_EMPTY}: sudah ada berkas di {', '.join(present)} (KIBLAT_STORAGE_PATH)")
    if backend == "postgresql":
        _restore_postgresql(folder.resolve(), body, server_urls, storage, progress)
    else:
        _restore_sqlite(folder.resolve(), body, storage, progress)
    tenant_registry().clear()
    progress(f"selesai: {len(body['tenants'])} tenant dipulihkan")
    return body


def _summary(found: list[str]) -> str:
    return ", ".join(found[:3]) + (f" dan {len(found) - 3} lagi" if len(found) > 3 else "")


class _Undo:
    """What went in so far, removed again if a later step fails."""

    def __init__(self, storage: Path) -> None:
        self.storage = storage
        self.folders: list[Path] = []
        self.schemas: list[tuple[str, list[str]]] = []
        self.sqlite_files: list[Path] = []

    def run(self) -> None:
        for url, schemas in self.schemas:
            postgres.wipe(url, schemas, public=False)
        for path in self.sqlite_files:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        for path in self.folders:
            shutil.rmtree(path, ignore_errors=True)


def _put_files(folder: Path, storage: Path, undo: _Undo) -> None:
    """Copy the files next to their place first, then rename them into it."""
    staging = storage / f".restore-{secrets.token_hex(4)}"
    try:
        for name in local.FILE_FOLDERS:
            if (folder / "files" / name).is_dir():
                shutil.copytree(folder / "files" / name, staging / name)
        for name in local.FILE_FOLDERS:
            if (staging / name).is_dir():
                shutil.rmtree(storage / name, ignore_errors=True)  # empty (checked): only folders
                (staging / name).rename(storage / name)
                undo.folders.append(storage / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _restore_postgresql(folder: Path, body: dict, server_urls: dict[str, str], storage: Path,
                        progress: Progress) -> None:
    targets = {s["name"]: servers.default_url() if s["name"] == DEFAULT_SERVER
               else server_urls.get(s["name"]) or s["url"] for s in body["servers"]}
    seen: dict[str, str] = {}
    for name, url in targets.items():
        key = make_url(url).set(password=None).render_as_string()
        if key in seen:
            raise BackupError(f"Server {seen[key]!r} dan {name!r} menunjuk ke basis data yang sama ({key})")
        seen[key] = name
        found = postgres.contents(url)
        if found:
            raise BackupError(f"{NOT_EMPTY}: server {name!r} sudah berisi {_summary(found)}; pulihkan ke basis "
                              "data baru yang kosong (createdb), tanpa kiblat db upgrade lebih dulu")
    undo = _Undo(storage)
    try:
        _put_files(folder, storage, undo)
        for server in body["servers"]:
            if server["name"] == DEFAULT_SERVER or not server["file"]:
                continue
            postgres.restore(targets[server["name"]], folder / server["file"])
            undo.schemas.append((targets[server["name"]], [schema_name_for(s) for s in server["tenants"]]))
            progress(f"server {server['name']}: {len(server['tenants'])} tenant")
        # The control plane last, with the servers' new addresses, in the same transaction.
        moved = "".join(
            f"UPDATE public.database_servers SET url = '{url.replace(chr(39), chr(39) * 2)}' "
            f"WHERE name = '{name.replace(chr(39), chr(39) * 2)}';\n" for name, url in server_urls.items())
        default = next(s for s in body["servers"] if s["name"] == DEFAULT_SERVER)
        postgres.restore(targets[DEFAULT_SERVER], folder / default["file"], after_sql=moved)
        progress(f"server {DEFAULT_SERVER}: bidang kendali dan {len(default['tenants'])} tenant")
    except BaseException:
        undo.run()
        raise
    db.session.remove()
    for name in targets:
        tenant_db.engines.forget_server(name)


def _restore_sqlite(folder: Path, body: dict, storage: Path, progress: Progress) -> None:
    control = Path(make_url(servers.default_url()).database or "")
    found = [f"tabel {t}" for t in local.sqlite_tables(control)]
    engines = tenant_db.engines
    found += [f"berkas tenant {p.name}" for p in sorted(engines.sqlite_path("x").parent.glob("*.sqlite3"))]
    if found:
        raise BackupError(f"{NOT_EMPTY}: {_summary(found)}; pulihkan ke folder instance yang baru dan kosong")
    undo = _Undo(storage)
    try:
        _put_files(folder, storage, undo)
        for tenant in body["tenants"]:
            target = engines.sqlite_path(tenant["slug"])
            undo.sqlite_files.append(target)
            local.copy_sqlite(folder / tenant["file"], target)
        progress(f"server {DEFAULT_SERVER}: {len(body['tenants'])} tenant")
        db.session.remove()
        db.engine.dispose()
        # The backup API writes the whole control plane in one transaction: all of it or none.
        local.copy_sqlite(folder / body["servers"][0]["file"], control)
        progress(f"server {DEFAULT_SERVER}: bidang kendali")
    except BaseException:
        undo.run()
        raise
