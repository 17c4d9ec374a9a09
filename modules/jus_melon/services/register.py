"""An owner registers their business for an IUMK (one form, one step)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiblat.modules.jus_melon.models import Activity, Business
from kiblat.modules.jus_melon.services import bands, settings
from kiblat.modules.jus_melon.services.notify import notify
from kiblat.modules.sri_deli import api as sri_deli
from kiblat.platform.identity.models import User
from kiblat.platform.identity.nik import NikError, parse_nik, protect
from kiblat.platform.identity.texts import _
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import PHOTO_KINDS, UploadError, check_upload
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RegisterError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class Registration:
    business: Business
    tracking_code: str | None
    replayed: bool = False


def photo_acceptable(photo: tuple[str, bytes] | None) -> bool:
    """Whether a chosen photo passes its own check (so it can be kept while other fields are fixed)."""
    if not photo or not photo[1]:
        return False
    try:
        check_upload(photo[1], photo[0], kinds=PHOTO_KINDS, max_bytes=settings.photo_max_bytes(),
                     max_pixels=settings.photo_max_pixels(), label=_("Foto tempat usaha"))
    except UploadError:
        return False
    return True


def register(form: dict[str, str], photo: tuple[str, bytes] | None, idempotency_key: str, *,
             user: User | None = None, filed_by: User | None = None,
             now: datetime | None = None) -> Registration:
    session = tenant_db.session
    if not KEY_RE.match(idempotency_key or ""):
        raise RegisterError(["Formulir kedaluwarsa; muat ulang halaman lalu kirim kembali"])
    existing = session.scalar(select(Business).where(Business.idempotency_key == idempotency_key))
    if existing is not None:
        return Registration(existing, None, replayed=True)
    errors: list[str] = []
    owner = (form.get("nama_pemilik") or "").strip()
    name = (form.get("nama_usaha") or "").strip()
    address = (form.get("alamat") or "").strip()
    email = (form.get("email") or "").strip().lower()
    if not owner:
        errors.append("Nama pemilik wajib diisi")
    if not name:
        errors.append("Nama usaha wajib diisi")
    if not address:
        errors.append("Alamat usaha wajib diisi")
    if email and not EMAIL_RE.match(email):
        errors.append("Alamat email tidak valid")
    nik_hash = nik_masked = None
    try:
        nik_hash, _cipher, nik_masked = protect(parse_nik(form.get("nik", "")).nik)
    except NikError as exc:
        errors.append(str(exc).rstrip("."))
    activity = None
    if (form.get("kegiatan") or "").isdigit():
        activity = session.get(Activity, int(form["kegiatan"]))
    if activity is None or not activity.active:
        errors.append("Pilih kegiatan usaha")
    desa = session.get(Desa, form.get("desa") or "")
    if desa is None:
        errors.append("Pilih desa/kelurahan di wilayah ini")
    scale = None
    try:
        scale = bands.scale_of(form.get("modal", ""), form.get("omzet", ""))
    except bands.BandError as exc:
        errors.append(str(exc))
    checked = None
    if photo and photo[1]:
        try:
            checked = check_upload(photo[1], photo[0], kinds=PHOTO_KINDS, max_bytes=settings.photo_max_bytes(),
                                   max_pixels=settings.photo_max_pixels(), label=_("Foto tempat usaha"))
        except UploadError as exc:
            errors.append(str(exc))
    if errors:
        raise RegisterError(errors)
    now = now or datetime.now(UTC)
    prefix = f"IUMK/{now:%Y%m}/"
    count = session.scalar(select(func.count()).select_from(Business).where(Business.number.like(prefix + "%"))) or 0
    code = sri_deli.new_tracking_code()
    business = Business(
        number=f"{prefix}{count + 1:05d}", idempotency_key=idempotency_key, tracking_hash=sri_deli.hash_code(code),
        owner_name=owner[:200], nik_hash=nik_hash, nik_masked=nik_masked, email=email or None,
        business_name=name[:200], activity=activity, desa_code=desa.code, kecamatan_code=desa.kecamatan_code,
        address=address[:300], capital_band=form["modal"], turnover_band=form["omzet"], scale=scale,
        public_listing=form.get("tampilkan") == "1", user_id=user.id if user else None,
        filed_by_user_id=filed_by.id if filed_by else None, submitted_at=now)
    if checked is not None:
        # Stored re-encoded; it is served under a name made from the business number.
        business.photo_key = tenant_storage().save(io.BytesIO(checked.data), checked.display_name, "jus_melon")
    session.add(business)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        existing = session.scalar(select(Business).where(Business.idempotency_key == idempotency_key))
        if existing is None:
            raise
        return Registration(existing, None, replayed=True)
    notify(business, f"Pendaftaran IUMK {business.number} diterima",
           f"Kode lacak: {code}\nPermohonan akan diperiksa petugas kecamatan hari ini.")
    return Registration(business, code)

