"""Kenang Lemu tables, all named ``kenang_lemu_*``.

Configuration (copied from a template regency): the museum's profile and its collections.
Museum data: objects, their images, exhibitions and the objects shown in them.

An object's fields follow Dublin Core (dcterms) so exports and OAI-PMH map them one to one;
``search_text`` gathers the published texts for full-text search (a GIN index on PostgreSQL,
LIKE on SQLite).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow


class Museum(TenantModel):
    """One row: the museum's profile and its ticketing place in Kunjungan."""

    __tablename__ = "kenang_lemu_museum"
    __table_args__ = (CheckConstraint("museum_type IN ('', 'A', 'B', 'C')", name="museum_type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    about: Mapped[str] = mapped_column(Text, default="")
    about_en: Mapped[str] = mapped_column(Text, default="")
    registration_number: Mapped[str] = mapped_column(String(60), default="")
    museum_type: Mapped[str] = mapped_column(String(1), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    opening_hours: Mapped[str] = mapped_column(String(300), default="")
    place_key: Mapped[str] = mapped_column(String(60), default="museum")


class Collection(TenantModel):
    """A collection (category) of the museum; also an OAI-PMH set (``setSpec`` = ``key``)."""

    __tablename__ = "kenang_lemu_collection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class MuseumObject(TenantModel):
    __tablename__ = "kenang_lemu_object"
    __table_args__ = (
        Index("ix_kenang_lemu_object_public", "published", "updated_at"),
        # Full-text search on PostgreSQL only (in the initial migration); SQLite searches with LIKE.
        Index("ix_kenang_lemu_object_fts",
              func.to_tsvector(literal_column("'simple'::regconfig"), literal_column("search_text")),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inventory_number: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    collection_id: Mapped[int | None] = mapped_column(ForeignKey("kenang_lemu_collection.id"), nullable=True,
                                                      index=True)
    material: Mapped[str] = mapped_column(String(120), default="")
    dimensions: Mapped[str] = mapped_column(String(120), default="")
    period: Mapped[str] = mapped_column(String(120), default="")
    origin: Mapped[str] = mapped_column(String(160), default="")
    # Kemendagri code of the kecamatan or desa of origin when it is in the regency ("" otherwise);
    # ``origin`` then holds its name, so browse, search and exports read one column.
    origin_code: Mapped[str] = mapped_column(String(20), default="")
    culture: Mapped[str] = mapped_column(String(120), default="")
    acquisition_method: Mapped[str] = mapped_column(String(60), default="")
    acquisition_date: Mapped[str] = mapped_column(String(40), default="")
    acquisition_source: Mapped[str] = mapped_column(String(200), default="")
    condition: Mapped[str] = mapped_column(String(120), default="")
    location: Mapped[str] = mapped_column(String(160), default="")
    rights: Mapped[str] = mapped_column(String(200), default="")
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    collection: Mapped[Collection | None] = relationship()
    images: Mapped[list[Image]] = relationship(order_by="Image.position, Image.id", back_populates="object",
                                               cascade="all, delete-orphan")


class Image(TenantModel):
    """An image of an object, stored in three sizes (JPEG, re-encoded, no metadata)."""

    __tablename__ = "kenang_lemu_image"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    object_id: Mapped[int] = mapped_column(ForeignKey("kenang_lemu_object.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    alt: Mapped[str] = mapped_column(String(300))
    alt_en: Mapped[str] = mapped_column(String(300), default="")
    thumbnail_key: Mapped[str] = mapped_column(String(300))
    display_key: Mapped[str] = mapped_column(String(300))
    large_key: Mapped[str] = mapped_column(String(300))
    width: Mapped[int] = mapped_column(Integer)  # of the large size
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    object: Mapped[MuseumObject] = relationship(back_populates="images")


class Exhibition(TenantModel):
    """A curated, ordered set of objects with an introduction: permanent or temporary (dates)."""

    __tablename__ = "kenang_lemu_exhibition"
    __table_args__ = (CheckConstraint("kind IN ('permanent', 'temporary')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    intro: Mapped[str] = mapped_column(Text, default="")
    intro_en: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(10), default="permanent")
    starts_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    items: Mapped[list[ExhibitionItem]] = relationship(order_by="ExhibitionItem.position, ExhibitionItem.id",
                                                       cascade="all, delete-orphan")


class ExhibitionItem(TenantModel):
    __tablename__ = "kenang_lemu_exhibition_item"
    __table_args__ = (UniqueConstraint("exhibition_id", "object_id", name="object_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exhibition_id: Mapped[int] = mapped_column(ForeignKey("kenang_lemu_exhibition.id"), index=True)
    object_id: Mapped[int] = mapped_column(ForeignKey("kenang_lemu_object.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    object: Mapped[MuseumObject] = relationship()


class DeletedRecord(TenantModel):
    """An OAI-PMH tombstone: a once-published object that was withdrawn or deleted.

    Harvesters that copied the record learn of its removal from ``<header status="deleted">``
    (the repository declares ``deletedRecord`` persistent). Publishing the object again removes
    its tombstone. No content is kept: only the id, the set it was in and when it went.
    """

    __tablename__ = "kenang_lemu_deleted_record"

    object_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    set_spec: Mapped[str] = mapped_column(String(60), default="")
    deleted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
