"""The permit catalogue: configuration a regency copies from a template regency."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.tenants.database import TenantModel


class PermitType(TenantModel):
    """One permit a citizen can apply for.

    ``documents``: ``[{"key", "label", "required"}]``; ``fields``: ``[{"key", "label",
    "type": text|number|date|select, "required", "options"?}]``; ``stages``: ordered
    ``[{"key", "label", "permission"}]``; the fee is ``fee_amount`` (fixed) or
    ``fee_formula`` over the numeric fields (see services/fees.py).
    """

    __tablename__ = "sri_deli_permit_type"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # Matched against Opd.short_name, so the catalogue can be copied between regencies.
    opd_short_name: Mapped[str] = mapped_column(String(40))
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    documents: Mapped[list] = mapped_column(JSON, default=list)
    fields: Mapped[list] = mapped_column(JSON, default=list)
    fee_kind: Mapped[str] = mapped_column(String(10), default="fixed")  # fixed | formula
    fee_amount: Mapped[int] = mapped_column(Integer, default=0)
    fee_formula: Mapped[str] = mapped_column(String(300), default="")
    sla_days: Mapped[int] = mapped_column(Integer)
    validity_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stages: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
