"""Photos for many objects at once: each file is matched to its object by name.

``KL-2024-001.jpg`` goes to the object with inventory number ``KL-2024-001``; ``KL-2024-001_2.jpg``
(or ``-2``, `` (2)``) is its second photo. Matching ignores letter case. A photo of an object
with no display text yet gets the object's title as alternative text, which the curator may
refine on the object's page. Every file stands alone: one bad file never stops the others.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from sqlalchemy import func, select

from kiblat.modules.kenang_lemu.models import Image, MuseumObject
from kiblat.modules.kenang_lemu.services import images
from kiblat.modules.kenang_lemu.services.errors import KenangLemuError
from kiblat.platform.core.texts import _
from kiblat.tenants.database import tenant_db

_NUMBERED = re.compile(r"^(?P<stem>.+?)(?:[_-](?P<n>\d{1,2})| \((?P<p>\d{1,2})\))$")


def _object_for(filename: str) -> MuseumObject | None:
    stem = PurePath(filename.replace("\\", "/")).stem.strip()
    candidates = [stem]
    numbered = _NUMBERED.match(stem)
    if numbered:
        candidates.append(numbered.group("stem").strip())
    for candidate in candidates:  # the whole name first: inventory numbers may end in -1
        found = tenant_db.session.scalar(
            select(MuseumObject).where(func.lower(MuseumObject.inventory_number) == candidate.lower()))
        if found is not None:
            return found
    return None


def add_photo(filename: str, data: bytes) -> tuple[MuseumObject, Image]:
    """Add ``data`` as a photo of the object ``filename`` names; a clear message when it cannot."""
    obj = _object_for(filename or "")
    if obj is None:
        raise KenangLemuError(_(
            "Tidak ada koleksi dengan nomor inventaris “%(number)s”. Beri nama berkas sesuai nomor "
            "inventaris, misalnya KL-001.jpg atau KL-001_2.jpg.", number=PurePath(filename or "").stem))
    image = images.add(obj, data, filename, alt=obj.title, alt_en=obj.title_en or "")
    return obj, image
