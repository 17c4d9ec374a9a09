"""Reading and maintaining the permit catalogue; fee simulation."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from kiblat.modules.sri_deli.models import PermitType
from kiblat.modules.sri_deli.services import fees, staffing
from kiblat.modules.sri_deli.services.seed_catalogue import CATALOGUE
from kiblat.tenants.database import tenant_db

FIELD_TYPES = ("text", "number", "date", "select")
NUMBER_MAX = 1_000_000_000


class CatalogueError(ValueError):
    pass


def validate_type(data: dict, known_permissions: set[str] | None = None) -> None:
    """Refuse a catalogue entry that could not work (bad stages, fields or fee rule)."""
    if not data.get("stages"):
        raise CatalogueError("Setiap izin memerlukan paling sedikit satu tahap")
    for stage in data["stages"]:
        if not stage.get("key") or not stage.get("permission"):
            raise CatalogueError("Setiap tahap memerlukan kunci dan hak akses")
        if known_permissions is not None and stage["permission"] not in known_permissions:
            raise CatalogueError(f"Hak akses {stage['permission']!r} tidak dikenal")
    for field in data.get("fields", []):
        if field.get("type") not in FIELD_TYPES:
            raise CatalogueError(f"Jenis isian {field.get('type')!r} tidak dikenal")
    if int(data.get("sla_days", 0)) < 1:
        raise CatalogueError("SLA paling sedikit 1 hari kerja")
    if data.get("fee_kind") == "formula":
        numeric = [f["key"] for f in data.get("fields", []) if f["type"] == "number"]
        fees.check_formula(data.get("fee_formula", ""), numeric)


def seed() -> None:
    """Add the starting catalogue entries that are missing (idempotent)."""
    session = tenant_db.session
    present = set(session.scalars(select(PermitType.key)))
    for entry in CATALOGUE:
        if entry["key"] not in present:
            validate_type(entry)
            session.add(PermitType(**entry))
    session.flush()


def active_types() -> list[PermitType]:
    return list(tenant_db.session.scalars(
        select(PermitType).where(PermitType.active.is_(True)).order_by(PermitType.name)))


def get_type(key: str) -> PermitType | None:
    return tenant_db.session.scalar(
        select(PermitType).where(PermitType.key == key, PermitType.active.is_(True)))


def offered_types() -> list[PermitType]:
    """What citizens may apply for: published types with an active officer for every stage."""
    return staffing.staffed(active_types())


def offered_type(key: str) -> PermitType | None:
    permit_type = get_type(key)
    return permit_type if permit_type is not None and staffing.staffed([permit_type]) else None


def parse_fields(permit_type: PermitType, raw: dict[str, str], *, partial: bool = False) -> tuple[dict, list[str]]:
    """Typed form values and the list of error messages (Bahasa Indonesia)."""
    values: dict = {}
    errors: list[str] = []
    for field in permit_type.fields:
        text = (raw.get(field["key"]) or "").strip()
        if not text:
            if field.get("required") and not partial:
                errors.append(f"{field['label']} wajib diisi")
            continue
        kind = field["type"]
        if kind == "number":
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                errors.append(f"{field['label']} harus berupa angka")
                continue
            if not 0 <= number <= NUMBER_MAX:
                errors.append(f"{field['label']} harus antara 0 dan {NUMBER_MAX:,}".replace(",", "."))
                continue
            values[field["key"]] = int(number) if number.is_integer() else number
        elif kind == "date":
            try:
                values[field["key"]] = date.fromisoformat(text).isoformat()
            except ValueError:
                errors.append(f"{field['label']} harus berupa tanggal (TTTT-BB-HH)")
        elif kind == "select":
            if text not in field.get("options", []):
                errors.append(f"Pilihan {field['label']} tidak dikenal")
            else:
                values[field["key"]] = text
        else:
            values[field["key"]] = text[:500]
    return values, errors


def simulate_fee(permit_type: PermitType, raw: dict[str, str]) -> tuple[int | None, list[str]]:
    """The fee for the given numeric answers; (None, errors) when they are missing or wrong."""
    numeric = [f for f in permit_type.fields if f["type"] == "number"]
    values, errors = parse_fields(permit_type, raw, partial=True)
    errors = [e for e in errors if any(e.startswith(f["label"]) for f in numeric)]
    missing = [f["label"] for f in numeric if f["key"] not in values]
    if permit_type.fee_kind == "formula" and missing:
        errors += [f"{label} wajib diisi untuk menghitung biaya" for label in missing]
    if errors:
        return None, errors
    try:
        return fees.fee_for(permit_type, {k: v for k, v in values.items() if isinstance(v, (int, float))}), []
    except fees.FeeError as exc:
        return None, [str(exc)]
