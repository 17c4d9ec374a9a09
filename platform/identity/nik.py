"""NIK (Nomor Induk Kependudukan): 16 digits = region (6) + birth date (6) + serial (4).

The birth day carries +40 for women. An unknown region prefix is only a warning:
the shipped region list changes with every new kecamatan, people's NIK do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiblat.platform.identity.crypto import decrypt, encrypt, keyed_hash

NIK_RE = re.compile(r"^\d{16}$")
PURPOSE = "nik"


class NikError(ValueError):
    pass


@dataclass(frozen=True)
class NikCheck:
    nik: str
    region_prefix: str
    birth_date: date
    female: bool
    warnings: tuple[str, ...] = ()


def parse_nik(raw: str, known_kecamatan: set[str] | None = None) -> NikCheck:
    nik = re.sub(r"[\s.-]", "", raw or "")
    if not NIK_RE.match(nik):
        raise NikError("NIK harus 16 angka.")
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    if female:
        day -= 40
    century = 2000 if year <= date.today().year % 100 else 1900
    try:
        born = date(century + year, month, day)
    except ValueError:
        raise NikError("NIK tidak valid: bagian tanggal lahir tidak mungkin.") from None
    if nik[12:] == "0000":
        raise NikError("NIK tidak valid: nomor urut tidak boleh 0000.")
    prefix = f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"
    warnings = ()
    if known_kecamatan is not None and prefix not in known_kecamatan:
        warnings = (f"Kode wilayah {prefix} pada NIK tidak ada dalam daftar wilayah; periksa kembali.",)
    return NikCheck(nik, prefix, born, female, warnings)


def mask(nik: str) -> str:
    return nik[:4] + "*" * 8 + nik[12:]


def protect(nik: str) -> tuple[str, str, str]:
    """(keyed hash for matching, encrypted value, masked form for display)."""
    return keyed_hash(nik, PURPOSE), encrypt(nik, PURPOSE), mask(nik)


def lookup_hash(nik: str) -> str:
    return keyed_hash(re.sub(r"[\s.-]", "", nik), PURPOSE)


def reveal(cipher: str) -> str | None:
    return decrypt(cipher, PURPOSE)
