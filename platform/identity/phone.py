"""Indonesian phone numbers, normalised to E.164 (+62…) with the maintained phonenumbers library."""

from __future__ import annotations

import phonenumbers


class PhoneError(ValueError):
    pass


def normalize_phone(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        raise PhoneError("Nomor telepon tidak valid.") from None
    if not phonenumbers.is_valid_number(number) or number.country_code != 62:
        raise PhoneError("Nomor telepon tidak valid; gunakan nomor Indonesia, mis. 0812-3456-7890.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
