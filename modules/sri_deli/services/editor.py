"""The regency admin's permit catalogue editor: a permit type is saved only whole and valid,
starts as a draft, and is published only when every stage has an OPD with an active officer
allowed to work it (otherwise citizens would apply for something nobody processes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from kiblat.modules.sri_deli.models import OPEN_STATUSES, Application, PermitType
from kiblat.modules.sri_deli.services import fees, staffing
from kiblat.modules.sri_deli.services.catalogue import FIELD_TYPES
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import Opd
from kiblat.tenants.database import tenant_db

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
STAGE_PERMISSIONS = ("sri_deli.frontoffice", "sri_deli.verify", "sri_deli.inspect", "sri_deli.approve")
DOCUMENT_KINDS = {"pdf": ("pdf",), "gambar": ("jpeg", "png"), "pdf_gambar": ("pdf", "jpeg", "png")}
DOCUMENT_MB_MAX = 10
SLA_MAX = 365
VALIDITY_MAX = 36500
FEE_MAX = 1_000_000_000
VALIDITY_RULES = ("none", "fixed", "field")


class EditorError(ValueError):
    """Every problem of a permit type, in Bahasa Indonesia; nothing was saved."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class Draft:
    """A permit type as the admin typed it (see forms.PermitTypeForm)."""

    key: str
    name: str
    legal_basis: str = ""
    description: str = ""
    sla_days: int | None = None
    fee_kind: str = "fixed"
    fee_amount: int | None = 0
    fee_formula: str = ""
    validity_rule: str = "none"
    validity_days: int | None = None
    validity_field: str = ""
    documents: list[dict] = field(default_factory=list)  # {label, required, kinds, max_mb}
    fields: list[dict] = field(default_factory=list)  # {key, label, type, required, options}
    stages: list[dict] = field(default_factory=list)  # {label, permission, opd}


def slug(text: str) -> str:
    """A catalogue key from a label: "Gambar teknis (PDF)" → "gambar_teknis_pdf"."""
    words = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return (words if words[:1].isalpha() else "k_" + words)[:40] or "k"


def opd_choices() -> list[tuple[str, str]]:
    """Active OPDs of the regency as (short name, "SHORT — name")."""
    rows = tenant_db.session.execute(select(Opd.short_name, Opd.name).where(Opd.active.is_(True))
                                     .order_by(Opd.short_name)).all()
    return [(short.strip().upper(), f"{short.strip().upper()} — {name}") for short, name in rows if short.strip()]


def _unique_keys(items: list[dict], what: str, errors: list[str]) -> None:
    seen: set[str] = set()
    for item in items:
        if item["key"] in seen:
            errors.append(_("Dua %(what)s bernama sama: %(label)s", what=what, label=item["label"]))
        seen.add(item["key"])


def build(draft: Draft) -> dict:
    """The catalogue entry for ``draft``, or :class:`EditorError` listing every problem."""
    errors: list[str] = []
    for rows in (draft.documents, draft.fields, draft.stages):
        for row in rows:
            row["label"] = (row.get("label") or "").strip()
    if not KEY_RE.match(draft.key or ""):
        errors.append(_("Kode izin 2–40 huruf kecil, angka atau garis bawah, diawali huruf (contoh: izin_reklame)"))
    if not draft.name.strip():
        errors.append(_("Nama izin wajib diisi"))
    if draft.sla_days is None or not 1 <= draft.sla_days <= SLA_MAX:
        errors.append(_("SLA harus antara 1 dan %(days)s hari kerja", days=SLA_MAX))
    fields = []
    for item in draft.fields:
        if not item["label"].strip():
            continue
        entry = {"key": item.get("key") or slug(item["label"]), "label": item["label"].strip(),
                 "type": item["type"], "required": bool(item.get("required"))}
        if entry["type"] not in FIELD_TYPES:
            errors.append(_("Jenis isian %(label)s tidak dikenal", label=entry["label"]))
        if not KEY_RE.match(entry["key"]):
            errors.append(_("Kode isian %(label)s tidak sah (huruf kecil, angka, garis bawah)", label=entry["label"]))
        if entry["type"] == "select":
            options = [o.strip() for o in item.get("options", "").split(",") if o.strip()]
            if len(options) < 2:
                errors.append(_("Isian pilihan %(label)s memerlukan paling sedikit dua pilihan (pisahkan dengan koma)",
                                 label=entry["label"]))
            entry["options"] = options
        fields.append(entry)
    _unique_keys(fields, _("isian"), errors)
    documents = []
    for item in draft.documents:
        if not item["label"].strip():
            continue
        kinds = DOCUMENT_KINDS.get(item.get("kinds") or "pdf_gambar")
        if kinds is None:
            errors.append(_("Jenis berkas dokumen %(label)s tidak dikenal", label=item["label"]))
        size = item.get("max_mb")
        if size is None or not 1 <= size <= DOCUMENT_MB_MAX:
            errors.append(_("Ukuran dokumen %(label)s harus antara 1 dan %(mb)s MB", label=item["label"], mb=DOCUMENT_MB_MAX))
        documents.append({"key": item.get("key") or slug(item["label"]), "label": item["label"].strip(),
                          "required": bool(item.get("required")), "kinds": list(kinds or ()), "max_mb": size})
    _unique_keys(documents, _("dokumen"), errors)
    if not documents:
        errors.append(_("Tambahkan paling sedikit satu dokumen persyaratan"))
    opds = {short for short, _label in opd_choices()}
    stages = []
    for item in draft.stages:
        if not item["label"].strip():
            continue
        label = item["label"].strip()
        opd = (item.get("opd") or "").strip().upper()
        if not opd:
            errors.append(_("Tahap “%(stage)s” belum memiliki OPD", stage=label))
        elif opd not in opds:
            errors.append(_("OPD %(opd)s pada tahap “%(stage)s” tidak ada atau nonaktif", opd=opd, stage=label))
        if item.get("permission") not in STAGE_PERMISSIONS:
            errors.append(_("Tahap “%(stage)s” memerlukan hak akses petugas yang dikenal", stage=label))
        stages.append({"key": item.get("key") or slug(label), "label": label, "permission": item.get("permission"), "opd": opd})
    _unique_keys(stages, _("tahap"), errors)
    if not stages:
        errors.append(_("Tambahkan paling sedikit satu tahap"))
    numeric = [f["key"] for f in fields if f["type"] == "number"]
    if draft.fee_kind == "formula":
        try:
            fees.check_formula(draft.fee_formula.strip(), numeric)
        except fees.FeeError as exc:
            errors.append(str(exc))
    elif draft.fee_kind == "fixed":
        if draft.fee_amount is None or not 0 <= draft.fee_amount <= FEE_MAX:
            errors.append(_("Biaya tetap harus antara Rp0 dan Rp1.000.000.000"))
    else:
        errors.append(_("Pilih biaya tetap atau rumus"))
    validity_days = None
    if draft.validity_rule == "fixed":
        if draft.validity_days is None or not 1 <= draft.validity_days <= VALIDITY_MAX:
            errors.append(_("Masa berlaku tetap harus antara 1 dan 36.500 hari"))
        validity_days = draft.validity_days
    elif draft.validity_rule == "field":
        if draft.validity_field not in numeric:
            errors.append(_("Masa berlaku diambil dari isian angka (dalam hari); pilih isian angka yang ada"))
    elif draft.validity_rule != "none":
        errors.append(_("Aturan masa berlaku tidak dikenal"))
    if errors:
        raise EditorError(errors)
    for item in fields:
        if draft.validity_rule == "field" and item["key"] == draft.validity_field:
            item["validity"] = "days"  # the permit is valid for this many days (services/validity.py)
    return {"key": draft.key, "name": draft.name.strip()[:200], "legal_basis": draft.legal_basis.strip(),
            "description": draft.description.strip(), "sla_days": draft.sla_days,
            "fee_kind": draft.fee_kind, "fee_amount": draft.fee_amount or 0 if draft.fee_kind == "fixed" else 0,
            "fee_formula": draft.fee_formula.strip() if draft.fee_kind == "formula" else "",
            "validity_days": validity_days, "documents": documents, "fields": fields, "stages": stages,
            "opd_short_name": stages[0]["opd"]}


def numeric_keys(draft: Draft) -> list[str]:
    """The keys of the draft's number fields: the names a fee formula may use."""
    return [f.get("key") or slug(f["label"]) for f in draft.fields
            if (f.get("label") or "").strip() and f.get("type") == "number"]


def try_formula(draft: Draft, values: dict[str, str]) -> tuple[int | None, str | None]:
    """The fee the formula gives for the sample ``values`` (the editor's calculator)."""
    numeric = numeric_keys(draft)
    sample: dict[str, float] = {}
    for key in numeric:
        text = (values.get("contoh_" + key) or "0").strip().replace(",", ".")
        try:
            sample[key] = float(text)
        except ValueError:
            return None, _("Nilai contoh %(key)s harus berupa angka", key=key)
    try:
        return fees.evaluate(draft.fee_formula.strip(), sample), None
    except fees.FeeError as exc:
        return None, str(exc)


def all_types() -> list[PermitType]:
    return list(tenant_db.session.scalars(select(PermitType).order_by(PermitType.name)))


def find(key: str) -> PermitType | None:
    return tenant_db.session.scalar(select(PermitType).where(PermitType.key == key))


def save(draft: Draft, existing: PermitType | None = None) -> PermitType:
    """Create (as an unpublished draft) or update a permit type; commits, audited."""
    entry = build(draft)
    session = tenant_db.session
    if existing is None:
        if find(entry["key"]) is not None:
            raise EditorError([_("Kode izin %(key)s sudah dipakai", key=entry["key"])])
        existing = PermitType(active=False, **entry)
        session.add(existing)
    else:
        entry.pop("key")
        _keep_open_applications_workable(existing, entry)
        for name, value in entry.items():
            setattr(existing, name, value)
        if existing.active and staffing.understaffed([existing]):
            # The change named an OPD without officers: withdraw it rather than offer the unprocessable.
            existing.active = False
    session.flush()
    record("sri_deli.catalogue_save", "sri_deli_permit_type", existing.id, key=existing.key, name=existing.name)
    session.commit()
    return existing


def _keep_open_applications_workable(existing: PermitType, entry: dict) -> None:
    """Open applications sit at a stage index and hold documents by key: while any is open, the
    stages (their order, roles and OPDs) must stay, and no document may disappear."""
    open_count = tenant_db.session.scalar(select(func.count()).select_from(Application).where(
        Application.permit_type_id == existing.id, Application.status.in_(OPEN_STATUSES)))
    if not open_count:
        return
    def shape(stages: list[dict]) -> list[tuple]:
        return [(s["key"], s["permission"], staffing.stage_opd(existing, s)) for s in stages]
    errors = []
    if shape(entry["stages"]) != shape(existing.stages):
        errors.append(_("Tahapan tidak dapat diubah selama %(count)s permohonan masih berjalan; "
                        "tarik izin dari katalog dan selesaikan permohonan itu dahulu", count=open_count))
    removed = {d["key"] for d in existing.documents} - {d["key"] for d in entry["documents"]}
    if removed:
        errors.append(_("Dokumen persyaratan tidak dapat dihapus selama %(count)s permohonan masih berjalan",
                        count=open_count))
    if errors:
        raise EditorError(errors)


def publish_problems(permit_type: PermitType) -> list[str]:
    """Why ``permit_type`` cannot be published yet (empty when it can)."""
    problems = []
    for stage in permit_type.stages:
        if not stage.get("opd") and not permit_type.opd_short_name:
            problems.append(_("Tahap “%(stage)s” belum memiliki OPD", stage=stage["label"]))
    for item in staffing.understaffed([permit_type]):
        problems += [_("OPD %(opd)s tidak ada atau nonaktif", opd=opd) for opd in item.missing_opds]
        problems += [_("Tahap “%(stage)s” belum memiliki petugas aktif di OPD-nya yang berwenang", stage=label)
                     for label in item.missing_stages]
    return problems


def publish(permit_type: PermitType) -> None:
    problems = publish_problems(permit_type)
    if problems:
        raise EditorError([_("Izin belum dapat diterbitkan: %(problem)s", problem=problems[0]), *problems[1:]])
    permit_type.active = True
    record("sri_deli.catalogue_publish", "sri_deli_permit_type", permit_type.id, key=permit_type.key)
    tenant_db.session.commit()


def unpublish(permit_type: PermitType) -> None:
    permit_type.active = False
    record("sri_deli.catalogue_unpublish", "sri_deli_permit_type", permit_type.id, key=permit_type.key)
    tenant_db.session.commit()


def draft_of(permit_type: PermitType) -> Draft:
    """The editor's view of a stored type (to fill the form)."""
    kinds_name = {tuple(v): k for k, v in DOCUMENT_KINDS.items()}
    validity_field = next((f["key"] for f in permit_type.fields if f.get("validity") == "days"), "")
    rule = "field" if validity_field else ("fixed" if permit_type.validity_days else "none")
    return Draft(
        key=permit_type.key, name=permit_type.name, legal_basis=permit_type.legal_basis,
        description=permit_type.description, sla_days=permit_type.sla_days, fee_kind=permit_type.fee_kind,
        fee_amount=permit_type.fee_amount, fee_formula=permit_type.fee_formula, validity_rule=rule,
        validity_days=permit_type.validity_days, validity_field=validity_field,
        documents=[{"key": d["key"], "label": d["label"], "required": d.get("required", True),
                    "kinds": kinds_name.get(tuple(d.get("kinds") or ()), "pdf_gambar"), "max_mb": d.get("max_mb") or 5}
                   for d in permit_type.documents],
        fields=[{"key": f["key"], "label": f["label"], "type": f["type"], "required": f.get("required", False),
                 "options": ", ".join(f.get("options", []))} for f in permit_type.fields],
        stages=[{"key": s["key"], "label": s["label"], "permission": s["permission"],
                 "opd": s.get("opd") or permit_type.opd_short_name} for s in permit_type.stages])
