"""Pickup requests: requested → scheduled → assigned → picked up (or cancelled with a reason)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kiblat.modules.jumpa_madu.models import Nasabah, PickupWindow, WastePickup, WastePickupItem
from kiblat.modules.jumpa_madu.services import config, notify, settings
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError, NotYourPickup
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import User, UserRole
from kiblat.platform.identity.roles import permissions_for, roles_for
from kiblat.platform.identity.texts import _
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import UploadError, check_upload, read_upload
from kiblat.platform.web.formatting import N_
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa

# Phones send JPEG, PNG or WebP; every photo is decoded and stored re-encoded (WebP as PNG).
PHOTO_KINDS = frozenset({"jpeg", "png", "webp"})
STATUS_LABELS = {
    "requested": N_("Diajukan"), "scheduled": N_("Dijadwalkan"), "assigned": N_("Ditugaskan"),
    "picked_up": N_("Sudah dijemput"), "cancelled": N_("Dibatalkan"),
}


def today() -> date:
    return datetime.now(ZoneInfo(current_tenant.time_zone or "Asia/Jakarta")).date()


def request_pickup(nasabah: Nasabah, *, pickup_date: date, window_id: int, estimates: dict[str, int],
                   actor_id: int | None, address: str | None = None, desa_code: str | None = None,
                   photo: tuple[BinaryIO, str] | None = None) -> WastePickup:
    """Ask for a pickup (commits). ``estimates``: category key → estimated grams."""
    session = tenant_db.session
    days_ahead = settings.pickup_days_ahead()
    if pickup_date < today():
        raise JumpaMaduError("Tanggal penjemputan tidak boleh di masa lalu.")
    if (pickup_date - today()).days > days_ahead:
        raise JumpaMaduError(f"Tanggal penjemputan paling lambat {days_ahead} hari dari sekarang.")
    window = session.get(PickupWindow, window_id)
    if window is None or not window.active:
        raise JumpaMaduError("Pilih waktu penjemputan yang tersedia.")
    categories = config.categories_by_key()
    items = []
    for key, grams in estimates.items():
        if key not in categories:
            raise JumpaMaduError(f"Jenis sampah {key!r} tidak dikenal.")
        if not isinstance(grams, int) or grams < 0:
            raise JumpaMaduError("Perkiraan berat tidak boleh negatif.")
        if grams > settings.max_estimate_grams():
            raise JumpaMaduError("Perkiraan berat terlalu besar; hubungi bank sampah untuk angkutan khusus.")
        if grams > 0:
            items.append(WastePickupItem(category_id=categories[key].id, estimated_grams=grams))
    if not items:
        raise JumpaMaduError("Pilih minimal satu jenis sampah dengan perkiraan beratnya.")
    desa_code = desa_code or nasabah.desa_code
    if session.get(Desa, desa_code) is None:
        raise JumpaMaduError("Desa/kelurahan tidak ditemukan di kabupaten/kota ini.")
    bank = config.bank_for_desa(desa_code)
    address = (address or nasabah.address).strip()
    if len(address) < 5:
        raise JumpaMaduError("Alamat penjemputan wajib diisi.")
    photo_key = None
    if photo is not None:
        stream, filename = photo
        limit = settings.photo_max_bytes()
        try:
            checked = check_upload(read_upload(stream, limit), filename, kinds=PHOTO_KINDS, max_bytes=limit,
                                   max_pixels=settings.photo_max_pixels(), label=_("Foto sampah"))
        except UploadError as exc:
            raise JumpaMaduError(str(exc)) from None
        photo_key = tenant_storage().save(io.BytesIO(checked.data), checked.display_name, folder="jumpa_madu/pickups")
    pickup = WastePickup(nasabah_id=nasabah.id, bank_id=bank.id, desa_code=desa_code, address=address[:300],
                    window_id=window.id, pickup_date=pickup_date, status="requested", photo_key=photo_key,
                    requested_by_user_id=actor_id, items=items)
    session.add(pickup)
    session.flush()
    record("jumpa_madu.pickup.request", "jumpa_madu_pickup", pickup.id, bank=bank.code)
    session.commit()
    return pickup


def get(pickup_id: int) -> WastePickup | None:
    return tenant_db.session.get(WastePickup, pickup_id)


def schedule(pickup_id: int, pickup_date: date | None = None, window_id: int | None = None) -> WastePickup:
    pickup = _get(pickup_id)
    if pickup.status != "requested":
        raise JumpaMaduError("Hanya penjemputan yang baru diajukan yang dapat dijadwalkan.")
    if pickup_date is not None:
        if pickup_date < today():
            raise JumpaMaduError("Tanggal penjemputan tidak boleh di masa lalu.")
        pickup.pickup_date = pickup_date
    if window_id is not None:
        window = tenant_db.session.get(PickupWindow, window_id)
        if window is None or not window.active:
            raise JumpaMaduError("Pilih waktu penjemputan yang tersedia.")
        pickup.window_id = window.id
    pickup.status = "scheduled"
    record("jumpa_madu.pickup.schedule", "jumpa_madu_pickup", pickup.id, date=str(pickup.pickup_date))
    tenant_db.session.commit()
    notify.pickup_scheduled(pickup)
    return pickup


def assign(pickup_id: int, collector_user_id: int) -> WastePickup:
    pickup = _get(pickup_id)
    if pickup.status not in ("scheduled", "assigned"):
        raise JumpaMaduError("Jadwalkan penjemputan dulu sebelum menugaskan petugas.")
    collector = tenant_db.session.get(User, collector_user_id)
    if collector is None or not collector.active or "jumpa_madu.collect" not in permissions_for(
        collector.role_keys, current_tenant._get_current_object()
    ):
        raise JumpaMaduError("Pengguna itu bukan petugas penjemput sampah.")
    pickup.status, pickup.collector_user_id = "assigned", collector.id
    record("jumpa_madu.pickup.assign", "jumpa_madu_pickup", pickup.id, collector=collector.id)
    tenant_db.session.commit()
    return pickup


def collectors() -> list[User]:
    """Active accounts holding a role that may collect (whom a pickup can be assigned to)."""
    roles = [k for k, r in roles_for(current_tenant).items() if "jumpa_madu.collect" in r.permissions]
    extra = select(UserRole.user_id).where(UserRole.role_key.in_(roles))
    return list(tenant_db.session.scalars(
        select(User).where(User.active.is_(True), User.role_key.in_(roles) | User.id.in_(extra)).order_by(User.name)
    ))


def cancel(pickup_id: int, reason: str, *, nasabah_id: int | None = None) -> WastePickup:
    """Cancel with a reason; ``nasabah_id`` restricts it to the nasabah's own pickup."""
    reason = (reason or "").strip()[:300]
    if not reason:
        raise JumpaMaduError("Alasan pembatalan wajib diisi.")
    pickup = _get(pickup_id)
    if nasabah_id is not None and pickup.nasabah_id != nasabah_id:
        raise NotYourPickup("Penjemputan tidak ditemukan.")
    if pickup.status in ("picked_up", "cancelled"):
        raise JumpaMaduError("Penjemputan yang sudah selesai atau dibatalkan tidak dapat dibatalkan.")
    pickup.status, pickup.cancel_reason = "cancelled", reason
    record("jumpa_madu.pickup.cancel", "jumpa_madu_pickup", pickup.id, reason=reason)
    tenant_db.session.commit()
    return pickup


def _get(pickup_id: int) -> WastePickup:
    pickup = get(pickup_id)
    if pickup is None:
        raise JumpaMaduError("Penjemputan tidak ditemukan.")
    return pickup


def of_nasabah(nasabah_id: int) -> list[WastePickup]:
    return list(tenant_db.session.scalars(
        select(WastePickup).where(WastePickup.nasabah_id == nasabah_id).order_by(WastePickup.id.desc()).limit(50)
    ))


def open_pickups() -> list[WastePickup]:
    return list(tenant_db.session.scalars(
        select(WastePickup).where(WastePickup.status.in_(("requested", "scheduled", "assigned")))
        .order_by(WastePickup.pickup_date, WastePickup.id)
    ))


@dataclass(frozen=True)
class RouteStop:
    desa_code: str
    desa_name: str
    pickups: list[WastePickup]


def route(collector_user_id: int, day: date) -> list[RouteStop]:
    """The collector's pickups of the day, grouped by desa, each group ordered by window."""
    rows = tenant_db.session.execute(
        select(WastePickup, Desa.name).join(Desa, Desa.code == WastePickup.desa_code).join(PickupWindow, PickupWindow.id == WastePickup.window_id)
        .where(WastePickup.collector_user_id == collector_user_id, WastePickup.pickup_date == day,
               WastePickup.status.in_(("assigned", "picked_up")))
        .order_by(Desa.name, PickupWindow.starts, WastePickup.id)
    ).all()
    stops: dict[str, RouteStop] = {}
    for pickup, desa_name in rows:
        stops.setdefault(pickup.desa_code, RouteStop(pickup.desa_code, desa_name, [])).pickups.append(pickup)
    return sorted(stops.values(), key=lambda s: (min(p.window.starts for p in s.pickups), s.desa_name))
