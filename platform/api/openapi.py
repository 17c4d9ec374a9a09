"""The OpenAPI 3.1 document of one regency: the core endpoints plus those of the modules it
has enabled, with the client-credentials security scheme and the scopes it offers."""

from __future__ import annotations

from kiblat.platform.api.routes import ApiRoute, ApiRoutes
from kiblat.platform.identity.api.scopes import available_scopes
from kiblat.tenants.context import TenantInfo

CORE = "core"
SCHEME = "oauth2"
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "Kode galat yang stabil, untuk program"},
        "message": {"type": "string", "description": "Penjelasan dalam Bahasa Indonesia"},
    },
}
ERROR_RESPONSES = {
    "400": "Data permintaan tidak sah",
    "401": "Token akses tidak ada, tidak sah atau kedaluwarsa",
    "403": "Token tidak memiliki cakupan yang diperlukan",
    "404": "Tidak ditemukan",
    "413": "Badan permintaan terlalu besar",
    "415": "Badan permintaan bukan application/json",
    "429": "Terlalu banyak percobaan yang gagal dari alamat ini; coba lagi nanti (lihat Retry-After)",
}


def _error_ref(status: str) -> dict:
    return {"$ref": f"#/components/responses/Error{status}"}


def _operation(owner: str, tag: str, route: ApiRoute) -> dict:
    declared = {p["name"] for p in route.parameters if p.get("in") == "path"}
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in route.path_parameters if name not in declared
    ] + list(route.parameters)
    responses: dict = {str(route.status): {
        "description": route.summary,
        "content": {"application/json": {"schema": route.response_schema}},
    }}
    if route.body is not None or route.parameters:
        responses["400"] = _error_ref("400")
    if route.body is not None:
        responses["413"] = _error_ref("413")
        responses["415"] = _error_ref("415")
    if route.scope:
        responses["401"] = _error_ref("401")
        responses["403"] = _error_ref("403")
    if route.path_parameters or owner != CORE:
        responses["404"] = _error_ref("404")
        responses["429"] = _error_ref("429")
    operation: dict = {
        "operationId": f"{owner}_{route.name}",
        "summary": route.summary,
        "tags": [tag],
        "responses": responses,
        "security": [{SCHEME: [route.scope]}] if route.scope else [],
    }
    if route.description:
        operation["description"] = route.description
    if parameters:
        operation["parameters"] = parameters
    if route.body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": route.body}}}
    return operation


def _token_path() -> dict:
    form = {
        "type": "object",
        "required": ["grant_type"],
        "properties": {
            "grant_type": {"type": "string", "enum": ["client_credentials"]},
            "scope": {"type": "string", "description": "Cakupan dipisah spasi; kosong berarti semua cakupan klien"},
            "client_id": {"type": "string"},
            "client_secret": {"type": "string"},
        },
    }
    token = {
        "type": "object",
        "required": ["access_token", "token_type", "expires_in"],
        "properties": {"access_token": {"type": "string"}, "token_type": {"type": "string"},
                       "expires_in": {"type": "integer"}, "scope": {"type": "string"}},
    }
    return {"post": {
        "operationId": "core_token",
        "summary": "Meminta token akses (OAuth2 client credentials)",
        "tags": ["oauth"],
        "security": [],
        "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": form}}},
        "responses": {
            "200": {"description": "Token akses", "content": {"application/json": {"schema": token}}},
            "400": _error_ref("400"),
            "401": _error_ref("401"),
            "429": _error_ref("429"),
        },
    }}


def build_document(tenant: TenantInfo, contributions: list[tuple[str, ApiRoutes]], base_url: str) -> dict:
    paths: dict[str, dict] = {"/oauth/token": _token_path()}
    tags = [{"name": "oauth", "description": "Token akses"}]
    for owner, routes in contributions:
        if owner != CORE and owner not in tenant.modules:
            continue
        tags.append({"name": routes.tag, "description": routes.description} if routes.description
                    else {"name": routes.tag})
        for route in routes.routes:
            paths.setdefault(route.openapi_path, {})[route.method.lower()] = _operation(owner, routes.tag, route)
    scopes = {key: scope.description.id for key, scope in sorted(available_scopes(tenant).items())}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"API {tenant.official_name}",
            "version": "1",
            "description": "API layanan digital pemerintah daerah di platform Kiblat.",
        },
        "servers": [{"url": base_url}],
        "tags": tags,
        "paths": paths,
        "components": {
            "schemas": {"Error": ERROR_SCHEMA},
            "responses": {
                f"Error{status}": {"description": text,
                                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                for status, text in ERROR_RESPONSES.items()
            },
            "securitySchemes": {SCHEME: {
                "type": "oauth2",
                "description": "Token dari klien API yang dibuat admin daerah di /admin/api",
                "flows": {"clientCredentials": {"tokenUrl": base_url + "/oauth/token", "scopes": scopes}},
            }},
        },
    }
