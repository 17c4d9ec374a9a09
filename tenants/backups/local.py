"""SQLite files (copied with the online backup API) and the uploaded files of a deployment."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from kiblat.tenants.backups.manifest import BackupError

# The folders under KIBLAT_STORAGE_PATH holding what people uploaded (tenant exports are
# generated again on request, so they are left out).
FILE_FOLDERS = ("uploads", "platform-files")


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (writers may go on meanwhile)."""
    if not source.is_file():
        raise BackupError(f"Berkas basis data {source.name} tidak ada")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def sqlite_tables(path: Path) -> list[str]:
    if not path.is_file():
        return []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    finally:
        conn.close()


def copy_files(storage_root: Path, out: Path) -> int:
    """Copy the uploaded files into ``out``; returns how many."""
    count = 0
    for folder in FILE_FOLDERS:
        source = storage_root / folder
        if source.is_dir():
            shutil.copytree(source, out / folder)
            count += sum(1 for p in (out / folder).rglob("*") if p.is_file())
    return count


def files_present(storage_root: Path) -> list[str]:
    return [folder for folder in FILE_FOLDERS
            if (storage_root / folder).is_dir() and any(p.is_file() for p in (storage_root / folder).rglob("*"))]
