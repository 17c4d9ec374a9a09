"""The manifest of a backup folder: checksums, the data-key check and the seal."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from kiblat.platform.identity.crypto import keyed_hash

FORMAT = "kiblat-backup"
VERSION = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
# Hashes of a constant and of the manifest, with keys derived from the data key (never the key).
KEY_CHECK_PURPOSE = "backup-key-check"
SEAL_PURPOSE = "backup-seal"


class BackupError(ValueError):
    """A backup or restore that cannot go ahead; the message (Bahasa Indonesia) says why, in one line."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def key_check() -> str:
    return keyed_hash("kiblat", KEY_CHECK_PURPOSE)


def _sealed_text(manifest: dict) -> str:
    return json.dumps({k: v for k, v in manifest.items() if k != "seal"}, sort_keys=True, ensure_ascii=False)


def write(folder: Path, manifest: dict) -> None:
    """Checksum every file under ``folder`` into the manifest, seal it and write it (last)."""
    checksums = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        checksums[path.relative_to(folder).as_posix()] = sha256_of(path)
    manifest = {**manifest, "format": FORMAT, "version": VERSION, "key_check": key_check(),
                "checksums": checksums}
    manifest["seal"] = keyed_hash(_sealed_text(manifest), SEAL_PURPOSE)
    (folder / SUMS).write_text("".join(f"{sha}  {name}\n" for name, sha in checksums.items()))
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def read_verified(folder: Path) -> dict:
    """The manifest of ``folder`` once the key, the seal and every file's checksum hold."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupError(f"Folder cadangan {folder} tidak ada")
    if not path.is_file():
        raise BackupError(f"{folder} bukan cadangan lengkap: {MANIFEST} tidak ada (cadangan terputus?)")
    try:
        manifest = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{MANIFEST} rusak: bukan JSON yang sah") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} bukan cadangan Kiblat")
    if manifest.get("version") != VERSION:
        raise BackupError(f"Versi cadangan {manifest.get('version')!r} tidak dikenal (dikenal: {VERSION})")
    if not hmac.compare_digest(str(manifest.get("key_check", "")), key_check()):
        raise BackupError("Cadangan dibuat dengan kunci data lain: pasang KIBLAT_DATA_KEY (atau KIBLAT_SECRET_KEY) "
                          "yang berlaku saat pencadangan, atau data terenkripsi tidak terbaca")
    if not hmac.compare_digest(str(manifest.get("seal", "")), keyed_hash(_sealed_text(manifest), SEAL_PURPOSE)):
        raise BackupError(f"{MANIFEST} telah diubah sejak pencadangan (segel tidak cocok); cadangan ditolak")
    checksums = manifest.get("checksums") or {}
    for name, expected in checksums.items():
        file = (folder / name).resolve()
        if folder.resolve() not in file.parents:
            raise BackupError(f"{MANIFEST} menyebut berkas di luar folder cadangan: {name}")
        if not file.is_file():
            raise BackupError(f"Berkas cadangan {name} hilang; cadangan ditolak")
        if sha256_of(file) != expected:
            raise BackupError(f"Checksum {name} tidak cocok: berkas telah diubah atau rusak; cadangan ditolak")
    return manifest
