"""Reads the shipped Kemendagri region list (``data/wilayah.csv.gz``, MIT, see data/LICENSE).

The level of a code is its number of dots: province ``12``, kabupaten/kota
``12.07``, kecamatan ``12.07.28``, desa/kelurahan ``12.07.28.2001``.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
REGIONS_FILE = DATA_DIR / "wilayah.csv.gz"
POPULATION_FILE = DATA_DIR / "penduduk.csv"

# The ``platform_state`` row holding the stamp of the list the control plane was last synced from.
REGIONS_STAMP_KEY = "regions_stamp"

REGENCY_CODE_RE = re.compile(r"^\d{2}\.\d{2}$")
KECAMATAN_CODE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")

# Indonesia's three time zones, the only ones a regency can be in.
WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
TIME_ZONES = (WIB, WITA, WIT)
# Time zone by province code: WITA and WIT; everything else is WIB.
WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str

    @property
    def level(self) -> int:
        return self.code.count(".")


def province_time_zone(province_code: str) -> str:
    if province_code in WITA_PROVINCES:
        return WITA
    if province_code in WIT_PROVINCES:
        return WIT
    return WIB


def regency_kind(code: str) -> str:
    """Kemendagri numbers kabupaten 01–69 and kota 71–99 within a province."""
    return "kota" if int(code.split(".")[1]) >= 71 else "kabupaten"


def iter_regions() -> Iterator[Region]:
    with gzip.open(REGIONS_FILE, "rt", encoding="utf-8", newline="") as raw:
        reader = csv.reader(raw)
        next(reader)
        for code, name in reader:
            yield Region(code, name)


@cache
def _top_levels() -> tuple[tuple[Region, ...], tuple[Region, ...]]:
    provinces, regencies = [], []
    for region in iter_regions():
        if region.level == 0:
            provinces.append(region)
        elif region.level == 1:
            regencies.append(region)
    return tuple(provinces), tuple(regencies)


def provinces() -> tuple[Region, ...]:
    return _top_levels()[0]


def regencies() -> tuple[Region, ...]:
    return _top_levels()[1]


def population_by_code() -> dict[str, int]:
    with POPULATION_FILE.open(encoding="utf-8", newline="") as raw:
        return {row["kode"]: int(row["total"]) for row in csv.DictReader(raw)}


@cache
def _region_text() -> str:
    """The list as text (2.3 MB, read once per process)."""
    with gzip.open(REGIONS_FILE, "rt", encoding="utf-8", newline="") as raw:
        return raw.read()


def _subregion_block(text: str, regency_code: str) -> tuple[int, int]:
    """Where the lines of the regency's kecamatan and desa start and end in the list: it is sorted
    by code, so they are one block, found with ``str.find`` (no Python loop over the whole file,
    which was most of a new tenant's region step in a fresh process)."""
    if not REGENCY_CODE_RE.match(regency_code):
        return 0, 0
    prefix = f"{regency_code}."
    start = 0 if text.startswith(prefix) else text.find(f"\n{prefix}") + 1
    if start == 0 and not text.startswith(prefix):
        return 0, 0
    end = start
    while end < len(text) and text.startswith(prefix, end):
        end = text.find("\n", end) + 1 or len(text)
    return start, end


def subregions_of_regency(regency_code: str) -> tuple[list[Region], list[Region]]:
    """All kecamatan and desa/kelurahan of one kabupaten/kota."""
    text = _region_text()
    kecamatan: list[Region] = []
    desa: list[Region] = []
    start, end = _subregion_block(text, regency_code)
    for code, name in csv.reader(io.StringIO(text[start:end])):
        (kecamatan if code.count(".") == 2 else desa).append(Region(code, name))
    return kecamatan, desa


def shipped_regions_stamp() -> int:
    """A checksum of the shipped files: reading 0.7 MB is far cheaper than parsing 91,599 rows."""
    return zlib.crc32(POPULATION_FILE.read_bytes(), zlib.crc32(REGIONS_FILE.read_bytes())) & 0x7FFFFFFF
