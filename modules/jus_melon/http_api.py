"""Jus Melon's endpoints in the regency's API (``/api/v1/iumk``)."""

from __future__ import annotations

from flask import request

from kiblat.modules.jus_melon.services import registry
from kiblat.platform.api.errors import ApiError
from kiblat.platform.api.routes import ApiRoutes

api = ApiRoutes("iumk", "Jus Melon: daftar publik usaha mikro/kecil dan verifikasi IUMK")

ENTRY = {"type": "object", "properties": {
    "number": {"type": "string"}, "business_name": {"type": "string"}, "activity": {"type": "string"},
    "desa_code": {"type": "string"}, "scale": {"type": "string"}}}


def _entry(business) -> dict:  # noqa: ANN001
    return {"number": business.number, "business_name": business.business_name,
            "activity": f"{business.activity.code} {business.activity.name}", "desa_code": business.desa_code,
            "scale": business.scale}


@api.route("/iumk/usaha", "GET", name="registry", summary="Cari usaha dalam daftar publik IUMK",
           parameters=({"name": "q", "in": "query", "required": False, "schema": {"type": "string"}},
                       {"name": "activity_id", "in": "query", "required": False, "schema": {"type": "integer"}},
                       {"name": "desa", "in": "query", "required": False, "schema": {"type": "string"}}),
           response_schema={"type": "object", "properties": {"items": {"type": "array", "items": ENTRY}}})
def search() -> dict:
    items = registry.search(request.args.get("q", ""), request.args.get("activity_id", type=int),
                            request.args.get("desa", ""))
    return {"items": [_entry(b) for b in items]}


@api.route("/iumk/verifikasi/<token>", "GET", name="verify", summary="Verifikasi IUMK",
           response_schema={"type": "object", "properties": {"valid": {"type": "boolean"}}})
def verify(token: str) -> dict:
    business = registry.by_verify_token(token)
    if business is None:
        raise ApiError(404, "not_found", "IUMK tidak ditemukan.")
    return {"valid": True, **_entry(business), "owner": business.owner_name}
