"""Pick-and-weigh sales: staff weigh what a visitor picked and sell it at the day's price.

The weighing form carries a one-time key: sent twice (double tap, a retry on a bad
connection), it returns the first sale and sells nothing more. Prices are read from the
price history at the moment of the sale and copied onto each line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from babel.numbers import format_decimal
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.modules.kunjungan import api as kunjungan
from kiblat.modules.taman_buah.models import Sale, SaleLine
from kiblat.modules.taman_buah.services import harvest, settings
from kiblat.modules.taman_buah.services.errors import TamanBuahError
from kiblat.platform.web.formatting import INDONESIAN
from kiblat.tenants.database import tenant_db


@dataclass(frozen=True)
class Weighing:
    commodity_key: str
    grams: int


def parse_kg(raw: str, name: str) -> int:
    """``"2,5"`` or ``"2.5"`` kg → 2500 grams; blank is 0; anything else is refused."""
    text = (raw or "").strip().replace(" ", "").replace(",", ".")
    if not text:
        return 0
    try:
        kg = float(text)
    except ValueError:
        raise TamanBuahError(f"Berat {name} harus angka dalam kg, misalnya 2 atau 1,5.") from None
    if kg != kg or kg in (float("inf"), float("-inf")):
        raise TamanBuahError(f"Berat {name} harus angka dalam kg, misalnya 2 atau 1,5.")
    return round(kg * 1000)


def line_amount(grams: int, price_per_kg: int) -> int:
    """Whole Rupiah, half up: 1,250 g at Rp15.000/kg is Rp18.750."""
    return (grams * price_per_kg + 500) // 1000


def _checked(weighings: list[Weighing]) -> list[tuple[int, str, int, int]]:
    """(commodity id, name, grams, price per kg) for every fruit weighed."""
    most = settings.max_weighing_grams()
    lines, seen = [], set()
    for w in weighings:
        commodity = harvest.by_key(w.commodity_key)
        if commodity is None:
            raise TamanBuahError("Jenis buah tidak dikenal.")
        if commodity.key in seen:
            raise TamanBuahError(f"{commodity.name} tercatat dua kali; gabungkan beratnya.")
        seen.add(commodity.key)
        if not isinstance(w.grams, int) or w.grams < 0:
            raise TamanBuahError(f"Berat {commodity.name} tidak boleh negatif.")
        if w.grams == 0:
            continue
        if w.grams > most:
            raise TamanBuahError(f"Berat {commodity.name} melebihi {format_decimal(most // 1000, locale=INDONESIAN)} kg; "
                                 "periksa timbangan.")
        price = harvest.current_price(commodity.id)
        if price is None:
            raise TamanBuahError(f"{commodity.name} belum punya harga; isi harga per kg dahulu.")
        lines.append((commodity.id, commodity.name, w.grams, price))
    if not lines:
        raise TamanBuahError("Isi berat paling sedikit satu jenis buah.")
    return lines


def record_sale(weighings: list[Weighing], request_key: str, *, booking_code: str = "", visitor_name: str = "",
                actor_id: int | None = None) -> Sale:
    if not request_key or len(request_key) > 64:
        raise TamanBuahError("Formulir timbang tidak lengkap; muat ulang halaman.")
    session = tenant_db.session
    first = session.scalar(select(Sale).where(Sale.request_key == request_key))
    if first is not None:
        return first
    lines = _checked(weighings)
    code = (booking_code or "").strip().upper()[:12]
    if code:
        booking = kunjungan.by_code(code)
        if booking is None or booking.status != "paid":
            raise TamanBuahError(f"Tiket dengan kode pesanan {code} tidak ditemukan atau belum dibayar.")
    sale = Sale(request_key=request_key, booking_code=code, visitor_name=visitor_name.strip()[:160],
                total=sum(line_amount(g, p) for _i, _n, g, p in lines), total_grams=sum(g for _i, _n, g, _p in lines),
                sold_at=datetime.now(UTC), actor_id=actor_id)
    try:
        session.add(sale)
        session.flush()
        session.add_all(SaleLine(sale_id=sale.id, commodity_id=i, grams=g, price_per_kg=p, amount=line_amount(g, p))
                        for i, _n, g, p in lines)
        session.commit()
    except IntegrityError:
        session.rollback()  # the same form sent twice at once: the first sale stands
        first = session.scalar(select(Sale).where(Sale.request_key == request_key))
        if first is None:
            raise
        return first
    return sale


def get(sale_id: int) -> Sale | None:
    return tenant_db.session.get(Sale, sale_id)
