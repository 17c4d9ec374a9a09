"""Control-plane records of provisioning: runs, their steps, template copies, audit events.

Rows name tenants by slug, not by foreign key, so the journal and the audit trail
outlive a deleted tenant.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.platform.core.extensions import db
from kiblat.tenants.models import utcnow


def new_run_id() -> str:
    return uuid.uuid4().hex


class ProvisioningRun(db.Model):
    __tablename__ = "provisioning_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_run_id)
    tenant_slug: Mapped[str] = mapped_column(String(31), index=True)
    # queued | running | failed | succeeded
    status: Mapped[str] = mapped_column(String(20), default="queued")
    spec: Mapped[dict] = mapped_column(JSON)
    current_step: Mapped[str | None] = mapped_column(String(40), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    steps: Mapped[list[ProvisioningStep]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="ProvisioningStep.position"
    )


class ProvisioningStep(db.Model):
    __tablename__ = "provisioning_steps"
    __table_args__ = (UniqueConstraint("run_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("provisioning_runs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(40))
    # running | done | unchanged | failed
    status: Mapped[str] = mapped_column(String(20), default="running")
    changes: Mapped[list] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    run: Mapped[ProvisioningRun] = relationship(back_populates="steps")


class TemplateCopy(db.Model):
    """Where a tenant's module configuration came from (``template:`` in its spec)."""

    __tablename__ = "provisioning_template_copies"
    __table_args__ = (UniqueConstraint("tenant_slug", "module_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_slug: Mapped[str] = mapped_column(String(31), index=True)
    module_key: Mapped[str] = mapped_column(String(40))
    source_slug: Mapped[str] = mapped_column(String(31))
    rows: Mapped[dict] = mapped_column(JSON, default=dict)
    copied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TenantAuditEvent(db.Model):
    """Lifecycle events kept after the tenant itself is gone (archive, delete)."""

    __tablename__ = "tenant_audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_slug: Mapped[str] = mapped_column(String(31), index=True)
    region_code: Mapped[str] = mapped_column(String(5))
    action: Mapped[str] = mapped_column(String(20))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProvisioningRequest(db.Model):
    """A spec handed by ``kiblat tenants create`` to a running worker (``provisioning/handoff.py``
    writes and reads these rows with plain DB-API statements: keep the two in step).

    requested → taken (the worker validated it and started ``run_id``) or refused (``errors_json``
    names the bad fields); withdrawn when no worker took it in time and the command ran it itself.
    """

    __tablename__ = "provisioning_requests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_run_id)
    spec_json: Mapped[str] = mapped_column(Text)
    require_admin: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20), index=True)
    run_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    step_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    errors_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    requested_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch


class ProvisioningWorker(db.Model):
    """A running ``kiblat worker`` that takes provisioning requests, and when it last said so."""

    __tablename__ = "provisioning_workers"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    seen_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch
