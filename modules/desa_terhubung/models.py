"""Desa Terhubung tables, all named ``desa_terhubung_*``.

Every desa of the regency is already in the core ``desa`` table; this module adds what is known
about its connectivity. Each observation is a **survey** (a village operator's visit, or a fact
Diskominfo copies from BPS Podes or BAKTI), dated and sourced, with one row per cellular operator
seen; Diskominfo verifies or questions it, and the latest verified survey of a desa is its status.
Plans, operators, training and targets sit beside it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow


class Survey(TenantModel):
    """One dated observation of a desa's connectivity. ``status``: submitted, verified, questioned."""

    __tablename__ = "desa_terhubung_survey"
    __table_args__ = (CheckConstraint("download_mbps IS NULL OR download_mbps >= 0", name="download_not_negative"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    desa_code: Mapped[str] = mapped_column(ForeignKey("desa.code"), index=True)
    # survey (a visit), podes (BPS Podes), bakti (BAKTI's list), diskominfo (the agency's own record)
    source: Mapped[str] = mapped_column(String(20), default="survey")
    observed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    fixed_internet: Mapped[str] = mapped_column(String(20), default="none")  # fibre, satellite, none
    electricity: Mapped[str] = mapped_column(String(20), default="pln")  # pln, partial, none
    public_access: Mapped[str] = mapped_column(String(200), default="")
    download_mbps: Mapped[float | None] = mapped_column(Float, nullable=True)
    upload_mbps: Mapped[float | None] = mapped_column(Float, nullable=True)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Coordinates outside the regency are kept but flagged.
    location_outside: Mapped[bool] = mapped_column(Boolean, default=False)
    photo_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    photo_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The form's one-time token: a second submission of the same form returns the first survey.
    client_token: Mapped[str] = mapped_column(String(64), unique=True)
    submitted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reviewed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    review_note: Mapped[str] = mapped_column(String(500), default="")

    signals: Mapped[list[SurveySignal]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="SurveySignal.id")


class SurveySignal(TenantModel):
    """What one cellular operator offers in the desa: technology and BPS signal category."""

    __tablename__ = "desa_terhubung_signal"
    __table_args__ = (UniqueConstraint("survey_id", "carrier"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("desa_terhubung_survey.id", ondelete="CASCADE"), index=True)
    carrier: Mapped[str] = mapped_column(String(20))  # telkomsel, indosat, xl, smartfren, lain
    technology: Mapped[str] = mapped_column(String(10))  # 4g, 3g, 2g, none
    strength: Mapped[str] = mapped_column(String(20))  # very_strong, strong, weak, none

    survey: Mapped[Survey] = relationship(back_populates="signals")


class Target(TenantModel):
    """The regency's target, e.g. 0 blankspot desa by 2027."""

    __tablename__ = "desa_terhubung_target"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    max_blankspot: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Plan(TenantModel):
    """An improvement planned for one desa: a tower, satellite, a subscription, power."""

    __tablename__ = "desa_terhubung_plan"
    __table_args__ = (CheckConstraint("budget >= 0", name="budget_not_negative"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    desa_code: Mapped[str] = mapped_column(ForeignKey("desa.code"), index=True)
    what: Mapped[str] = mapped_column(String(300))
    funding: Mapped[str] = mapped_column(String(20))  # apbd, dana_desa, bakti, operator, csr
    budget: Mapped[int] = mapped_column(BigInteger, default=0)  # whole Rupiah
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned, funded, building, done, cancelled
    expected_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Operator(TenantModel):
    """A village operator on the roster (usually with an account holding the desa placement)."""

    __tablename__ = "desa_terhubung_operator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    desa_code: Mapped[str] = mapped_column(ForeignKey("desa.code"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(30), default="")
    since: Mapped[date] = mapped_column(Date)
    certified_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Training(TenantModel):
    __tablename__ = "desa_terhubung_training"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")


class Attendance(TenantModel):
    __tablename__ = "desa_terhubung_attendee"
    __table_args__ = (UniqueConstraint("training_id", "operator_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("desa_terhubung_training.id", ondelete="CASCADE"), index=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("desa_terhubung_operator.id", ondelete="CASCADE"), index=True)
