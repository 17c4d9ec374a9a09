"""The archive format and its validation.

A zip file with

* ``manifest.json`` — format version, the tenant's identity, branding, modules, migration
  revisions per branch, row counts per table and the SHA-256 of every other member;
* ``data.sqlite3`` — every tenant table as one SQLite database, created by the tenant
  migrations at the recorded revisions;
* ``uploads/<key>`` — the tenant's stored files, under their storage keys.

Reading checks the zip structure, then every member against the manifest, so a truncated
or altered archive is refused before anything is created.
"""

from __future__ import annotations

import hashlib
import json
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

FORMAT = "kiblat-tenant-export"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.sqlite3"
UPLOADS_PREFIX = "uploads/"
CHUNK = 1024 * 1024


class PortabilityError(ValueError):
    """An archive or a request that cannot be accepted; the message says why, in Bahasa Indonesia."""


def sha256_of(stream: BinaryIO) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


@dataclass
class OpenArchive:
    """A validated archive: its manifest and the zip to read members from."""

    path: Path
    manifest: dict
    zip: zipfile.ZipFile

    def upload_members(self) -> Iterator[tuple[str, str]]:
        """``(member name, storage key)`` of every stored file."""
        for name in sorted(self.manifest["files"]):
            if name.startswith(UPLOADS_PREFIX):
                yield name, name[len(UPLOADS_PREFIX):]

    def close(self) -> None:
        self.zip.close()


def open_archive(path: str | Path) -> OpenArchive:
    """Open and check an archive: structure, manifest format, checksums. Raises PortabilityError."""
    path = Path(path)
    if not path.is_file():
        raise PortabilityError(f"Berkas arsip {path.name!r} tidak ditemukan")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PortabilityError(
            f"Arsip {path.name!r} rusak atau terpotong (bukan zip yang utuh): {exc}"
        ) from None
    try:
        manifest = _read_manifest(archive, path.name)
        _check_members(archive, manifest, path.name)
    except BaseException:
        archive.close()
        raise
    return OpenArchive(path, manifest, archive)


def _read_manifest(archive: zipfile.ZipFile, label: str) -> dict:
    try:
        raw = archive.read(MANIFEST_NAME)
    except KeyError:
        raise PortabilityError(f"Arsip {label!r} tidak berisi {MANIFEST_NAME}") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PortabilityError(f"{MANIFEST_NAME} dalam arsip {label!r} rusak: {exc}") from None
    try:
        manifest = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PortabilityError(f"{MANIFEST_NAME} bukan JSON yang sah: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PortabilityError(f"Arsip {label!r} bukan arsip ekspor tenant Kiblat")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise PortabilityError(
            f"Versi format arsip {version!r} tidak didukung (kode ini membaca versi {FORMAT_VERSION})"
        )
    required = {"tenant": dict, "branding": dict, "modules": list, "revisions": dict, "tables": dict,
                "files": dict, "created_at": str}
    for key, kind in required.items():
        if not isinstance(manifest.get(key), kind):
            raise PortabilityError(f"{MANIFEST_NAME}: isian {key!r} tidak ada atau salah bentuk")
    for key in ("slug", "region_code", "official_name", "short_name", "time_zone"):
        if not isinstance(manifest["tenant"].get(key), str):
            raise PortabilityError(f"{MANIFEST_NAME}: isian tenant.{key} tidak ada atau salah bentuk")
    for module in manifest["modules"]:
        if not isinstance(module, dict) or not isinstance(module.get("key"), str):
            raise PortabilityError(f"{MANIFEST_NAME}: daftar modul salah bentuk")
    if DATA_NAME not in manifest["files"]:
        raise PortabilityError(f"{MANIFEST_NAME} tidak mencantumkan {DATA_NAME}")
    return manifest


def _check_members(archive: zipfile.ZipFile, manifest: dict, label: str) -> None:
    listed: dict = manifest["files"]
    present = {info.filename for info in archive.infolist() if not info.is_dir()}
    for name in present | set(listed):
        if not safe_member_name(name):
            raise PortabilityError(f"Arsip memuat nama berkas yang tidak aman: {name!r}")
    unexpected = sorted(present - set(listed) - {MANIFEST_NAME})
    if unexpected:
        raise PortabilityError(
            f"Arsip telah diubah: berkas {', '.join(unexpected[:5])} tidak tercantum di {MANIFEST_NAME}"
        )
    missing = sorted(set(listed) - present)
    if missing:
        raise PortabilityError(f"Arsip {label!r} tidak lengkap: {', '.join(missing[:5])} hilang")
    for name in sorted(listed):
        expected = listed[name]
        if not isinstance(expected, dict) or not isinstance(expected.get("sha256"), str):
            raise PortabilityError(f"{MANIFEST_NAME}: checksum {name!r} salah bentuk")
        try:
            with archive.open(name) as member:
                digest, size = sha256_of(member)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise PortabilityError(f"Berkas {name!r} dalam arsip rusak: {exc}") from None
        if digest != expected["sha256"] or size != expected.get("size", size):
            raise PortabilityError(
                f"Checksum {name!r} tidak cocok: arsip telah diubah atau rusak, tidak diimpor"
            )


def write_archive(out: Path, manifest: dict, data_file: Path, uploads_root: Path) -> dict:
    """Write the zip atomically (``.part`` then rename); fills ``manifest['files']``."""
    files: dict[str, dict] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            _add_file(archive, data_file, DATA_NAME, files)
            if uploads_root.is_dir():
                for path in sorted(p for p in uploads_root.rglob("*") if p.is_file() and not p.is_symlink()):
                    key = path.relative_to(uploads_root).as_posix()
                    _add_file(archive, path, UPLOADS_PREFIX + key, files)
            manifest["files"] = files
            archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False))
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _add_file(archive: zipfile.ZipFile, path: Path, name: str, files: dict[str, dict]) -> None:
    """Copy one file into the archive, hashing exactly the bytes written."""
    digest, size = hashlib.sha256(), 0
    info = zipfile.ZipInfo(name, date_time=time.localtime(path.stat().st_mtime)[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    with path.open("rb") as source, archive.open(info, "w", force_zip64=True) as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    files[name] = {"sha256": digest.hexdigest(), "size": size}
