"""The village operator network: the roster, training sessions and who attended them."""

from __future__ import annotations

from collections import Counter
from datetime import date

from flask import current_app
from sqlalchemy import select

from kiblat.modules.desa_terhubung.models import Attendance, Operator, Training
from kiblat.modules.desa_terhubung.services.errors import DesaError
from kiblat.platform.core.texts import _
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import User
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa


def add(desa_code: str, name: str, phone: str = "", since: date | None = None, email: str = "") -> Operator:
    """Put an operator on the roster; ``email`` links their account when they have one."""
    session = tenant_db.session
    if session.get(Desa, desa_code or "") is None:
        raise DesaError(_("Desa/kelurahan tidak ditemukan di kabupaten/kota ini."))
    name = (name or "").strip()
    if len(name) < 2:
        raise DesaError(_("Nama operator wajib diisi."))
    user_id = None
    if email.strip():
        user_id = session.scalar(select(User.id).where(User.email == email.strip().lower()))
        if user_id is None:
            raise DesaError(_("Tidak ada akun dengan email itu di kabupaten/kota ini."))
        if session.scalar(select(Operator.id).where(Operator.user_id == user_id)) is not None:
            raise DesaError(_("Akun itu sudah ada di daftar operator."))
    operator = Operator(desa_code=desa_code, name=name[:120], phone=(phone or "").strip()[:30],
                        since=since or date.today(), user_id=user_id)
    session.add(operator)
    session.flush()
    record("desa_terhubung.operator.add", "desa_terhubung_operator", operator.id, desa=desa_code)
    session.commit()
    return operator


def roster() -> list[Operator]:
    return list(tenant_db.session.scalars(
        select(Operator).where(Operator.active.is_(True)).order_by(Operator.desa_code, Operator.name)))


def of_desa(desa_code: str) -> list[Operator]:
    return [o for o in roster() if o.desa_code == desa_code]


def add_training(title: str, held_on: date | None, place: str = "") -> Training:
    title = (title or "").strip()
    if len(title) < 5:
        raise DesaError(_("Tulis nama pelatihan (minimal 5 huruf)."))
    if held_on is None:
        raise DesaError(_("Tanggal pelatihan wajib diisi."))
    training = Training(title=title[:200], held_on=held_on, place=(place or "").strip()[:200])
    tenant_db.session.add(training)
    tenant_db.session.flush()
    record("desa_terhubung.training.add", "desa_terhubung_training", training.id)
    tenant_db.session.commit()
    return training


def trainings() -> list[Training]:
    return list(tenant_db.session.scalars(select(Training).order_by(Training.held_on.desc(), Training.id.desc())))


def attend(training_id: int, operator_id: int, certified: bool = False) -> Attendance:
    """Record that an operator attended (idempotent); ``certified`` also certifies them that day."""
    session = tenant_db.session
    training, operator = session.get(Training, training_id), session.get(Operator, operator_id)
    if training is None or operator is None:
        raise DesaError(_("Pelatihan atau operator tidak ditemukan."))
    found = session.scalar(select(Attendance).where(Attendance.training_id == training_id,
                                                    Attendance.operator_id == operator_id))
    if found is None:
        found = Attendance(training_id=training_id, operator_id=operator_id)
        session.add(found)
    if certified and operator.certified_on is None:
        operator.certified_on = training.held_on
    session.flush()
    record("desa_terhubung.training.attend", "desa_terhubung_training", training_id, operator=operator_id)
    session.commit()
    return found


def attendance_counts() -> Counter:
    """Operator id → how many trainings they attended."""
    return Counter(tenant_db.session.scalars(select(Attendance.operator_id)))


def attendees(training_id: int) -> list[Operator]:
    return list(tenant_db.session.scalars(
        select(Operator).join(Attendance, Attendance.operator_id == Operator.id)
        .where(Attendance.training_id == training_id).order_by(Operator.name)))


def workload() -> Counter:
    """User id → citizens they served through other modules' assisted filing. Read from every
    enabled module's ``assisted_services`` hook; this module names none of them."""
    served: Counter = Counter()
    for manifest in current_app.extensions["kiblat_modules"]:
        if manifest.key in current_tenant.modules and manifest.assisted_services:
            for row in manifest.hook("assisted_services")():
                served[row.user_id] += row.count
    return served
