"""Surveys: a village operator records what they measured in a desa; Diskominfo verifies or
questions it. The latest verified survey of a desa is its status (see ``registry``); every
survey stays in the history."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import BinaryIO
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.modules.desa_terhubung.models import Survey, SurveySignal
from kiblat.modules.desa_terhubung.services import settings
from kiblat.modules.desa_terhubung.services.errors import DesaError
from kiblat.modules.desa_terhubung.services.vocab import (
    CARRIERS,
    ELECTRICITY,
    FIXED,
    SOURCES,
    STRENGTHS,
    TECHNOLOGIES,
)
from kiblat.platform.core.texts import _
from kiblat.platform.identity.audit.service import record
from kiblat.platform.maps import Shape, regencies
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import UploadError, check_upload, read_upload
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa

# Phones send JPEG, PNG or WebP; every photo is decoded and stored re-encoded.
PHOTO_KINDS = frozenset({"jpeg", "png", "webp"})
# Indonesia from Sabang to Merauke, Miangas to Rote: a point outside it is outside any regency.
INDONESIA = (-11.5, 6.5, 94.5, 141.5)


@dataclass(frozen=True)
class Signal:
    carrier: str
    technology: str
    strength: str


@dataclass(frozen=True)
class SurveyInput:
    desa_code: str
    signals: tuple[Signal, ...]
    observed_on: date | None = None
    source: str = "survey"
    fixed_internet: str = "none"
    electricity: str = "pln"
    public_access: str = ""
    download_mbps: float | None = None
    upload_mbps: float | None = None
    latitude: float | None = None
    longitude: float | None = None
    notes: str = ""


def today() -> date:
    return datetime.now(ZoneInfo(current_tenant.time_zone or "Asia/Jakarta")).date()


def _check(data: SurveyInput) -> Desa:
    desa = tenant_db.session.get(Desa, data.desa_code or "")
    if desa is None:
        raise DesaError(_("Desa/kelurahan tidak ditemukan di kabupaten/kota ini."))
    if data.source not in SOURCES:
        raise DesaError(_("Sumber data tidak dikenal."))
    for code, allowed in ((data.fixed_internet, FIXED), (data.electricity, ELECTRICITY)):
        if code not in allowed:
            raise DesaError(_("Pilih jawaban dari daftar."))
    seen = set()
    for signal in data.signals:
        if signal.carrier not in CARRIERS or signal.carrier in seen:
            raise DesaError(_("Operator seluler tidak dikenal."))
        seen.add(signal.carrier)
        if signal.technology not in TECHNOLOGIES or signal.strength not in STRENGTHS:
            raise DesaError(_("Pilih teknologi dan kekuatan sinyal dari daftar."))
        if (signal.technology == "none") != (signal.strength == "none"):
            raise DesaError(_("%(carrier)s: tanpa sinyal berarti teknologi \"Tidak ada\", dan sebaliknya.",
                              carrier=CARRIERS[signal.carrier]))
    if not data.signals:
        raise DesaError(_("Isi sinyal setidaknya satu operator seluler."))
    limit = settings.max_speed_mbps()
    for speed in (data.download_mbps, data.upload_mbps):
        if speed is not None and not 0 <= speed <= limit:
            raise DesaError(_("Kecepatan harus antara 0 dan %(limit)s Mbps; periksa lagi hasil uji kecepatan.",
                              limit=limit))
    if (data.latitude is None) != (data.longitude is None):
        raise DesaError(_("Titik lokasi perlu garis lintang dan garis bujur."))
    if data.latitude is not None and not (-90 <= data.latitude <= 90 and -180 <= data.longitude <= 180):
        raise DesaError(_("Titik lokasi tidak valid."))
    if data.observed_on is not None and data.observed_on > today():
        raise DesaError(_("Tanggal survei tidak boleh di masa depan."))
    return desa


def outside_regency(latitude: float | None, longitude: float | None) -> bool:
    """Whether a point lies outside the regency's outline (kept, but flagged for Diskominfo).
    Outlines are simplified to about 100 m, so a point within ~0.01° of the regency counts as in."""
    if latitude is None or longitude is None:
        return False
    south, north, west, east = INDONESIA
    if not (south <= latitude <= north and west <= longitude <= east):
        return True
    shapes = regencies([current_tenant.region_code], tolerance=0.001)
    if not shapes:
        return False  # no outline shipped: only the country's box is known
    nudges = ((0, 0), (MARGIN, 0), (-MARGIN, 0), (0, MARGIN), (0, -MARGIN))
    return not any(_inside(longitude + dx, latitude + dy, shape) for shape in shapes for dx, dy in nudges)


MARGIN = 0.01


def _inside(x: float, y: float, shape: Shape) -> bool:
    """Even-odd ray casting over every ring of every polygon (holes included)."""
    inside = False
    for polygon in shape.polygons:
        for ring in polygon:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                    inside = not inside
    return inside


def by_token(token: str) -> Survey | None:
    return tenant_db.session.scalar(select(Survey).where(Survey.client_token == token))


def _photo(photo: tuple[BinaryIO, str]) -> tuple[str, str]:
    stream, filename = photo
    limit = settings.photo_max_bytes()
    try:
        checked = check_upload(read_upload(stream, limit), filename, kinds=PHOTO_KINDS, max_bytes=limit,
                               max_pixels=settings.photo_max_pixels(), label=_("Foto survei"))
    except UploadError as exc:
        raise DesaError(str(exc)) from None
    key = tenant_storage().save(io.BytesIO(checked.data), checked.display_name, folder="desa_terhubung/surveys")
    return key, checked.media_type


def submit(data: SurveyInput, token: str, *, user_id: int | None,
           photo: tuple[BinaryIO, str] | None = None) -> tuple[Survey, bool]:
    """Record a survey (commits). Returns the survey and whether it is new: the same ``token``
    sent again (a flaky connection, a double tap) returns the first survey and stores nothing."""
    token = (token or "").strip()
    if not 16 <= len(token) <= 64:
        raise DesaError(_("Formulir kedaluwarsa; buka lagi halaman survei."))
    existing = by_token(token)
    if existing is not None:
        return existing, False
    _check(data)
    photo_key, photo_type = _photo(photo) if photo is not None else (None, None)
    survey = Survey(
        desa_code=data.desa_code, source=data.source, observed_on=data.observed_on or today(), status="submitted",
        fixed_internet=data.fixed_internet, electricity=data.electricity, public_access=data.public_access[:200],
        download_mbps=data.download_mbps, upload_mbps=data.upload_mbps, latitude=data.latitude,
        longitude=data.longitude, location_outside=outside_regency(data.latitude, data.longitude),
        photo_key=photo_key, photo_type=photo_type, notes=data.notes[:4000], client_token=token,
        submitted_by_user_id=user_id,
        signals=[SurveySignal(carrier=s.carrier, technology=s.technology, strength=s.strength) for s in data.signals],
    )
    session = tenant_db.session
    session.add(survey)
    try:
        session.flush()
    except IntegrityError:  # the same form sent twice at once: the other request stored it
        session.rollback()
        existing = by_token(token)
        if existing is None:
            raise
        if photo_key:
            tenant_storage().delete(photo_key)
        return existing, False
    record("desa_terhubung.survey.submit", "desa_terhubung_survey", survey.id, desa=survey.desa_code)
    session.commit()
    return survey, True


def get(survey_id: int) -> Survey | None:
    return tenant_db.session.get(Survey, survey_id)


def photo_bytes(survey: Survey) -> bytes:
    with tenant_storage().open(survey.photo_key) as handle:
        return handle.read()


def _review(survey_id: int, status: str, user_id: int | None, note: str) -> Survey:
    survey = get(survey_id)
    if survey is None:
        raise DesaError(_("Survei tidak ditemukan."))
    if status == "questioned" and len(note.strip()) < 5:
        raise DesaError(_("Tulis apa yang perlu diperiksa lagi (minimal 5 huruf)."))
    survey.status = status
    survey.reviewed_by_user_id = user_id
    survey.reviewed_at = datetime.now(UTC)
    survey.review_note = note.strip()[:500]
    record("desa_terhubung.survey.verify" if status == "verified" else "desa_terhubung.survey.question",
           "desa_terhubung_survey", survey.id,
           desa=survey.desa_code)
    tenant_db.session.commit()
    return survey


def verify(survey_id: int, user_id: int | None, note: str = "") -> Survey:
    """Diskominfo accepts the survey; if it is the desa's latest verified one, it sets the status."""
    return _review(survey_id, "verified", user_id, note)


def question(survey_id: int, user_id: int | None, note: str) -> Survey:
    """Diskominfo asks the operator to check again; the survey no longer counts for the status."""
    return _review(survey_id, "questioned", user_id, note)


def waiting() -> list[Survey]:
    """Surveys waiting for Diskominfo, oldest first."""
    return list(tenant_db.session.scalars(
        select(Survey).where(Survey.status == "submitted").order_by(Survey.submitted_at, Survey.id)))


def history(desa_code: str) -> list[Survey]:
    """Every survey of a desa, newest first."""
    return list(tenant_db.session.scalars(
        select(Survey).where(Survey.desa_code == desa_code).order_by(Survey.observed_on.desc(), Survey.id.desc())))


def by_user(user_id: int, limit: int = 20) -> list[Survey]:
    return list(tenant_db.session.scalars(
        select(Survey).where(Survey.submitted_by_user_id == user_id).order_by(Survey.id.desc()).limit(limit)))
