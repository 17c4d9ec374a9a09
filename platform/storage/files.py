"""Per-tenant file storage behind one small interface.

Module code asks ``tenant_storage()`` for the current tenant's store and uses keys
it is given back; it never builds a path. ``LocalStorage`` keeps files under the
instance folder; an S3-compatible store can implement the same protocol.
"""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app

from kiblat.tenants.context import current_tenant

SAFE_NAME_RE = re.compile(r"[^a-zA-Z0-9._-]+")


class StorageError(ValueError):
    pass


class Storage(Protocol):
    def save(self, stream: BinaryIO, filename: str, folder: str = "") -> str: ...
    def open(self, key: str) -> BinaryIO: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def size(self, key: str) -> int: ...


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise StorageError(f"storage key escapes its root: {key!r}")
        return path

    def save(self, stream: BinaryIO, filename: str, folder: str = "") -> str:
        safe = SAFE_NAME_RE.sub("-", Path(filename).name).strip(".-") or "file"
        key = "/".join(p for p in (folder.strip("/"), f"{secrets.token_hex(8)}-{safe[-80:]}") if p)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            shutil.copyfileobj(stream, out)
        return key

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    def remove_all(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def files_root() -> Path:
    """Where the deployment keeps its files (``KIBLAT_STORAGE_PATH``, by default the instance
    folder): with several app servers, a directory every one of them mounts."""
    return Path(current_app.config["STORAGE_PATH"])


def storage_for_slug(slug: str) -> LocalStorage:
    return LocalStorage(files_root() / "uploads" / slug)


def tenant_storage() -> LocalStorage:
    """The current tenant's store."""
    return storage_for_slug(current_tenant.slug)
