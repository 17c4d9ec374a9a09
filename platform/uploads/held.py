"""Files kept while a person corrects another field of the same form.

On a weak phone signal, uploading four PDFs again because the NIK had a typo is the difference
between finishing and giving up. A form that fails validation hands the files that passed their
own check to :func:`hold`; they are stored in the tenant's file store and the form carries a
*ticket* in a hidden field. The ticket is signed (so it names only files this server stored),
bound to the person (``owner``, e.g. ``"user:12"``) and expires after a day. The next post
merges the held files under any newly chosen ones (:func:`load`); a successful submission
:func:`release`-s them (the module keeps its own copy).

    ticket = held.hold({"ktp": ("ktp.pdf", data)}, previous=form.berkas.data, owner=f"user:{user.id}")
    files = {**held.load(form.berkas.data, owner), **newly_uploaded}
    names = held.names(form.berkas.data, owner)  # {"ktp": "ktp.pdf"}, shown as "sudah diunggah"
"""

from __future__ import annotations

import io
import time

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from kiblat.platform.storage.files import StorageError, tenant_storage
from kiblat.tenants.context import current_tenant

FOLDER = "held"
MAX_AGE_SECONDS = 24 * 3600
MAX_TICKET_LENGTH = 4000


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="kiblat-held-uploads")


def _entries(ticket: str | None, owner: str) -> dict[str, tuple[str, str]]:
    """doc key → (storage key, file name) of a valid ticket of ``owner`` in this regency."""
    if not ticket or len(ticket) > MAX_TICKET_LENGTH:
        return {}
    try:
        body = _serializer().loads(ticket, max_age=MAX_AGE_SECONDS)
    except BadSignature:  # also an expired ticket
        return {}
    if not isinstance(body, dict) or body.get("o") != owner or body.get("t") != current_tenant.slug:
        return {}
    storage = tenant_storage()
    entries = {}
    for key, (storage_key, name) in (body.get("f") or {}).items():
        try:
            if storage_key.startswith(FOLDER + "/") and storage.exists(storage_key):
                entries[key] = (storage_key, name)
        except StorageError:
            continue
    return entries


def hold(files: dict[str, tuple[str, bytes]], previous: str | None, owner: str) -> str | None:
    """A ticket for ``files`` (already checked) plus those of ``previous`` not replaced now;
    None when nothing is held."""
    entries = _entries(previous, owner)
    storage = tenant_storage()
    for key, (name, data) in files.items():
        if not data:
            continue
        if key in entries:
            storage.delete(entries[key][0])  # replaced by a newer choice
        entries[key] = (storage.save(io.BytesIO(data), name, FOLDER), name)
    if not entries:
        return None
    return _serializer().dumps({"o": owner, "t": current_tenant.slug,
                                "f": {k: list(v) for k, v in entries.items()}})


def names(ticket: str | None, owner: str) -> dict[str, str]:
    """doc key → file name of what is held, to show as already uploaded."""
    return {key: name for key, (_storage_key, name) in _entries(ticket, owner).items()}


def load(ticket: str | None, owner: str) -> dict[str, tuple[str, bytes]]:
    """doc key → (file name, content) of what is held."""
    storage = tenant_storage()
    loaded = {}
    for key, (storage_key, name) in _entries(ticket, owner).items():
        with storage.open(storage_key) as handle:
            loaded[key] = (name, handle.read())
    return loaded


def release(ticket: str | None, owner: str) -> None:
    """Delete what is held (the form went through)."""
    storage = tenant_storage()
    for storage_key, _name in _entries(ticket, owner).values():
        storage.delete(storage_key)


def prune(now: float | None = None) -> int:
    """Delete the current regency's held files older than a day (forms never sent again);
    returns how many. Run daily by the worker (``uploads.prune_held``)."""
    folder = tenant_storage().root / FOLDER
    if not folder.is_dir():
        return 0
    cutoff = (now or time.time()) - MAX_AGE_SECONDS
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
