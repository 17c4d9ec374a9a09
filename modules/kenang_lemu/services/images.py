"""Images of an object: checked by content through the platform's upload checks (decoded in
full, pixel limit, re-encoded without metadata), then stored in three sizes made with Pillow:
``thumbnail`` (browse lists), ``display`` (the object page) and ``large`` (IIIF, zoom)."""

from __future__ import annotations

import io

from PIL import Image as PillowImage
from PIL import ImageOps
from sqlalchemy import func, select

from kiblat.modules.kenang_lemu.models import Image, MuseumObject
from kiblat.modules.kenang_lemu.services import settings
from kiblat.modules.kenang_lemu.services.errors import KenangLemuError
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import PHOTO_KINDS, UploadError, check_upload
from kiblat.tenants.database import tenant_db

# Longest side of each size, in pixels.
SIZES = {"thumbnail": 320, "display": 960, "large": 2000}
ALT_MAX = 300


def _resized(data: bytes, longest: int) -> tuple[bytes, int, int]:
    with PillowImage.open(io.BytesIO(data)) as image:
        image.load()
        picture = ImageOps.exif_transpose(image)
        if picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        picture.thumbnail((longest, longest), PillowImage.Resampling.LANCZOS)
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=82, optimize=True, progressive=True)  # no exif=: nothing kept
        return out.getvalue(), picture.width, picture.height


def add(obj: MuseumObject, data: bytes, filename: str, alt: str, alt_en: str = "") -> Image:
    alt, alt_en = (alt or "").strip(), (alt_en or "").strip()
    if not alt:
        raise KenangLemuError("Teks alternatif (keterangan gambar untuk pembaca layar) wajib diisi.")
    if len(alt) > ALT_MAX or len(alt_en) > ALT_MAX:
        raise KenangLemuError(f"Teks alternatif paling banyak {ALT_MAX} karakter.")
    try:
        checked = check_upload(data, filename, kinds=PHOTO_KINDS, max_bytes=settings.image_max_bytes(), label="Foto")
    except UploadError as exc:
        raise KenangLemuError(str(exc)) from None
    storage = tenant_storage()
    keys: dict[str, str] = {}
    width = height = 0
    for size, longest in SIZES.items():
        content, width, height = _resized(checked.data, longest)
        keys[size] = storage.save(io.BytesIO(content), f"{obj.inventory_number}-{size}.jpg",
                                  folder="kenang_lemu/gambar")
    position = tenant_db.session.scalar(select(func.coalesce(func.max(Image.position), -1))
                                        .where(Image.object_id == obj.id)) + 1
    image = Image(object_id=obj.id, position=position, alt=alt, alt_en=alt_en, thumbnail_key=keys["thumbnail"],
                  display_key=keys["display"], large_key=keys["large"], width=width, height=height)
    tenant_db.session.add(image)
    tenant_db.session.commit()
    return image


def get(image_id: int) -> Image | None:
    return tenant_db.session.get(Image, image_id)


def content(image: Image, size: str) -> bytes:
    key = {"thumbnail": image.thumbnail_key, "display": image.display_key, "large": image.large_key}[size]
    with tenant_storage().open(key) as stream:
        return stream.read()


def dimensions(image: Image, size: str) -> tuple[int, int]:
    """Width and height of ``size``, from the large one's (the same ratio, thumbnail() rounding)."""
    longest = SIZES[size]
    scale = min(1.0, longest / max(image.width, image.height))
    return max(1, round(image.width * scale)), max(1, round(image.height * scale))


def remove(image: Image) -> None:
    storage = tenant_storage()
    for key in (image.thumbnail_key, image.display_key, image.large_key):
        storage.delete(key)
    tenant_db.session.delete(image)
    tenant_db.session.commit()
