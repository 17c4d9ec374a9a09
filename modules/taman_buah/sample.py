"""The sample rows the demo and the cross-tenant probe use: every kind Taman Buah stores."""

from __future__ import annotations

import io
import secrets

from PIL import Image

from kiblat.modules.taman_buah.models import Feature
from kiblat.modules.taman_buah.services import harvest, park, photos, sales
from kiblat.tenants.database import tenant_db


def _picture() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


def sample_data(marker: str) -> None:
    """The park (seeded), a feature, a photo, a subscription, a price change and a sale."""
    park.seed()
    tenant_db.session.add(Feature(kind="attraction", name=f"{marker} kolam ikan", description=f"{marker} kolam"))
    tenant_db.session.commit()
    photos.add(_picture(), "kebun.jpg", f"{marker} kebun rambutan")
    harvest.subscribe("durian", f"durian-{secrets.token_hex(3)}@example.id")
    harvest.set_price("rambutan", 16_000)
    sales.record_sale([sales.Weighing("rambutan", 2_000), sales.Weighing("jambu_madu", 1_500)],
                      secrets.token_hex(16), visitor_name=f"{marker} pembeli")
