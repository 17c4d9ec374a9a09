"""The catalogue: objects, their Dublin Core fields, publishing, faceted browse and search.

Search uses the database's own full-text search: PostgreSQL matches
``to_tsvector('simple', search_text) @@ plainto_tsquery('simple', …)`` through a GIN index on
that expression ('simple': no stemming, so Indonesian and English words match as written);
SQLite, which has no such index here, matches every word with LIKE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, select
from sqlalchemy.exc import IntegrityError

from kiblat.modules.kenang_lemu.models import (
    Collection,
    DeletedRecord,
    ExhibitionItem,
    Image,
    MuseumObject,
)
from kiblat.modules.kenang_lemu.services.errors import KenangLemuError
from kiblat.platform.regions.lookup import region_name
from kiblat.tenants.database import tenant_db

# Every text field of an object a curator may set, with its length limit.
TEXT_FIELDS = {
    "inventory_number": 60, "title": 200, "title_en": 200, "description": 20_000, "description_en": 20_000,
    "material": 120, "dimensions": 120, "period": 120, "origin": 160, "culture": 120,
    "acquisition_method": 60, "acquisition_date": 40, "acquisition_source": 200, "condition": 120,
    "location": 160, "rights": 200, "origin_code": 20,
}
FIELD_NAMES = {
    "inventory_number": "Nomor inventaris", "title": "Judul", "title_en": "Judul (Inggris)",
    "description": "Deskripsi", "description_en": "Deskripsi (Inggris)", "material": "Bahan",
    "dimensions": "Ukuran", "period": "Periode", "origin": "Asal", "culture": "Budaya/suku",
    "acquisition_method": "Cara perolehan", "acquisition_date": "Tanggal perolehan",
    "acquisition_source": "Diperoleh dari", "condition": "Kondisi", "location": "Lokasi", "rights": "Hak",
    "origin_code": "Kode wilayah asal",
}
# The facets of the public browse: URL parameter → column.
FACETS = ("koleksi", "bahan", "periode", "asal", "budaya")
_FACET_COLUMNS = {"bahan": MuseumObject.material, "periode": MuseumObject.period, "asal": MuseumObject.origin,
                  "budaya": MuseumObject.culture}


def _now() -> datetime:
    return datetime.now(UTC)


def search_text(obj: MuseumObject, collection: Collection | None) -> str:
    parts = [obj.inventory_number, obj.title, obj.title_en, obj.description, obj.description_en, obj.material,
             obj.period, obj.origin, obj.culture]
    if collection is not None:
        parts += [collection.name, collection.name_en]
    return "\n".join(p for p in parts if p).lower()


def origin_name(code: str) -> str | None:
    """The name an origin code is shown with: the kecamatan, or the desa and its kecamatan
    ("Bangun Sari, Tanjung Morawa"); None when the code is no kecamatan or desa of this regency."""
    if not re.fullmatch(r"\d{2}\.\d{2}\.\d{2}(\.\d{4})?", code):
        return None
    name = region_name(code)
    if name is None:
        return None
    if code.count(".") == 3:
        kecamatan = region_name(code.rsplit(".", 1)[0])
        return f"{name}, {kecamatan}" if kecamatan else name
    return name


def origin_for(code: str) -> str:
    """The ``origin`` text for an origin code (the name is what people read; the code is what
    stays true when a desa is renamed)."""
    name = origin_name(code)
    if name is None:
        raise KenangLemuError(f"Kode wilayah asal {code} bukan kecamatan atau desa di daerah ini.")
    return name[:160]


def note_publication(obj: MuseumObject, was_published: bool, now: datetime | None = None) -> None:
    """Keeps the OAI-PMH tombstones right after ``obj`` changed state (not committed): a
    published object that leaves the public site gets one, one published again loses it."""
    session = tenant_db.session
    tombstone = session.get(DeletedRecord, obj.id) if obj.id is not None else None
    if obj.published and tombstone is not None:
        session.delete(tombstone)
    elif was_published and not obj.published:
        if tombstone is None:
            tombstone = DeletedRecord(object_id=obj.id)
            session.add(tombstone)
        tombstone.set_spec = obj.collection.key if obj.collection is not None else ""
        tombstone.deleted_at = now or _now()


def get(object_id: int) -> MuseumObject | None:
    return tenant_db.session.get(MuseumObject, object_id)


def get_published(object_id: int) -> MuseumObject | None:
    found = get(object_id)
    return found if found is not None and found.published else None


def by_inventory_number(number: str) -> MuseumObject | None:
    return tenant_db.session.scalar(select(MuseumObject).where(MuseumObject.inventory_number == number.strip()))


def save(values: dict, collection_key: str = "", object_id: int | None = None) -> MuseumObject:
    """Creates (``object_id`` None) or updates an object from ``values`` (field → text)."""
    session = tenant_db.session
    cleaned = {}
    for name, limit in TEXT_FIELDS.items():
        if name not in values and object_id is not None:
            continue
        value = (values.get(name) or "").strip()
        if len(value) > limit:
            raise KenangLemuError(f"{FIELD_NAMES[name]} paling banyak {limit} karakter.")
        cleaned[name] = value
    obj = MuseumObject() if object_id is None else get(object_id)
    if obj is None:
        raise KenangLemuError("Koleksi tidak ditemukan.")
    number = cleaned.get("inventory_number", obj.inventory_number)
    title = cleaned.get("title", obj.title)
    if not number:
        raise KenangLemuError("Nomor inventaris wajib diisi.")
    if not title:
        raise KenangLemuError("Judul wajib diisi.")
    other = by_inventory_number(number)
    if other is not None and other.id != obj.id:
        raise KenangLemuError(f"Nomor inventaris {number} sudah dipakai oleh “{other.title}”.")
    collection = None
    if collection_key:
        collection = session.scalar(select(Collection).where(Collection.key == collection_key))
        if collection is None:
            raise KenangLemuError("Koleksi (kategori) tidak dikenal.")
    code = cleaned.get("origin_code", obj.origin_code)
    if code:
        cleaned["origin"] = origin_for(code)
    for name, value in cleaned.items():
        setattr(obj, name, value)
    obj.collection_id = collection.id if collection else None
    obj.search_text = search_text(obj, collection)
    obj.updated_at = _now()
    if object_id is None:
        session.add(obj)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise KenangLemuError(f"Nomor inventaris {number} sudah dipakai.") from None
    return obj


def set_published(obj: MuseumObject, published: bool) -> MuseumObject:
    """Publishing needs a title and, for objects on display, nothing else: objects in storage
    (no location) may be published too."""
    if published and not obj.title:
        raise KenangLemuError("Judul wajib diisi sebelum diterbitkan.")
    was_published = obj.published
    obj.published = published
    obj.updated_at = _now()
    note_publication(obj, was_published, obj.updated_at)
    tenant_db.session.commit()
    return obj


def delete(obj: MuseumObject) -> None:
    session = tenant_db.session
    if obj.published:
        obj.published = False
        note_publication(obj, True)
    session.query(ExhibitionItem).filter(ExhibitionItem.object_id == obj.id).delete()
    session.delete(obj)
    session.commit()


def all_objects() -> list[MuseumObject]:
    """Every object, drafts included (for curators), newest change first."""
    return list(tenant_db.session.scalars(select(MuseumObject).order_by(MuseumObject.updated_at.desc(),
                                                                        MuseumObject.id.desc())))


def count(published_only: bool = False) -> int:
    statement = select(func.count(MuseumObject.id))
    if published_only:
        statement = statement.where(MuseumObject.published.is_(True))
    return tenant_db.session.scalar(statement) or 0


# Public browse -------------------------------------------------------------------------------


@dataclass
class Browse:
    text: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1


@dataclass
class BrowseResult:
    objects: list[MuseumObject]
    total: int
    page: int
    pages: int
    facets: dict[str, list[tuple[str, str, int]]]  # facet → (value, label, count)
    thumbnails: dict[int, Image]


def _text_condition(text: str) -> ColumnElement | None:
    words = [w for w in re.findall(r"\w+", text.lower()) if w]
    if not words:
        return None
    if tenant_db.session.get_bind().dialect.name == "postgresql":
        config = literal_column("'simple'::regconfig")  # a literal: the expression the GIN index holds
        return func.to_tsvector(config, MuseumObject.search_text).op("@@")(
            func.plainto_tsquery(config, " ".join(words)))
    conditions = []
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(MuseumObject.search_text.like(f"%{escaped}%", escape="\\"))
    return and_(*conditions)


def _conditions(query: Browse, skip: str | None = None) -> list[ColumnElement]:
    conditions: list[ColumnElement] = [MuseumObject.published.is_(True)]
    text = _text_condition(query.text)
    if text is not None:
        conditions.append(text)
    for facet, value in query.filters.items():
        if facet == skip or not value:
            continue
        if facet == "koleksi":
            conditions.append(MuseumObject.collection_id.in_(select(Collection.id).where(Collection.key == value)))
        elif facet in _FACET_COLUMNS:
            conditions.append(_FACET_COLUMNS[facet] == value)
    return conditions


def _facet_counts(query: Browse) -> dict[str, list[tuple[str, str, int]]]:
    session = tenant_db.session
    facets: dict[str, list[tuple[str, str, int]]] = {}
    rows = session.execute(
        select(Collection.key, Collection.name, func.count(MuseumObject.id))
        .join(MuseumObject, MuseumObject.collection_id == Collection.id)
        .where(*_conditions(query, skip="koleksi"))
        .group_by(Collection.key, Collection.name, Collection.position).order_by(Collection.position))
    facets["koleksi"] = [(key, name, n) for key, name, n in rows]
    for facet, column in _FACET_COLUMNS.items():
        rows = session.execute(select(column, func.count(MuseumObject.id)).where(*_conditions(query, skip=facet),
                                                                                 column != "")
                               .group_by(column).order_by(func.count(MuseumObject.id).desc(), column).limit(30))
        facets[facet] = [(value, value, n) for value, n in rows]
    return facets


def first_images(object_ids: list[int]) -> dict[int, Image]:
    if not object_ids:
        return {}
    found: dict[int, Image] = {}
    for image in tenant_db.session.scalars(select(Image).where(Image.object_id.in_(object_ids))
                                           .order_by(Image.position, Image.id)):
        found.setdefault(image.object_id, image)
    return found


def browse(query: Browse, per_page: int) -> BrowseResult:
    session = tenant_db.session
    conditions = _conditions(query)
    total = session.scalar(select(func.count(MuseumObject.id)).where(*conditions)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(query.page, 1), pages)
    statement: Select = (select(MuseumObject).where(*conditions)
                         .order_by(MuseumObject.title, MuseumObject.id).offset((page - 1) * per_page).limit(per_page))
    objects = list(session.scalars(statement))
    return BrowseResult(objects, total, page, pages, _facet_counts(query), first_images([o.id for o in objects]))


def dublin_core(obj: MuseumObject) -> list[tuple[str, str, str]]:
    """``(element, value, language)`` of the object in Dublin Core (dcterms / oai_dc elements)."""
    elements: list[tuple[str, str, str]] = [("title", obj.title, "id")]
    if obj.title_en:
        elements.append(("title", obj.title_en, "en"))
    elements.append(("identifier", obj.inventory_number, ""))
    if obj.description:
        elements.append(("description", obj.description, "id"))
    if obj.description_en:
        elements.append(("description", obj.description_en, "en"))
    if obj.collection is not None:
        elements.append(("subject", obj.collection.name, "id"))
    for element, value in (("format", obj.material), ("format", obj.dimensions), ("date", obj.period),
                           ("coverage", obj.origin), ("subject", obj.culture), ("rights", obj.rights)):
        if value:
            elements.append((element, value, ""))
    if obj.origin_code:  # dcterms:spatial by name above, and by the national region code
        elements.append(("coverage", f"kemendagri:{obj.origin_code}", ""))
    elements.append(("type", "PhysicalObject", ""))
    return elements


def published_stamps() -> list[tuple[int, datetime]]:
    """``(id, last change)`` of every published object, for the sitemap."""
    return [(object_id, updated) for object_id, updated in tenant_db.session.execute(
        select(MuseumObject.id, MuseumObject.updated_at).where(MuseumObject.published.is_(True))
        .order_by(MuseumObject.id))]
