"""Control-plane tables: which tenants exist, their hosts, branding, modules and revisions."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
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


class ServerStatus(enum.StrEnum):
    OPEN = "open"  # new tenants may be placed here
    DRAINING = "draining"  # serves its tenants, takes no new ones; tenants are being moved away
    CLOSED = "closed"  # serves its tenants, takes no new ones and no moves


# The database server of KIBLAT_DATABASE_URL, which also holds the control plane.
DEFAULT_SERVER = "default"


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
    # The database server (``database_servers.name``) holding the tenant's schema; "default" is
    # the one in KIBLAT_DATABASE_URL. Changed only by a move's switch step.
    database_server: Mapped[str] = mapped_column(String(40), default=DEFAULT_SERVER, server_default=DEFAULT_SERVER)
    # Writes answer "under maintenance" while the tenant's schema is being moved.
    read_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
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
    # The name the regency shows its citizens instead of the module's own ("Perizinan Online
    # Binjai" for Sri Deli); empty means the module's name.
    display_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
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


class DatabaseServer(db.Model):
    """A PostgreSQL server tenants are placed on. The ``default`` row, when there is one, has no
    URL (it is KIBLAT_DATABASE_URL) and only carries its capacity and status."""

    __tablename__ = "database_servers"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Most tenants it may hold; None: no limit.
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[ServerStatus] = mapped_column(_enum(ServerStatus), default=ServerStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TenantMove(db.Model):
    """The journal of ``kiblat tenants move``: the step a move reached, committed together with
    that step's change to the control plane, so a move killed anywhere is resumed where it was."""

    __tablename__ = "tenant_moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_slug: Mapped[str] = mapped_column(String(31), index=True)
    source: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(40))
    # running | failed | succeeded | aborted
    status: Mapped[str] = mapped_column(String(20), default="running")
    # The last step finished (None: none yet).
    step: Mapped[str | None] = mapped_column(String(20), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Per table: rows and checksum, as verified on both servers.
    verified: Mapped[dict] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
