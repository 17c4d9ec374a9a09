"""The regency admin's own branding: logo, colours (readable, WCAG AA), names and the head of
region. Changes go through ``tenants.services`` where it has them, so the branding signal (and
with it the audit entry) fires and every worker sees the change at its next cache check."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from babel.numbers import format_decimal
from flask_babel import get_locale

from kiblat.platform.core import signals
from kiblat.platform.core.texts import _
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import LOGO_KINDS, UploadError, check_upload
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import current_tenant

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
# Text on the header and buttons is white on the primary colour; badges are ink on the accent.
WHITE, INK = "#ffffff", "#1d2327"
AA_NORMAL_TEXT = 4.5
LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4_000_000
LIMITS = {"tagline": 200, "head_title": 60, "head_name": 120, "official_name": 200, "short_name": 100}


class BrandingError(ValueError):
    """Input the admin must correct; ``field`` names the form field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Appearance:
    official_name: str
    short_name: str
    primary_color: str
    accent_color: str
    tagline: str
    head_title: str
    head_name: str


def _luminance(color: str) -> float:
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _ratio(ratio: float) -> str:
    return format_decimal(round(ratio, 1), "0.0", locale=get_locale() or "id")


def _text(value: str | None, field: str, required: bool = False) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise BrandingError(_("Isian ini wajib diisi."), field)
    if len(text) > LIMITS[field]:
        raise BrandingError(_("Paling banyak %(n)s karakter.", n=LIMITS[field]), field)
    if "<" in text or ">" in text:
        raise BrandingError(_("Tidak boleh memuat tanda < atau >."), field)
    return text


def check(values: dict) -> Appearance:
    """Every field checked; colours must keep white text readable on the primary colour and
    dark text readable on the accent colour."""
    colors = {}
    for field in ("primary_color", "accent_color"):
        value = (values.get(field) or "").strip()
        if not COLOR_RE.match(value):
            raise BrandingError(_("Warna harus berbentuk #RRGGBB, contoh #0b6e4f."), field)
        colors[field] = value.lower()
    ratio = contrast(WHITE, colors["primary_color"])
    if ratio < AA_NORMAL_TEXT:
        raise BrandingError(_("Tulisan putih di atas warna utama sulit dibaca (kontras %(ratio)s:1, paling sedikit "
                              "4,5:1). Pilih warna utama yang lebih gelap.", ratio=_ratio(ratio)), "primary_color")
    ratio = contrast(INK, colors["accent_color"])
    if ratio < AA_NORMAL_TEXT:
        raise BrandingError(_("Tulisan gelap di atas warna aksen sulit dibaca (kontras %(ratio)s:1, paling sedikit "
                              "4,5:1). Pilih warna aksen yang lebih terang.", ratio=_ratio(ratio)), "accent_color")
    return Appearance(
        official_name=_text(values.get("official_name"), "official_name", required=True),
        short_name=_text(values.get("short_name"), "short_name", required=True),
        tagline=_text(values.get("tagline"), "tagline"), head_title=_text(values.get("head_title"), "head_title"),
        head_name=_text(values.get("head_name"), "head_name"), **colors)


def current() -> Appearance:
    branding = current_tenant.branding
    return Appearance(current_tenant.official_name, current_tenant.short_name, branding.primary_color,
                      branding.accent_color, branding.tagline, branding.head_title, branding.head_name)


def save(values: dict) -> Appearance:
    """Check everything, then store it; nothing is stored when any field is refused."""
    appearance = check(values)
    slug = current_tenant.slug
    tenant = tenant_services.get_tenant(slug)
    renamed = (tenant.official_name, tenant.short_name) != (appearance.official_name, appearance.short_name)
    if renamed:
        # Committed by update_branding, with the branding and one registry version bump.
        tenant.official_name, tenant.short_name = appearance.official_name, appearance.short_name
    tenant_services.update_branding(slug, primary_color=appearance.primary_color,
                                    accent_color=appearance.accent_color, tagline=appearance.tagline,
                                    head_title=appearance.head_title, head_name=appearance.head_name)
    if renamed:
        signals.branding_changed.send(slug, changes={"official_name": appearance.official_name,
                                                     "short_name": appearance.short_name})
    return appearance


def save_logo(data: bytes, filename: str | None) -> str:
    """Check the file as a logo (an image, at most 1 MB and 4 megapixels), store the cleaned
    copy in the regency's storage and make it the logo. Returns the storage key."""
    try:
        checked = check_upload(data, filename, kinds=LOGO_KINDS, max_bytes=LOGO_MAX_BYTES,
                               max_pixels=LOGO_MAX_PIXELS, label=_("Logo"))
    except UploadError as exc:
        raise BrandingError(str(exc), "logo") from None
    key = tenant_storage().save(io.BytesIO(checked.data), checked.display_name, "branding")
    tenant_services.update_branding(current_tenant.slug, logo_key=key)
    return key
