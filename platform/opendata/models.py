"""One row per public dataset of a regency, as published (CKAN's package dict and the flat
columns the search reads)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
)
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.platform.core.extensions import db


class OpenDataEntry(db.Model):
    __tablename__ = "open_data_index"
    __table_args__ = (UniqueConstraint("tenant_id", "source_name", name="uq_open_data_index_tenant_source"),
                      Index("ix_open_data_index_tenant_modified", "tenant_id", "metadata_modified"),
                      # Full text and list filters on PostgreSQL (control_0015); SQLite uses LIKE.
                      Index("ix_open_data_index_fts",
                            func.to_tsvector(literal_column("'simple'::regconfig"), literal_column("search_text")),
                            postgresql_using="gin").ddl_if(dialect="postgresql"),
                      *(Index(f"ix_open_data_index_{column}",
                              func.string_to_array(literal_column(column), literal_column("'|'")),
                              postgresql_using="gin").ddl_if(dialect="postgresql")
                        for column in ("tags_text", "groups_text", "formats_text", "years_text")))

    # CKAN's id of the dataset: unique across regencies (time-ordered UUIDs).
    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    # The regency's slug: the "regency" facet.
    regency: Mapped[str] = mapped_column(String(31), index=True)
    source_name: Mapped[str] = mapped_column(String(100))  # the dataset's name inside its regency
    name: Mapped[str] = mapped_column(String(140), unique=True)  # "<slug>-<name>": unique nationally
    title: Mapped[str] = mapped_column(String(300))
    search_text: Mapped[str] = mapped_column(Text, default="")
    organization: Mapped[str] = mapped_column(String(140), default="", index=True)
    groups_text: Mapped[str] = mapped_column(String(300), default="")
    tags_text: Mapped[str] = mapped_column(Text, default="")
    formats_text: Mapped[str] = mapped_column(String(100), default="")
    years_text: Mapped[str] = mapped_column(String(300), default="")
    license_id: Mapped[str] = mapped_column(String(40), default="")
    metadata_created: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    metadata_modified: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)
    # CKAN's package dict with links relative to the regency's host (made absolute when served).
    package: Mapped[dict] = mapped_column(JSON, default=dict)
