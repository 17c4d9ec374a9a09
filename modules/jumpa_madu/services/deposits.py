"""Weighing: waste handed over becomes a deposit receipt and one credit in the ledger.

The weighing form carries a one-time key; submitting it twice (double tap, retry on a
bad connection) returns the first receipt and credits nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from babel.numbers import format_decimal
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.modules.jumpa_madu.models import Nasabah, WasteDeposit, WasteDepositLine, WastePickup
from kiblat.modules.jumpa_madu.services import config, ledger, notify, settings
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError, NotYourPickup
from kiblat.platform.identity.audit.service import record
from kiblat.platform.web.formatting import INDONESIAN, kilograms
from kiblat.tenants.database import tenant_db


@dataclass(frozen=True)
class Weighing:
    category_key: str
    grams: int


def parse_kg(raw: str) -> int:
    """``"2,5"`` or ``"2.5"`` kg → 2500 grams (to the gram); raises on anything else."""
    text = (raw or "").strip().replace(" ", "").replace(",", ".")
    if not text:
        return 0
    try:
        kg = float(text)
    except ValueError:
        raise JumpaMaduError(f"Berat {raw!r} bukan angka.") from None
    if kg != kg or kg in (float("inf"), float("-inf")):
        raise JumpaMaduError(f"Berat {raw!r} bukan angka.")
    return round(kg * 1000)


def weighings(kilograms: dict[str, str]) -> list[Weighing]:
    """The categories weighed, from the weights as typed per category key (blank: not weighed)."""
    found = []
    for key, raw in kilograms.items():
        grams = parse_kg(raw)
        if grams:
            found.append(Weighing(key, grams))
    return found


def line_amount(grams: int, price_per_kg: int) -> int:
    """Whole Rupiah, half up: 1,250 g at Rp3.500/kg is Rp4.375."""
    return (grams * price_per_kg + 500) // 1000


def _validate(weighings: list[Weighing], confirmed_heavy: bool) -> list[tuple[int, Weighing]]:
    categories = config.categories_by_key()
    limit = config.policy().max_unconfirmed_grams
    most = settings.max_weighing_grams()
    seen: set[str] = set()
    checked = []
    for w in weighings:
        category = categories.get(w.category_key)
        if category is None:
            raise JumpaMaduError(f"Jenis sampah {w.category_key!r} tidak dikenal.")
        if w.category_key in seen:
            raise JumpaMaduError(f"Jenis sampah {category.name} tercatat dua kali; gabungkan beratnya.")
        seen.add(w.category_key)
        if not isinstance(w.grams, int) or w.grams < 0:
            raise JumpaMaduError(f"Berat {category.name} tidak boleh negatif.")
        if w.grams > most:
            raise JumpaMaduError(f"Berat {category.name} melebihi {format_decimal(most // 1000, locale=INDONESIAN)} kg; "
                                 "periksa timbangan.")
        if w.grams > limit and not confirmed_heavy:
            raise JumpaMaduError(
                f"Berat {category.name} lebih dari {limit // 1000} kg. Periksa lagi, lalu centang "
                "konfirmasi berat besar bila memang benar."
            )
        if w.grams > 0:
            checked.append((category.id, w))
    if not checked:
        raise JumpaMaduError("Isi berat minimal satu jenis sampah.")
    return checked


def record_deposit(nasabah_id: int, weighings: list[Weighing], idempotency_key: str, *,
                   actor_id: int | None, pickup_id: int | None = None, confirmed_heavy: bool = False,
                   weighed_at: datetime | None = None, bank_id: int | None = None) -> WasteDeposit:
    """Credit the nasabah for weighed waste at the prices valid at ``weighed_at`` (commits)."""
    key = (idempotency_key or "").strip()
    if not 16 <= len(key) <= 64:
        raise JumpaMaduError("Formulir penimbangan tidak sah; muat ulang halaman.")
    session = tenant_db.session
    existing = session.scalar(select(WasteDeposit).where(WasteDeposit.idempotency_key == key))
    if existing is not None:
        return _same_or_refuse(existing, nasabah_id)
    nasabah = session.get(Nasabah, nasabah_id)
    if nasabah is None:
        raise JumpaMaduError("Nasabah tidak ditemukan.")
    checked = _validate(weighings, confirmed_heavy)
    weighed_at = config.as_utc(weighed_at or datetime.now(UTC))
    priced = []
    for category_id, w in checked:
        price = config.price_at(category_id, weighed_at)
        if price is None:
            raise JumpaMaduError(f"Jenis sampah {w.category_key!r} belum punya harga pada waktu penimbangan.")
        priced.append((category_id, w.grams, price.id, price.price_per_kg))
    total = sum(line_amount(g, p) for _c, g, _i, p in priced)
    if total <= 0:
        raise JumpaMaduError("Nilai setoran Rp0; tidak ada yang dapat dikreditkan.")
    desa_code, bank = nasabah.desa_code, bank_id or nasabah.bank_id

    ledger.lock_account(session, nasabah_id)
    existing = session.scalar(select(WasteDeposit).where(WasteDeposit.idempotency_key == key))
    if existing is not None:  # the same form, submitted while we waited for the lock
        session.commit()
        return _same_or_refuse(existing, nasabah_id)
    pickup = None
    if pickup_id is not None:
        pickup = session.get(WastePickup, pickup_id)
        _check_pickup(pickup, nasabah_id, actor_id)
        desa_code, bank = pickup.desa_code, pickup.bank_id
    grams = sum(g for _c, g, _i, _p in priced)
    entry = ledger.post(session, nasabah_id, total, "deposit", actor_id=actor_id,
                        memo=f"Setoran sampah {kilograms(grams, INDONESIAN)} kg",
                        reference=f"pickup:{pickup_id}" if pickup_id else "walk-in")
    deposit = WasteDeposit(nasabah_id=nasabah_id, bank_id=bank, pickup_id=pickup_id, idempotency_key=key,
                      entry_id=entry.id, total_grams=grams, total_amount=total, desa_code=desa_code,
                      weighed_at=weighed_at, recorded_by_user_id=actor_id)
    session.add(deposit)
    session.flush()
    session.add_all(
        WasteDepositLine(deposit_id=deposit.id, category_id=c, grams=g, price_id=i, price_per_kg=p,
                    amount=line_amount(g, p))
        for c, g, i, p in priced
    )
    if pickup is not None:
        pickup.status, pickup.picked_up_at = "picked_up", weighed_at
    record("jumpa_madu.deposit", "jumpa_madu_deposit", deposit.id, nasabah=nasabah_id, amount=total,
           grams=grams, pickup=pickup_id)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        existing = session.scalar(select(WasteDeposit).where(WasteDeposit.idempotency_key == key))
        if existing is None:
            raise JumpaMaduError("Penimbangan untuk penjemputan ini sudah tercatat.") from None
        return _same_or_refuse(existing, nasabah_id)
    if pickup is not None:
        notify.picked_up(deposit)
    return deposit


def _same_or_refuse(deposit: WasteDeposit, nasabah_id: int) -> WasteDeposit:
    if deposit.nasabah_id != nasabah_id:
        raise JumpaMaduError("Formulir penimbangan ini sudah dipakai untuk nasabah lain.")
    return deposit


def _check_pickup(pickup: WastePickup | None, nasabah_id: int, actor_id: int | None) -> None:
    if pickup is None or pickup.nasabah_id != nasabah_id:
        tenant_db.session.rollback()
        raise JumpaMaduError("Penjemputan tidak ditemukan untuk nasabah ini.")
    if pickup.collector_user_id != actor_id:
        tenant_db.session.rollback()
        raise NotYourPickup("Penjemputan ini ditugaskan kepada petugas lain; Anda tidak dapat menimbangnya.")
    if pickup.status != "assigned":
        status = pickup.status
        tenant_db.session.rollback()
        if status == "picked_up":
            raise JumpaMaduError("Sampah penjemputan ini sudah ditimbang.")
        raise JumpaMaduError("Penjemputan ini belum ditugaskan atau sudah dibatalkan.")


def get(deposit_id: int) -> WasteDeposit | None:
    return tenant_db.session.get(WasteDeposit, deposit_id)


def by_entry(entry_ids: list[int]) -> dict[int, WasteDeposit]:
    if not entry_ids:
        return {}
    rows = tenant_db.session.scalars(select(WasteDeposit).where(WasteDeposit.entry_id.in_(entry_ids)))
    return {d.entry_id: d for d in rows}
