"""Pictures and a museum for Kenang Lemu's tests."""

from __future__ import annotations

import io

from PIL import Image

from kiblat.modules.kenang_lemu import api as museum


def jpeg_with_exif(size: tuple[int, int] = (800, 600), color: tuple[int, int, int] = (120, 60, 30)) -> bytes:
    """A JPEG carrying EXIF (a camera make and GPS position), as phones write them."""
    picture = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x8825] = {1: "N", 2: (3.0, 35.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_bomb() -> bytes:
    """A small PNG claiming 30000 × 30000 pixels (900 megapixels) of one colour."""
    out = io.BytesIO()
    Image.new("1", (30_000, 30_000), 0).save(out, "PNG", optimize=True)
    return out.getvalue()


def add_object(number: str, title: str, published: bool = True, collection: str = "etnografi", **values: str):  # noqa: ANN201
    obj = museum.save({"inventory_number": number, "title": title, **values}, collection)
    if published:
        museum.set_published(obj, True)
    return obj
