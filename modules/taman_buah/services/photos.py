"""The park's photo gallery: images checked and re-encoded by the platform's upload checks."""

from __future__ import annotations

import io

from sqlalchemy import select

from kiblat.modules.taman_buah.models import Photo
from kiblat.modules.taman_buah.services import settings
from kiblat.modules.taman_buah.services.errors import TamanBuahError
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import PHOTO_KINDS, UploadError, check_upload
from kiblat.tenants.database import tenant_db


def add(data: bytes, filename: str, caption: str) -> Photo:
    try:
        checked = check_upload(data, filename, kinds=PHOTO_KINDS, max_bytes=settings.photo_max_bytes(), label="Foto")
    except UploadError as exc:
        raise TamanBuahError(str(exc)) from None
    key = tenant_storage().save(io.BytesIO(checked.data), checked.display_name, folder="taman_buah/galeri")
    photo = Photo(storage_key=key, media_type=checked.media_type, caption=caption.strip()[:200],
                  width=checked.width, height=checked.height)
    tenant_db.session.add(photo)
    tenant_db.session.commit()
    return photo


def gallery() -> list[Photo]:
    return list(tenant_db.session.scalars(select(Photo).order_by(Photo.created_at.desc(), Photo.id.desc())))


def content(photo: Photo) -> bytes:
    with tenant_storage().open(photo.storage_key) as stream:
        return stream.read()
