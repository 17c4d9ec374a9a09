"""Jus Melon's part in citizens' data rights and the satisfaction survey (manifest hooks)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kiblat.modules.jus_melon.models import ISSUED, Business
from kiblat.platform.core.texts import _
from kiblat.platform.modular.manifest import CompletedService, ErasureReport
from kiblat.platform.regions.lookup import region_name
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants.database import tenant_db

ERASED = "(dihapus)"


def _businesses(user_id: int) -> list[Business]:
    return list(tenant_db.session.scalars(select(Business).where(Business.user_id == user_id).order_by(Business.id)))


def completed_services(user_id: int) -> list[CompletedService]:
    """IUMK issued to this account, served by the kecamatan office."""
    return [CompletedService(ref=f"iumk-{b.id}", service="IUMK " + b.business_name,
                             unit=f"Kecamatan {region_name(b.kecamatan_code) or b.kecamatan_code}",
                             completed_at=b.decided_at)
            for b in _businesses(user_id) if b.status == ISSUED and b.decided_at is not None]


def personal_data(user_id: int) -> dict[str, Any]:
    return {"usaha": [{
        "nomor": b.number, "status": b.status, "pemilik": b.owner_name, "nik_tersamar": b.nik_masked,
        "email": b.email, "nama_usaha": b.business_name, "kegiatan": b.activity.name, "desa": b.desa_code,
        "alamat": b.address, "modal": b.capital_band, "omzet": b.turnover_band, "skala": b.scale,
        "tampil_di_direktori": b.public_listing, "foto": b.photo_key is not None,
        "diajukan": b.submitted_at.isoformat(), "diputuskan": b.decided_at.isoformat() if b.decided_at else None,
    } for b in _businesses(user_id)]}


def erase_personal_data(user_id: int) -> ErasureReport:
    """An issued IUMK stays in the register (off the public directory); a refused or waiting
    registration loses its owner's name, address and photo."""
    storage = tenant_storage()
    erased = kept = 0
    for business in _businesses(user_id):
        business.email = None
        business.public_listing = False
        if business.photo_key and business.status != ISSUED:
            if storage.exists(business.photo_key):
                storage.delete(business.photo_key)
            business.photo_key = None
        if business.status == ISSUED:
            kept += 1
        else:
            business.owner_name = business.address = ERASED
            erased += 1
    report_erased = [_("IUMK: email kontak, dan tampilan usaha di direktori publik.")]
    if erased:
        report_erased.append(_("IUMK: nama pemilik, alamat dan foto pada %(count)s pendaftaran yang tidak terbit.",
                               count=erased))
    report_kept = [_("IUMK: %(count)s izin usaha mikro yang terbit tetap di register kecamatan sebagai arsip.",
                     count=kept)] if kept else []
    return ErasureReport(tuple(report_erased), tuple(report_kept))
