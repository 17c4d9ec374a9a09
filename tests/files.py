"""Real files for upload tests (PDFs fpdf2 writes, images Pillow writes) and the hostile files
and names the platform's upload check must refuse or tame. Every module's upload tests use
these, so a check that only looks at the first bytes or the extension fails them."""

from __future__ import annotations

import io
import struct
import zlib

from fpdf import FPDF
from PIL import Image

SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><rect width="9" height="9"/></svg>'

# The names the probe used: one that tried to steer Content-Disposition, one beyond Latin-1.
STEERING_NAME = 'a"; filename*=UTF-8\'\'evil.html; x=".pdf'
NON_LATIN_NAME = "dokumen–final文.pdf"
HOSTILE_NAMES = [
    STEERING_NAME,
    "surat\r\nContent-Type: text/html\r\n\r\n<script>.pdf",
    NON_LATIN_NAME,
    "../../etc/passwd",
    "C:\\Users\\warga\\ktp.pdf",
    "foto\u202egpj.exe",
    "",
    "." * 300,
    "ktp" * 200 + ".pdf",
]


def real_pdf(text: str = "Surat tugas") -> bytes:
    """A one-page PDF that pypdf opens."""
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text)
    return bytes(document.output())


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 30), **options: object) -> bytes:
    """A real image Pillow decodes: ``kind`` is a Pillow format name (PNG, JPEG, GIF, WEBP)."""
    out = io.BytesIO()
    Image.new("RGB", size, (11, 110, 79)).save(out, kind, **options)
    return out.getvalue()


def real_png(size: tuple[int, int] = (40, 30)) -> bytes:
    return image_bytes("PNG", size)


def real_jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    return image_bytes("JPEG", size)


def png_claiming(width: int, height: int) -> bytes:
    """A small file whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
            + chunk(b"IEND", b""))


def photo_with_location() -> bytes:
    """A JPEG carrying a camera name and a GPS position in its EXIF data."""
    exif = Image.Exif()
    exif[0x010F] = "Kamera Uji"  # Make
    exif[0x8825] = {2: (3.0, 35.0, 0.0), 4: (98.0, 40.0, 0.0)}  # GPS: Lubuk Pakam
    return image_bytes("JPEG", (64, 48), exif=exif)


def pdf_then_html() -> bytes:
    return b"%PDF-1.4\n" + SCRIPT


def bomb_png() -> bytes:
    return png_claiming(30000, 30000)


# The files of the probe, each with the name it was sent as and the reason it is refused.
HOSTILE_UPLOADS = {
    "PDF header followed by HTML": (pdf_then_html(), "surat.pdf", "corrupt"),
    "HTML named .jpg": (SCRIPT, "foto.jpg", "type"),
    "SVG named .png": (SVG, "logo.png", "type"),
    "PNG claiming 30000 x 30000": (bomb_png(), "bom.png", "pixels"),
}
