"""JSON Schema of a tenant spec (YAML or JSON file, or the same fields from the CLI)."""

from __future__ import annotations

from kiblat.platform.regions.data import TIME_ZONES
from kiblat.tenants.models import SLUG_PATTERN
from kiblat.tenants.servers import SERVER_NAME_PATTERN

COLOR = {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}
# Deliberately simple: one @, no spaces, a dot in the domain. Delivery proves the rest.
EMAIL = {"type": "string", "maxLength": 254, "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"}
HOST = {"type": "string", "maxLength": 253, "pattern": r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"}

SPEC_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Kiblat tenant spec",
    "type": "object",
    "additionalProperties": False,
    "required": ["region"],
    "properties": {
        "region": {"type": "string", "pattern": r"^\d{2}\.\d{2}$"},
        "slug": {"type": "string", "pattern": SLUG_PATTERN},
        "names": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "official": {"type": "string", "minLength": 3, "maxLength": 200},
                "short": {"type": "string", "minLength": 2, "maxLength": 100},
            },
        },
        "time_zone": {"enum": list(TIME_ZONES)},
        "branding": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "logo": {"type": "string", "minLength": 1},
                "primary_color": COLOR,
                "accent_color": COLOR,
                "tagline": {"type": "string", "maxLength": 200},
                "head_title": {"type": "string", "maxLength": 60},
                "head_name": {"type": "string", "maxLength": 120},
            },
        },
        "domains": {"type": "array", "items": HOST, "uniqueItems": True},
        "modules": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z][a-z0-9_]{1,39}$"},
            "additionalProperties": {"type": ["object", "null"]},
        },
        "users": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "email", "role"],
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 120},
                    "email": EMAIL,
                    "role": {"type": "string", "pattern": "^[a-z][a-z0-9_.]{1,59}$"},
                },
            },
        },
        "template": {"type": "string", "pattern": SLUG_PATTERN},
        # The database server to place the tenant on (default: the least-loaded open one).
        "database_server": {"type": "string", "pattern": SERVER_NAME_PATTERN},
    },
}
