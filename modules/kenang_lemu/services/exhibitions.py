"""Exhibitions: curated, ordered sets of objects with an introduction, permanent or temporary
(with dates). The public sees only published exhibitions, and in them only published objects."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiblat.modules.kenang_lemu.models import Exhibition, ExhibitionItem, MuseumObject
from kiblat.modules.kenang_lemu.services import catalogue
from kiblat.modules.kenang_lemu.services.errors import KenangLemuError
from kiblat.tenants.database import tenant_db

SLUG_RE = re.compile(r"[^a-z0-9]+")


def _slug(title: str) -> str:
    base = SLUG_RE.sub("-", title.lower()).strip("-")[:70] or "pameran"
    slug, n = base, 2
    while tenant_db.session.scalar(select(Exhibition.id).where(Exhibition.slug == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def save(title: str, intro: str = "", kind: str = "permanent", starts_on: date | None = None,
         ends_on: date | None = None, title_en: str = "", intro_en: str = "",
         exhibition: Exhibition | None = None) -> Exhibition:
    title = (title or "").strip()
    if not title:
        raise KenangLemuError("Judul pameran wajib diisi.")
    if len(title) > 200 or len(title_en or "") > 200:
        raise KenangLemuError("Judul pameran paling banyak 200 karakter.")
    if kind not in ("permanent", "temporary"):
        raise KenangLemuError("Jenis pameran harus tetap atau temporer.")
    if kind == "temporary" and (starts_on is None or ends_on is None):
        raise KenangLemuError("Pameran temporer perlu tanggal mulai dan tanggal selesai.")
    if starts_on and ends_on and ends_on < starts_on:
        raise KenangLemuError("Tanggal selesai pameran tidak boleh sebelum tanggal mulai.")
    if exhibition is None:
        exhibition = Exhibition(slug=_slug(title))
        tenant_db.session.add(exhibition)
    exhibition.title, exhibition.title_en = title, (title_en or "").strip()
    exhibition.intro, exhibition.intro_en = (intro or "").strip(), (intro_en or "").strip()
    exhibition.kind = kind
    exhibition.starts_on, exhibition.ends_on = (starts_on, ends_on) if kind == "temporary" else (None, None)
    tenant_db.session.commit()
    return exhibition


def get(exhibition_id: int) -> Exhibition | None:
    return tenant_db.session.get(Exhibition, exhibition_id)


def by_slug(slug: str, published_only: bool = True) -> Exhibition | None:
    statement = select(Exhibition).where(Exhibition.slug == slug)
    if published_only:
        statement = statement.where(Exhibition.published.is_(True))
    return tenant_db.session.scalar(statement)


def all_exhibitions(published_only: bool = True) -> list[Exhibition]:
    statement = select(Exhibition).order_by(Exhibition.kind, Exhibition.starts_on.desc(), Exhibition.title)
    if published_only:
        statement = statement.where(Exhibition.published.is_(True))
    return list(tenant_db.session.scalars(statement))


def set_published(exhibition: Exhibition, published: bool) -> None:
    exhibition.published = published
    tenant_db.session.commit()


def add_object(exhibition: Exhibition, inventory_number: str) -> ExhibitionItem:
    obj = catalogue.by_inventory_number(inventory_number or "")
    if obj is None:
        raise KenangLemuError(f"Tidak ada koleksi bernomor inventaris {inventory_number}.")
    if any(item.object_id == obj.id for item in exhibition.items):
        raise KenangLemuError(f"“{obj.title}” sudah ada di pameran ini.")
    position = tenant_db.session.scalar(select(func.coalesce(func.max(ExhibitionItem.position), -1))
                                        .where(ExhibitionItem.exhibition_id == exhibition.id)) + 1
    item = ExhibitionItem(exhibition_id=exhibition.id, object_id=obj.id, position=position)
    tenant_db.session.add(item)
    try:
        tenant_db.session.commit()
    except IntegrityError:
        tenant_db.session.rollback()
        raise KenangLemuError(f"“{obj.title}” sudah ada di pameran ini.") from None
    tenant_db.session.refresh(exhibition)
    return item


def move(exhibition: Exhibition, item_id: int, step: int) -> None:
    """Moves an object one place up (``step`` −1) or down (+1) in the exhibition's order."""
    items = list(exhibition.items)
    index = next((i for i, item in enumerate(items) if item.id == item_id), None)
    if index is None:
        raise KenangLemuError("Koleksi itu tidak ada di pameran ini.")
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        item.position = position
    tenant_db.session.commit()


def remove_item(exhibition: Exhibition, item_id: int) -> None:
    item = next((i for i in exhibition.items if i.id == item_id), None)
    if item is None:
        raise KenangLemuError("Koleksi itu tidak ada di pameran ini.")
    tenant_db.session.delete(item)
    tenant_db.session.commit()


def public_objects(exhibition: Exhibition) -> list[MuseumObject]:
    """The exhibition's published objects in the curator's order."""
    return [item.object for item in exhibition.items if item.object.published]
