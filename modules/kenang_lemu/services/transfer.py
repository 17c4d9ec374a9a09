"""CSV import and export of the catalogue, for museums moving in from spreadsheets.

The columns are the object's fields (``inventory_number``, ``title``, … as in the export),
``collection`` (a collection key) and ``published`` (``ya``/``tidak``). An import is checked
whole before anything is written: one bad row and nothing is imported, every problem is listed
with its row number. A row whose inventory number exists updates that object; the others are
new. The file goes through the platform's table check (text, no formulas, same width)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.modules.kenang_lemu.models import Collection, MuseumObject
from kiblat.modules.kenang_lemu.services import catalogue
from kiblat.modules.kenang_lemu.services.errors import KenangLemuError
from kiblat.platform.uploads import UploadError
from kiblat.platform.uploads.tables import check_table_upload, looks_like_formula
from kiblat.tenants.database import tenant_db

COLUMNS = (*catalogue.TEXT_FIELDS, "collection", "published")
YES, NO = {"ya", "y", "yes", "1", "true", "terbit"}, {"", "tidak", "t", "no", "0", "false", "draf"}
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def export_csv() -> bytes:
    keys = dict(tenant_db.session.execute(select(Collection.id, Collection.key)).all())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for obj in tenant_db.session.scalars(select(MuseumObject).order_by(MuseumObject.inventory_number)):
        row = [getattr(obj, name) or "" for name in catalogue.TEXT_FIELDS]
        row += [keys.get(obj.collection_id, ""), "ya" if obj.published else "tidak"]
        # A cell a spreadsheet would run as a formula is written as text.
        writer.writerow(["'" + cell if looks_like_formula(cell) else cell for cell in row])
    return out.getvalue().encode("utf-8-sig")  # the mark makes Excel read UTF-8


def import_csv(data: bytes, filename: str, max_bytes: int) -> ImportResult:
    try:
        table = check_table_upload(data, filename, kinds=frozenset({"csv"}), max_bytes=max_bytes, label="CSV")
    except UploadError as exc:
        raise KenangLemuError(str(exc)) from None
    header = [h.strip().lower() for h in table.header]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise KenangLemuError(f"Kolom tidak dikenal: {', '.join(unknown)}. Kolom yang dipakai: {', '.join(COLUMNS)}.")
    if "inventory_number" not in header or "title" not in header:
        raise KenangLemuError("Kolom inventory_number dan title wajib ada.")
    collections = dict(tenant_db.session.execute(select(Collection.key, Collection.id)).all())
    existing = {obj.inventory_number: obj for obj in tenant_db.session.scalars(select(MuseumObject))}
    problems: list[str] = []
    seen: set[str] = set()
    prepared: list[tuple[dict[str, str], int | None, bool]] = []
    for number, row in enumerate(table.rows, start=2):
        values = {name: (cell or "").strip() for name, cell in zip(header, row, strict=False)}
        inventory = values.get("inventory_number", "")
        if not inventory:
            problems.append(f"Baris {number}: nomor inventaris kosong.")
        elif inventory in seen:
            problems.append(f"Baris {number}: nomor inventaris {inventory} muncul dua kali di berkas.")
        seen.add(inventory)
        if not values.get("title"):
            problems.append(f"Baris {number}: judul kosong.")
        for name, limit in catalogue.TEXT_FIELDS.items():
            if len(values.get(name, "")) > limit:
                problems.append(f"Baris {number}: {catalogue.FIELD_NAMES[name]} lebih dari {limit} karakter.")
        code = values.get("origin_code", "")
        if code:
            name = catalogue.origin_name(code)
            if name is None:
                problems.append(f"Baris {number}: kode wilayah asal {code} bukan kecamatan atau desa di daerah ini.")
            else:
                values["origin"] = name[:160]
        key = values.pop("collection", "")
        if key and key not in collections:
            problems.append(f"Baris {number}: koleksi {key!r} tidak dikenal ({', '.join(sorted(collections))}).")
        published = values.pop("published", "").lower()
        if published not in YES | NO:
            problems.append(f"Baris {number}: kolom published harus ya atau tidak.")
        prepared.append((values, collections.get(key), published in YES))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise KenangLemuError("Tidak ada yang diimpor. " + " ".join(problems[:MAX_PROBLEMS]))
    created = updated = 0
    now = datetime.now(UTC)
    names = {c.id: c for c in tenant_db.session.scalars(select(Collection))}
    for values, collection_id, published in prepared:
        obj = existing.get(values["inventory_number"])
        if obj is None:
            obj = MuseumObject()
            tenant_db.session.add(obj)
            created += 1
        else:
            updated += 1
        for name in catalogue.TEXT_FIELDS:
            if name in values:
                setattr(obj, name, values[name])
        if "collection" in header:
            obj.collection_id = collection_id
        was_published = bool(obj.published)
        if "published" in header or obj.id is None:
            obj.published = published
        obj.updated_at = now
        obj.search_text = catalogue.search_text(obj, names.get(obj.collection_id))
        if obj.id is not None:
            obj.collection = names.get(obj.collection_id)
            catalogue.note_publication(obj, was_published, now)
    tenant_db.session.commit()
    return ImportResult(created, updated)
