"""JSON request bodies checked against the endpoint's JSON Schema, explained in Bahasa Indonesia."""

from __future__ import annotations

from flask import request
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from kiblat.platform.api.errors import ApiError
from kiblat.platform.web.hostile_input import contains_nul

TYPE_NAMES = {"string": "teks", "integer": "bilangan bulat", "number": "angka", "boolean": "boolean",
              "object": "objek", "array": "larik"}


def _field(error: ValidationError) -> str:
    return ".".join(str(part) for part in error.absolute_path) or "(badan)"


def explain(error: ValidationError) -> str:
    field, value = _field(error), error.validator_value
    match error.validator:
        case "required":
            missing = [name for name in value if isinstance(error.instance, dict) and name not in error.instance]
            return f"Kolom '{missing[0] if missing else value}' wajib diisi"
        case "additionalProperties":
            allowed = set(error.schema.get("properties", {}))
            extra = sorted(set(error.instance) - allowed) if isinstance(error.instance, dict) else []
            return f"Kolom tidak dikenal: {', '.join(extra)}"
        case "type":
            names = value if isinstance(value, list) else [value]
            return f"Kolom '{field}' harus bertipe {' atau '.join(TYPE_NAMES.get(n, n) for n in names)}"
        case "minLength":
            return f"Kolom '{field}' wajib diisi" if value == 1 else f"Kolom '{field}' paling sedikit {value} karakter"
        case "maxLength":
            return f"Kolom '{field}' paling banyak {value} karakter"
        case "enum":
            return f"Kolom '{field}' harus salah satu dari: {', '.join(map(str, value))}"
        case "minimum":
            return f"Kolom '{field}' paling kecil {value}"
        case "maximum":
            return f"Kolom '{field}' paling besar {value}"
        case "pattern":
            return f"Format kolom '{field}' tidak sah"
    return f"Kolom '{field}' tidak sah"


def validated_json(schema: dict) -> dict:
    """The request's JSON object, valid against ``schema``; :class:`ApiError` 400/415 otherwise."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Kirim badan permintaan sebagai application/json.")
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "invalid_json", "Badan permintaan bukan JSON yang sah.")
    if contains_nul(data):  # no database column can store it
        raise ApiError(400, "validation_error", "Teks tidak boleh memuat karakter NUL (\\u0000).")
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise ApiError(400, "validation_error", "; ".join(explain(e) for e in errors[:5]) + ".")
    return data
