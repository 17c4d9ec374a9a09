"""Images decoded in full by Pillow and saved again: what is stored is pixels Kiblat wrote,
without metadata (camera position, author) or anything appended after the image data."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

# The format an accepted image is stored in: photos stay JPEG, everything else becomes PNG.
STORED_AS = {"JPEG": ("JPEG", "image/jpeg", ".jpg")}
PNG = ("PNG", "image/png", ".png")
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}


class ImageProblem(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "corrupt", "pixels" or "type"


def reencode(data: bytes, kinds: frozenset[str], max_pixels: int) -> tuple[bytes, str, str, int, int]:
    """``(stored bytes, media type, extension, width, height)`` of a decodable image of one of
    ``kinds`` with at most ``max_pixels`` pixels; :class:`ImageProblem` otherwise."""
    allowed = {PILLOW_FORMATS[k] for k in kinds if k in PILLOW_FORMATS}
    with warnings.catch_warnings():
        # Pillow warns, then refuses, past its own bomb limit; ours is lower and checked first.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=sorted(allowed) or None) as image:
                if image.format not in allowed:
                    raise ImageProblem("type")
                width, height = image.size
                if width < 1 or height < 1 or width * height > max_pixels:
                    raise ImageProblem("pixels")
                image.load()  # decodes every pixel: a truncated or corrupt file fails here
                stored_format, media_type, extension = STORED_AS.get(image.format, PNG)
                if getattr(image, "n_frames", 1) > 1:
                    image.seek(0)  # the first frame only
                upright = ImageOps.exif_transpose(image)  # photos keep their orientation, not the tag
                return _save(upright, stored_format), media_type, extension, width, height
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageProblem("pixels") from None
        except UnidentifiedImageError:
            raise ImageProblem("type") from None
        except ImageProblem:
            raise
        except (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError, MemoryError):
            raise ImageProblem("corrupt") from None


def _save(image: Image.Image, stored_format: str) -> bytes:
    if stored_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    elif stored_format == "PNG" and image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1", "I;16"):
        image = image.convert("RGBA")
    out = io.BytesIO()
    options = {"quality": 88, "optimize": True} if stored_format == "JPEG" else {"optimize": False}
    image.save(out, stored_format, **options)  # no exif=, no pnginfo=: metadata is not written
    return out.getvalue()
