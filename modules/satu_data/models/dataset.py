"""A dataset, its versions (what a producer submits and the walidata reviews), their resources
(tables and links) and the history of each review step.

The dataset row carries the *published* metadata in flat search columns, so the portal, the
CKAN API and DCAT read one table; a version keeps the metadata exactly as it was submitted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    literal_column,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow

# Version states: being written, waiting for the walidata, sent back, refused, public, replaced by a newer release.
DRAFT, SUBMITTED, RETURNED, REJECTED, PUBLISHED, SUPERSEDED = (
    "draf", "diajukan", "dikembalikan", "ditolak", "terbit", "digantikan")


class Dataset(TenantModel):
    __tablename__ = "satu_data_dataset"
    __table_args__ = (
        Index("ix_satu_data_dataset_public", "published", "private", "package_id"),
        # Full-text search on PostgreSQL only (migration satu_data_0002); SQLite searches with LIKE.
        Index("ix_satu_data_dataset_fts",
              func.to_tsvector(literal_column("'simple'::regconfig"), literal_column("search_text")),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
        # fq on tags/groups/res_format/year (migration satu_data_0003); SQLite uses LIKE.
        *(Index(f"ix_satu_data_dataset_{column}", func.string_to_array(literal_column(column), literal_column("'|'")),
                postgresql_using="gin").ddl_if(dialect="postgresql")
          for column in ("tags_text", "groups_text", "formats_text", "years_text")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # URL name (CKAN's ``name``): lower-case letters, digits and hyphens, unique in the regency.
    name: Mapped[str] = mapped_column(String(100), unique=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("satu_data_plan.id"), nullable=True, index=True)
    # A module's living dataset ("<module key>.<dataset key>"), refreshed by the platform's schedule.
    living_key: Mapped[str | None] = mapped_column(String(80), nullable=True, unique=True)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Published metadata, copied from the version the walidata published ------------------
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    # CKAN's ``id``: given at the first publication, time-ordered, so a harvester paging by
    # ``id asc`` sees datasets published while it pages after the ones it already has.
    package_id: Mapped[str | None] = mapped_column(String(36), nullable=True, unique=True)
    published_version_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    organization: Mapped[str] = mapped_column(String(100), default="", index=True)
    # "|a|b|" lists, so one LIKE finds a value on both backends.
    groups_text: Mapped[str] = mapped_column(String(300), default="")
    tags_text: Mapped[str] = mapped_column(Text, default="")
    formats_text: Mapped[str] = mapped_column(String(100), default="")
    years_text: Mapped[str] = mapped_column(String(300), default="")
    license_id: Mapped[str] = mapped_column(String(40), default="")
    metadata_created: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    metadata_modified: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)
    # The CKAN package dict as published (resource URLs relative to the regency's host).
    package: Mapped[dict] = mapped_column(JSON, default=dict)

    versions: Mapped[list[DatasetVersion]] = relationship(
        "kiblat.modules.satu_data.models.dataset.DatasetVersion", back_populates="dataset",
        cascade="all, delete-orphan", order_by="kiblat.modules.satu_data.models.dataset.DatasetVersion.number")


class DatasetVersion(TenantModel):
    __tablename__ = "satu_data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("satu_data_dataset.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(14), default=DRAFT, index=True)
    # title, notes, topic, tags, license_id, frequency, temporal_start/end, spatial, contact, variables
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    review_note: Mapped[str] = mapped_column(Text, default="")

    dataset: Mapped[Dataset] = relationship(Dataset, back_populates="versions")
    resources: Mapped[list[Resource]] = relationship(
        "kiblat.modules.satu_data.models.dataset.Resource", cascade="all, delete-orphan",
        order_by="kiblat.modules.satu_data.models.dataset.Resource.id")
    events: Mapped[list[DatasetEvent]] = relationship(
        "kiblat.modules.satu_data.models.dataset.DatasetEvent", cascade="all, delete-orphan",
        order_by="kiblat.modules.satu_data.models.dataset.DatasetEvent.id")


class Resource(TenantModel):
    """One table (CSV/XLSX, stored) or link of a version."""

    __tablename__ = "satu_data_resource"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("satu_data_version.id", ondelete="CASCADE"), index=True)
    # CKAN's resource ``id``; stable across the copies a new draft makes.
    resource_uid: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(10))  # CSV, XLSX or the link's
    url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    storage_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    media_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    row_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Problems found against the version's variables: [{"row": 3, "column": "jumlah", "message": "…"}]
    problems: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DatasetEvent(TenantModel):
    """A step in a version's life: created, submitted, returned (with notes), published, rejected."""

    __tablename__ = "satu_data_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("satu_data_version.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(14))  # one of the version states
    note: Mapped[str] = mapped_column(Text, default="")
