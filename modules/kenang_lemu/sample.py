"""The sample rows the demo and the cross-tenant probe use: every kind Kenang Lemu stores."""

from __future__ import annotations

import io
import re

from PIL import Image, ImageDraw

from kiblat.modules.kenang_lemu.services import catalogue, exhibitions, images, museum
from kiblat.platform.identity.demo_accounts import OFFICER_PASSWORD, ensure_demo_account
from kiblat.platform.modular.manifest import DemoLogin
from kiblat.tenants.context import TenantInfo

OBJECTS = (
    ("etnografi", "Ulos Ragidup", "Ragidup ulos", "Kain tenun", "Tekstil tradisional tenun tangan dengan motif "
     "ragidup, dipakai dalam upacara adat.", "Kapas, pewarna alami", "180 × 90 cm", "Awal abad ke-20", "Karo",
     "Pancur Batu", (150, 40, 40)),
    ("etnografi", "Tepak sirih Melayu", "Malay betel box", "Wadah", "Tepak sirih kuningan untuk menyambut tamu "
     "dalam adat Melayu Deli.", "Kuningan", "25 × 15 × 12 cm", "Abad ke-19", "Melayu Deli", "Labuhan Deli",
     (190, 150, 50)),
    ("arkeologi", "Pecahan keramik Kota Cina", "Kota Cina ceramic sherd", "Temuan", "Pecahan mangkuk seladon "
     "dari situs Kota Cina, bukti perdagangan pesisir timur Sumatra.", "Keramik", "8 × 6 cm", "Abad ke-12–14",
     "Simalungun", "Percut Sei Tuan", (90, 140, 120)),
)


def _picture(color: tuple[int, int, int], label: str) -> bytes:
    buffer = io.BytesIO()
    picture = Image.new("RGB", (640, 480), color)
    ImageDraw.Draw(picture).rectangle((80, 80, 560, 400), outline=(250, 250, 240), width=12)
    ImageDraw.Draw(picture).text((100, 420), label[:60], fill=(255, 255, 255))
    picture.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def sample_data(marker: str) -> None:
    """Three published objects with an image each, a draft, a withdrawn object and a permanent
    exhibition."""
    museum.seed()
    prefix = re.sub(r"[^A-Za-z0-9]+", "-", marker).strip("-")[:40] or "KL"
    made = []
    for n, (collection, title, title_en, _kind, text, material, size, period, culture, origin, color) in \
            enumerate(OBJECTS, start=1):
        number = f"{prefix}-{n:03d}"
        obj = catalogue.save({"inventory_number": number, "title": f"{title} {marker}", "title_en": title_en,
                              "description": f"{text} {marker}", "material": material, "dimensions": size,
                              "period": period, "culture": culture, "origin": origin,
                              "acquisition_method": "Hibah", "acquisition_source": f"Keluarga {marker}",
                              "condition": "Baik", "location": "Ruang pamer utama",
                              "rights": "CC BY 4.0"}, collection)
        images.add(obj, _picture(color, title), f"{number}.jpg", f"{title} dilihat dari depan ({marker})")
        catalogue.set_published(obj, True)
        made.append(obj)
    catalogue.save({"inventory_number": f"{prefix}-draf", "title": f"Draf {marker}",
                    "location": "Gudang"}, "sejarah")
    # Published once and withdrawn again: harvesters are told by a deleted record (OAI-PMH).
    withdrawn = catalogue.save({"inventory_number": f"{prefix}-ditarik", "title": f"Ditarik {marker}",
                                "location": "Gudang"}, "sejarah")
    catalogue.set_published(withdrawn, True)
    catalogue.set_published(withdrawn, False)
    exhibition = exhibitions.save(f"Warisan Deli {marker}", f"Pameran tetap tentang budaya Deli. {marker}")
    for obj in made:
        exhibitions.add_object(exhibition, obj.inventory_number)
    exhibitions.set_published(exhibition, True)


DEMO_MARKER = "(contoh)"


def demo_logins(tenant: TenantInfo) -> list[DemoLogin]:
    """The museum's curator; once, the sample objects with photos and an exhibition."""
    if catalogue.by_inventory_number("contoh-001") is None:
        sample_data(DEMO_MARKER)
    email = f"kurator@{tenant.slug}.example.id"
    ensure_demo_account(email, f"Kurator Museum {tenant.short_name}", "kurator_museum", OFFICER_PASSWORD)
    return [DemoLogin("kurator museum", email, OFFICER_PASSWORD, url="/museum/kelola")]
