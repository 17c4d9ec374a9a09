"""A tenant spec read from its YAML or JSON file, and the error that names each bad field.

Light on purpose: ``kiblat tenants create`` reads the file and reports an unreadable one before
anything else is loaded (``provisioning/spec.py`` validates, with the whole platform at hand).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class SpecError(ValueError):
    """The spec cannot be provisioned; ``errors`` name each offending field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.field)
        super().__init__("; ".join(str(e) for e in self.errors))

    @property
    def fields(self) -> list[str]:
        return [e.field for e in self.errors]


def load_spec_file(path: str | Path) -> dict:
    """Read a YAML or JSON spec; a relative logo path is resolved next to the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError([FieldError("(berkas)", f"tidak dapat dibaca: {exc.strerror}")]) from None
    # Imported here: a command given flags, not a file, need not load a YAML parser.
    import yaml

    try:
        raw = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise SpecError([FieldError("(berkas)", f"bukan YAML/JSON yang sah: {exc}")]) from None
    if not isinstance(raw, dict):
        raise SpecError([FieldError("(berkas)", "isi spesifikasi harus berupa objek")])
    logo = (raw.get("branding") or {}).get("logo") if isinstance(raw.get("branding"), dict) else None
    if isinstance(logo, str) and not Path(logo).is_absolute():
        raw["branding"]["logo"] = str((path.parent / logo).resolve())
    return raw
