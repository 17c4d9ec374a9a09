"""Core endpoints: the regency's own kecamatan and desa (public)."""

from __future__ import annotations

from kiblat.platform.api.errors import ApiError
from kiblat.platform.api.routes import ApiRoutes
from kiblat.platform.regions.lookup import UnknownRegion, desa_of, kecamatan_of, region_name
from kiblat.tenants.context import current_tenant

api = ApiRoutes("wilayah", "Kecamatan dan desa/kelurahan di daerah ini")

REGION_LIST = {
    "type": "object",
    "required": ["items"],
    "properties": {
        "items": {"type": "array", "items": {
            "type": "object", "required": ["code", "name"],
            "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
        }},
    },
}


@api.route("/wilayah/kecamatan", name="kecamatan", summary="Daftar kecamatan di daerah ini",
           response_schema=REGION_LIST)
def kecamatan() -> dict:
    return {"items": [{"code": r.code, "name": r.name} for r in kecamatan_of(current_tenant.region_code)]}


@api.route("/wilayah/kecamatan/<code>/desa", name="desa", summary="Daftar desa/kelurahan di satu kecamatan",
           parameters=({"name": "code", "in": "path", "required": True, "description": "Kode kecamatan, mis. 12.07.01",
                        "schema": {"type": "string"}},),
           response_schema=REGION_LIST)
def desa(code: str) -> dict:
    try:
        if region_name(code) is None:
            raise UnknownRegion(code)
        items = desa_of(code)
    except UnknownRegion:
        raise ApiError(404, "not_found", f"Kecamatan '{code}' tidak ada di daerah ini.") from None
    return {"kecamatan": code, "items": [{"code": r.code, "name": r.name} for r in items]}
