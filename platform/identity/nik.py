"""NIK (Nomor Induk Kependudukan): 16 digits = region (6) + birth date (6) + serial (4).

The birth day carries +40 for women. A province code that never existed (``99``) or a zero
kabupaten/kecamatan part is refused: such a NIK is a typing error, and once stored it would stand
in the way of the right one. A kabupaten/kota or kecamatan missing from the shipped list is only a
warning: the list changes with every new kecamatan or regency split, people's NIK do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from kiblat.platform.core.texts import _
from kiblat.platform.identity.crypto import decrypt, encrypt, keyed_hash
from kiblat.platform.regions.data import provinces, regencies

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


@cache
def _province_codes() -> frozenset[str]:
    return frozenset(region.code for region in provinces())


@cache
def _regency_codes() -> frozenset[str]:
    return frozenset(region.code for region in regencies())


def _check_region(nik: str) -> None:
    if nik[0:2] not in _province_codes():
        raise NikError(_("NIK tidak valid: %(code)s bukan kode provinsi. Periksa dua angka pertama NIK.",
                         code=nik[0:2]))
    if nik[2:4] == "00" or nik[4:6] == "00":
        raise NikError(_("NIK tidak valid: kode kabupaten/kota atau kecamatan pada NIK tidak boleh 00."))


def parse_nik(raw: str, known_kecamatan: set[str] | None = None) -> NikCheck:
    """The parts of a NIK, or NikError (in the reader's language) saying what is impossible."""
    nik = re.sub(r"[\s.-]", "", raw or "")
    if not NIK_RE.match(nik):
        raise NikError(_("NIK harus 16 angka."))
    _check_region(nik)
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    if female:
        day -= 40
    century = 2000 if year <= date.today().year % 100 else 1900
    try:
        born = date(century + year, month, day)
    except ValueError:
        raise NikError(_("NIK tidak valid: bagian tanggal lahir (angka ke-7 sampai ke-12) tidak mungkin.")) from None
    if nik[12:] == "0000":
        raise NikError(_("NIK tidak valid: nomor urut tidak boleh 0000."))
    prefix = f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"
    warnings: tuple[str, ...] = ()
    if f"{nik[0:2]}.{nik[2:4]}" not in _regency_codes() or (
            known_kecamatan is not None and prefix not in known_kecamatan):
        warnings = (_("Kode wilayah %(prefix)s pada NIK tidak ada dalam daftar wilayah; periksa kembali.",
                      prefix=prefix),)
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
