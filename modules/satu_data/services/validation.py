"""Rows of an uploaded table checked against the version's declared variables: required
columns, value types, and region codes that exist (Kemendagri codes of the platform and the
regency's own kecamatan and desa). Problems are listed row by row for the producer."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.texts import _
from kiblat.platform.regions.models import Province, Regency
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan

MAX_PROBLEMS = 200  # enough to fix a file; a table that is all wrong says so in its first rows
_INTEGER = re.compile(r"^-?(\d+|\d{1,3}(\.\d{3})+)$")  # 1250 or 1.250
# "1.250,5" (Indonesian) or "1250.5": both mean the same number.
_DECIMAL = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$|^-?\d+(\.\d+)?$")


def known_codes(values: set[str]) -> set[str]:
    """Which of ``values`` are region codes: provinces and regencies of Indonesia, kecamatan and
    desa of this regency."""
    known: set[str] = set()
    by_depth: dict[int, set[str]] = {}
    for value in values:
        by_depth.setdefault(value.count("."), set()).add(value)
    for depth, column in ((0, Province.code), (1, Regency.code)):
        if by_depth.get(depth):
            known |= set(db.session.scalars(select(column).where(column.in_(by_depth[depth]))))
    for depth, column in ((2, Kecamatan.code), (3, Desa.code)):
        if by_depth.get(depth):
            known |= set(tenant_db.session.scalars(select(column).where(column.in_(by_depth[depth]))))
    return known


def _type_problem(value: str, kind: str) -> str | None:
    if kind == "bilangan" and not _INTEGER.match(value):
        return _("harus bilangan bulat, bukan \"%(value)s\"", value=value[:40])
    if kind == "desimal" and not _DECIMAL.match(value):
        return _("harus angka, bukan \"%(value)s\"", value=value[:40])
    if kind == "tanggal":
        try:
            date.fromisoformat(value)
        except ValueError:
            return _("harus tanggal TTTT-BB-HH, bukan \"%(value)s\"", value=value[:40])
    return None


def check_rows(header: list[str], rows: list[list[str]], variables: list[dict]) -> list[dict]:
    """``[{"row": n, "column": name, "message": text}]`` (row 1 is the header), at most MAX_PROBLEMS."""
    problems: list[dict] = []
    positions = {name.lower(): index for index, name in enumerate(header)}
    for variable in variables:
        if variable.get("required", True) and variable["name"].lower() not in positions:
            problems.append({"row": 1, "column": variable["name"],
                             "message": _("kolom %(name)s tidak ada di baris judul", name=variable["name"])})
    if problems:
        return problems
    checked = [(v, positions[v["name"].lower()]) for v in variables if v["name"].lower() in positions]
    region_values = {row[i] for v, i in checked if v["type"] == "kode_wilayah" for row in rows if row[i]}
    known = known_codes(region_values) if region_values else set()
    for number, row in enumerate(rows, start=2):
        for variable, index in checked:
            value = row[index]
            if not value:
                message = _("wajib diisi") if variable.get("required", True) else None
            elif variable["type"] == "kode_wilayah":
                message = None if value in known else _("kode wilayah \"%(value)s\" tidak dikenal", value=value[:40])
            else:
                message = _type_problem(value, variable["type"])
            if message:
                problems.append({"row": number, "column": variable["name"], "message": message})
                if len(problems) >= MAX_PROBLEMS:
                    return problems
    return problems


def number_value(value: str) -> float | None:
    """A cell as a number for charts ("1.250,5" and "1250.5" alike), None when it is not one."""
    text = value.strip()
    if not text or not _DECIMAL.match(text):
        return None
    if "," in text or re.match(r"^-?\d{1,3}(\.\d{3})+$", text):
        text = text.replace(".", "").replace(",", ".")
    return float(text)
