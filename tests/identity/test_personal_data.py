from __future__ import annotations

from datetime import date

import pytest

from kiblat.platform.identity.nik import NikError, lookup_hash, mask, parse_nik, protect, reveal
from kiblat.platform.identity.phone import PhoneError, normalize_phone


def test_nik_structure_with_women_plus_forty():
    man = parse_nik("1207281203900001")
    assert (man.region_prefix, man.birth_date, man.female) == ("12.07.28", date(1990, 3, 12), False)
    woman = parse_nik("1207 2852 0390 0002")
    assert (woman.birth_date, woman.female) == (date(1990, 3, 12), True)


@pytest.mark.parametrize("raw", ["123", "12072812039000011", "120728120390000A", "1207283203900001",
                                 "1207281213900001", "1207281203900000"])
def test_malformed_nik_is_rejected(raw):
    with pytest.raises(NikError):
        parse_nik(raw)


def test_unknown_region_prefix_is_a_warning_not_a_rejection():
    check = parse_nik("1207991203900001", known_kecamatan={"12.07.28"})
    assert check.warnings and "12.07.99" in check.warnings[0]


def test_nik_is_matchable_and_masked_but_not_stored_in_clear(app_ctx):
    nik = "1207281203900001"
    digest, cipher, masked = protect(nik)
    assert masked == "1207********0001" == mask(nik)
    assert nik not in digest and nik not in cipher
    assert lookup_hash("1207 2812 0390 0001") == digest
    assert reveal(cipher) == nik
    assert reveal("tampered") is None


@pytest.mark.parametrize(("raw", "expected"), [("0812-3456-7890", "+6281234567890"),
                                               ("+62 812 3456 7890", "+6281234567890"),
                                               ("62 21 5550 1234", "+622155501234")])
def test_phone_numbers_are_normalised_to_plus_62(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12", "+1 202 555 0123", "bukan nomor"])
def test_bad_phone_numbers_are_rejected(raw):
    with pytest.raises(PhoneError):
        normalize_phone(raw)
