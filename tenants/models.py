"""Control-plane tables: which tenants exist, their hosts, branding, modules and revisions."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import JSON, Boolean, DateTime, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.platform.core.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class TenantStatus(enum.StrEnum):
    PROVISIONING = "provisioning"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ARCHIVED = "archived"


class TenantKind(enum.StrEnum):
    KABUPATEN = "kabupaten"
    KOTA = "kota"


def _enum(cls: type[enum.Enum]) -> Enum:
    """Stored as the lower-case value, checked by the application (no native DB enum)."""
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


# A slug names a tenant in host names, schemas and files: the spec, the CLI and the wizard check it.
SLUG_PATTERN = r"^[a-z][a-z0-9-]{1,30}$"


class Tenant(db.Model):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(31), unique=True)
    official_name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(String(5), ForeignKey("regions_regency.code"), unique=True)
    kind: Mapped[TenantKind] = mapped_column(_enum(TenantKind))
    province_code: Mapped[str] = mapped_column(String(2), ForeignKey("regions_province.code"))
    time_zone: Mapped[str] = mapped_column(String(40))
    status: Mapped[TenantStatus] = mapped_column(_enum(TenantStatus), default=TenantStatus.PROVISIONING)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    domains: Mapped[list[Domain]] = relationship(back_populates="tenant", cascade="all, delete-orphan")
    branding: Mapped[Branding | None] = relationship(back_populates="tenant", cascade="all, delete-orphan")
    modules: Mapped[list[ModuleEnablement]] = relationship(back_populates="tenant", cascade="all, delete-orphan")
    revisions: Mapped[list[TenantRevision]] = relationship(back_populates="tenant", cascade="all, delete-orphan")


class Domain(db.Model):
    __tablename__ = "tenant_domains"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    host: Mapped[str] = mapped_column(String(253), unique=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    tenant: Mapped[Tenant] = relationship(back_populates="domains")


class Branding(db.Model):
    __tablename__ = "tenant_branding"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    primary_color: Mapped[str] = mapped_column(String(7), default="#0b6e4f")
    accent_color: Mapped[str] = mapped_column(String(7), default="#f2a900")
    tagline: Mapped[str] = mapped_column(String(200), default="")
    head_title: Mapped[str] = mapped_column(String(60), default="")
    head_name: Mapped[str] = mapped_column(String(120), default="")
    # Storage key of the logo inside the tenant's own storage root, if uploaded.
    logo_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    tenant: Mapped[Tenant] = relationship(back_populates="branding")


class ModuleEnablement(db.Model):
    __tablename__ = "tenant_modules"
    __table_args__ = (UniqueConstraint("tenant_id", "module_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    module_key: Mapped[str] = mapped_column(String(40))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    installed_version: Mapped[str | None] = mapped_column(String(40), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    tenant: Mapped[Tenant] = relationship(back_populates="modules")


class TenantRevision(db.Model):
    """The Alembic revision a tenant's schema is at, per migration branch (core or module key)."""

    __tablename__ = "tenant_revisions"
    __table_args__ = (UniqueConstraint("tenant_id", "branch"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    branch: Mapped[str] = mapped_column(String(40))
    revision: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    tenant: Mapped[Tenant] = relationship(back_populates="revisions")


class PlatformState(db.Model):
    """Small shared counters; ``tenants_version`` tells every worker its tenant cache is stale."""

    __tablename__ = "platform_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
