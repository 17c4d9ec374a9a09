"""The sample rows the demo and the cross-tenant probe use: every kind Taman Buah stores."""

from __future__ import annotations

import io
import secrets
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image

from kiblat.modules.kunjungan import api as kunjungan
from kiblat.modules.taman_buah.models import Feature
from kiblat.modules.taman_buah.services import harvest, park, photos, sales
from kiblat.platform.identity.demo_accounts import ensure_demo_account
from kiblat.platform.modular.manifest import DemoLogin
from kiblat.tenants.context import TenantInfo
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


# Gate and weighing staff: no second factor, so a phone at the gate signs in quickly.
DEMO_GATE_PASSWORD = "gerbang-demo-2026"
DEMO_VISITS = (("Rombongan SD Negeri 101 Lubuk Pakam", {"pelajar": 30, "dewasa": 3}),
               ("Keluarga Sitepu", {"dewasa": 2, "anak": 2, "balita": 1}))
DEMO_SALES = ((("rambutan", 2_000), ("jambu_madu", 1_500)), (("stroberi", 500),), (("durian", 3_200),))


def demo_logins(tenant: TenantInfo) -> list[DemoLogin]:
    """The gate and weighing officer; once, a school group and a family booked for today and
    tomorrow and a morning of fruit sales, so the gate, the counter and the reports have
    something to show."""
    email = f"gerbang@{tenant.slug}.example.id"
    ensure_demo_account(email, "Petugas Gerbang Taman Buah", "petugas_timbang", DEMO_GATE_PASSWORD)
    _demo_visits(tenant)
    return [DemoLogin("gerbang", email, DEMO_GATE_PASSWORD)]


def _demo_visits(tenant: TenantInfo) -> None:
    today = datetime.now(ZoneInfo(tenant.time_zone)).date()
    place = kunjungan.place_by_key("taman-buah")
    if place is None or kunjungan.visitors_per_day(place.id, today, today + timedelta(days=1)):
        return
    types = {t.key: t.id for t in kunjungan.ticket_types(place.id)}
    for day in (today, today + timedelta(days=1)):
        open_slots = [s for s in kunjungan.availability(place.id, day) if s.left > 0 and s.ends_at > datetime.now(UTC)]
        for slot, (name, counts) in zip(open_slots, DEMO_VISITS, strict=False):
            order = kunjungan.Order(slot.id, {types[k]: n for k, n in counts.items()}, name, "", None, place.id)
            kunjungan.book(order, f"demo-{day.isoformat()}-{slot.id}", walk_in=True, paid_method="cash")
    for fruits in DEMO_SALES:
        sales.record_sale([sales.Weighing(k, g) for k, g in fruits], secrets.token_hex(16),
                          visitor_name="Pengunjung demo")
