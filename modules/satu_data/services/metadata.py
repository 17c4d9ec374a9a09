"""Dataset metadata: the fields a producer fills in, after the BPS metadata standard, checked
before anything is stored. Labels are what people see; the keys stay in the data."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from kiblat.platform.identity.texts import _

LICENSES = {
    "CC-BY-4.0": "Creative Commons Atribusi 4.0",
    "CC0-1.0": "Creative Commons Zero (domain publik)",
    "CC-BY-SA-4.0": "Creative Commons Atribusi-BerbagiSerupa 4.0",
    "ODbL-1.0": "Open Data Commons Open Database License",
}
DEFAULT_LICENSE = "CC-BY-4.0"
TOPICS = {
    "kesehatan": _l("Kesehatan"), "pendidikan": _l("Pendidikan"), "ekonomi": _l("Ekonomi"),
    "kependudukan": _l("Kependudukan"), "lingkungan": _l("Lingkungan hidup"),
    "infrastruktur": _l("Infrastruktur"), "pemerintahan": _l("Pemerintahan"), "sosial": _l("Sosial"),
    "pertanian": _l("Pertanian"), "perizinan": _l("Perizinan dan investasi"),
}
FREQUENCIES = {"tahunan": _l("Tahunan"), "triwulanan": _l("Triwulanan"), "bulanan": _l("Bulanan")}
# Variable types: the word a producer types (or picks) → its label.
TYPES = {"teks": _l("Teks"), "bilangan": _l("Bilangan bulat"), "desimal": _l("Angka desimal"),
         "tanggal": _l("Tanggal (TTTT-BB-HH)"), "kode_wilayah": _l("Kode wilayah Kemendagri")}
TYPE_WORDS = {"teks": "teks", "text": "teks", "bilangan": "bilangan", "integer": "bilangan", "angka": "bilangan",
              "desimal": "desimal", "decimal": "desimal", "tanggal": "tanggal", "date": "tanggal",
              "kode_wilayah": "kode_wilayah", "kode wilayah": "kode_wilayah", "wilayah": "kode_wilayah"}
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,98}[a-z0-9]$")
VARIABLE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ]{0,59}$")
TEXT_LIMITS = {"title": 300, "notes": 5000, "contact": 200, "spatial": 60}


class MetadataError(ValueError):
    """Metadata that cannot be stored; ``str()`` is the message for the producer."""


@dataclass(frozen=True)
class Variable:
    name: str
    definition: str
    unit: str
    type: str
    required: bool = True

    def as_dict(self) -> dict:
        return {"name": self.name, "definition": self.definition, "unit": self.unit, "type": self.type,
                "required": self.required}


def slugify(title: str) -> str:
    """A URL name from a title: "Jumlah Puskesmas 2024" → "jumlah-puskesmas-2024"."""
    name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return name[:100].strip("-") or "dataset"


def parse_variables(text: str) -> list[Variable]:
    """One variable a line: ``nama; definisi; satuan; tipe`` (``tipe`` one of TYPES; a name
    ending in ``?`` is optional)."""
    variables, seen = [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) != 4:
            raise MetadataError(_("Variabel baris %(n)s: tulis nama; definisi; satuan; tipe (dipisah titik koma).",
                                  n=number))
        name, definition, unit, kind = parts
        required = not name.endswith("?")
        name = name.rstrip("?").strip()
        if not VARIABLE_RE.match(name):
            raise MetadataError(_("Variabel baris %(n)s: nama hanya huruf, angka, spasi dan garis bawah "
                                  "(paling banyak 60).", n=number))
        if name.lower() in seen:
            raise MetadataError(_("Variabel %(name)s ditulis dua kali.", name=name))
        type_key = TYPE_WORDS.get(kind.lower())
        if type_key is None:
            raise MetadataError(_("Variabel %(name)s: tipe harus salah satu dari %(types)s.", name=name,
                                  types=", ".join(str(label) for label in TYPES.values())))
        seen.add(name.lower())
        variables.append(Variable(name, definition[:500], unit[:60], type_key, required))
    if not variables:
        raise MetadataError(_("Tuliskan paling sedikit satu variabel (kolom tabel)."))
    return variables


def variables_text(variables: list[dict]) -> str:
    """The text form :func:`parse_variables` reads, to fill the form again."""
    return "\n".join(f"{v['name']}{'' if v.get('required', True) else '?'}; {v['definition']}; {v['unit']}; {v['type']}"
                     for v in variables)


def parse_tags(text: str) -> list[str]:
    tags = []
    for raw in re.split(r"[,\n]", text):
        tag = re.sub(r"\s+", " ", raw.strip().lower())[:50]
        if tag and tag not in tags:
            tags.append(tag)
    return tags[:20]


def check_meta(meta: dict) -> dict:
    """``meta`` with defaults filled, or MetadataError naming the first problem."""
    meta = {**meta}
    meta["title"] = (meta.get("title") or "").strip()
    if not meta["title"]:
        raise MetadataError(_("Judul dataset wajib diisi."))
    for key, limit in TEXT_LIMITS.items():
        meta[key] = (meta.get(key) or "").strip()
        if len(meta[key]) > limit:
            raise MetadataError(_("%(field)s paling banyak %(n)s karakter.", field=key.capitalize(), n=limit))
    meta["license_id"] = meta.get("license_id") or DEFAULT_LICENSE
    if meta["license_id"] not in LICENSES:
        raise MetadataError(_("Pilih lisensi dari daftar."))
    if meta.get("topic") not in TOPICS:
        raise MetadataError(_("Pilih topik dari daftar."))
    if meta.get("frequency") not in FREQUENCIES:
        raise MetadataError(_("Pilih frekuensi dari daftar."))
    for key in ("temporal_start", "temporal_end"):
        value = meta.get(key)
        if value is not None and not (isinstance(value, int) and 1900 <= value <= 2100):
            raise MetadataError(_("Tahun cakupan waktu harus antara 1900 dan 2100."))
    if meta.get("temporal_start") and meta.get("temporal_end") and meta["temporal_start"] > meta["temporal_end"]:
        raise MetadataError(_("Tahun awal cakupan waktu tidak boleh setelah tahun akhir."))
    meta["tags"] = list(meta.get("tags") or [])
    meta["variables"] = [v if isinstance(v, dict) else v.as_dict() for v in meta.get("variables") or []]
    if not meta["variables"]:
        raise MetadataError(_("Tuliskan paling sedikit satu variabel (kolom tabel)."))
    return meta


def years_of(meta: dict) -> list[int]:
    start, end = meta.get("temporal_start"), meta.get("temporal_end")
    if start and end:
        return list(range(start, end + 1))[:50]
    return [year for year in (start, end) if year]
