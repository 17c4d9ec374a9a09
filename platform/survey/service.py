"""Offering completed services for rating, storing answers, and the regency's IKM report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.platform.core.texts import _
from kiblat.platform.core.times import as_utc
from kiblat.platform.modular.manifest import CompletedService, ModuleManifest
from kiblat.platform.survey import ikm
from kiblat.platform.survey.models import SurveyResponse
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

SUGGESTION_MAX = 1000


class SurveyError(ValueError):
    """Why an answer was refused, fit to show."""


@dataclass(frozen=True)
class Pending:
    """A completed service the citizen has not rated yet."""

    module: ModuleManifest
    service: CompletedService


def _enabled() -> list[ModuleManifest]:
    return [m for m in current_app.extensions["kiblat_modules"]
            if m.key in current_tenant.modules and m.completed_services is not None]


def completed(user_id: int) -> list[Pending]:
    """Every service this account received to the end, newest first, from every enabled module."""
    found = []
    for manifest in _enabled():
        hook: Callable[[int], list[CompletedService]] = manifest.hook("completed_services")
        found += [Pending(manifest, service) for service in hook(user_id)]
    return sorted(found, key=lambda p: p.service.completed_at, reverse=True)


def answered_refs(user_id: int) -> set[tuple[str, str]]:
    rows = tenant_db.session.execute(
        select(SurveyResponse.module_key, SurveyResponse.ref).where(SurveyResponse.user_id == user_id))
    return {(key, ref) for key, ref in rows}


def pending(user_id: int) -> list[Pending]:
    done = answered_refs(user_id)
    return [p for p in completed(user_id) if (p.module.key, p.service.ref) not in done]


def find_pending(user_id: int, module_key: str, ref: str) -> Pending | None:
    return next((p for p in pending(user_id) if p.module.key == module_key and p.service.ref == ref), None)


def answer(user_id: int, module_key: str, ref: str, scores: list[int], suggestion: str = "") -> SurveyResponse:
    """Store one rating (commits). The service must be this account's, completed and not yet rated."""
    item = find_pending(user_id, module_key, ref)
    if item is None:
        raise SurveyError(_("Layanan ini tidak dapat dinilai: sudah dinilai, belum selesai, atau bukan milik Anda."))
    if len(scores) != ikm.ELEMENT_COUNT or any(score not in (1, 2, 3, 4) for score in scores):
        raise SurveyError(_("Beri nilai 1 sampai 4 untuk kesembilan unsur."))
    suggestion = (suggestion or "").strip()
    if len(suggestion) > SUGGESTION_MAX:
        raise SurveyError(_("Saran paling banyak %(count)s karakter.", count=SUGGESTION_MAX))
    response = SurveyResponse(
        module_key=module_key, ref=ref, service_name=item.service.service[:200], unit_name=item.service.unit[:200],
        user_id=user_id, suggestion=suggestion, completed_at=item.service.completed_at,
        answered_at=datetime.now(UTC), **{f"u{n + 1}": score for n, score in enumerate(scores)})
    tenant_db.session.add(response)
    try:
        tenant_db.session.commit()
    except IntegrityError:  # the same service rated a moment ago in another tab
        tenant_db.session.rollback()
        raise SurveyError(_("Layanan ini sudah Anda nilai. Terima kasih.")) from None
    return response


# ---- the regency's report -------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    label: str
    result: ikm.Ikm


@dataclass(frozen=True)
class Report:
    year: int
    overall: ikm.Ikm | None
    by_service: list[Group]
    by_unit: list[Group]
    by_quarter: list[Group]
    suggestions: list[SurveyResponse]


QUARTER_NAMES = ("I", "II", "III", "IV")


def _groups(rows: list[SurveyResponse], key: Callable[[SurveyResponse], str]) -> list[Group]:
    buckets: dict[str, list[list[int]]] = {}
    for row in rows:
        buckets.setdefault(key(row), []).append(row.scores())
    groups = [Group(label, result) for label, answers in buckets.items() if (result := ikm.compute(answers))]
    return sorted(groups, key=lambda g: g.label)


def years() -> list[int]:
    """Years with answers (in the regency's time zone), newest first; at least this year."""
    zone = ZoneInfo(current_tenant.time_zone)
    found = {as_utc(at).astimezone(zone).year for at in tenant_db.session.scalars(select(SurveyResponse.answered_at))}
    found.add(datetime.now(zone).year)
    return sorted(found, reverse=True)


def report(year: int) -> Report:
    """The IKM of ``year`` (answers dated in the regency's time zone): overall, per service, per
    unit and per quarter (triwulan)."""
    zone = ZoneInfo(current_tenant.time_zone)
    start, end = datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)
    rows = list(tenant_db.session.scalars(
        select(SurveyResponse).where(SurveyResponse.answered_at >= start.astimezone(UTC),
                                     SurveyResponse.answered_at < end.astimezone(UTC))
        .order_by(SurveyResponse.answered_at)))

    def quarter(row: SurveyResponse) -> str:
        month = as_utc(row.answered_at).astimezone(zone).month
        return _("Triwulan %(number)s", number=QUARTER_NAMES[(month - 1) // 3])

    by_quarter = _groups(rows, quarter)  # "Triwulan I" … "Triwulan IV": Roman numerals sort wrongly
    by_quarter.sort(key=lambda g: QUARTER_NAMES.index(g.label.rsplit(" ", 1)[-1]))
    return Report(year, ikm.compute(r.scores() for r in rows), _groups(rows, lambda r: r.service_name),
                  _groups(rows, lambda r: r.unit_name), by_quarter,
                  [r for r in reversed(rows) if r.suggestion][:20])
