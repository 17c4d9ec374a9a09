"""How the core and modules declare API endpoints: an ``ApiRoutes`` collection.

A module names its collection in its manifest (``http_api="kiblat.modules.x.http_api:api"``); the
platform mounts it under ``/api/v1`` and documents it in the OpenAPI document while the
module is enabled for the regency::

    api = ApiRoutes("pengumuman", "Pengumuman resmi pemerintah daerah")

    @api.route("/pengumuman", "POST", name="create", summary="Menerbitkan pengumuman",
               scope="pengumuman.write", body=SCHEMA, status=201)
    def create(body: dict) -> tuple[dict, int]:
        ...

A view returns a JSON-able dict (or ``(dict, status)`` / ``(dict, status, headers)``). With
``body`` the request must be a JSON object valid against that JSON Schema; the view receives
it as ``body``. With ``scope`` a bearer token holding that scope is required.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import request

from kiblat.platform.api.errors import ApiError

PATH_PARAMETER_RE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


@dataclass(frozen=True)
class ApiRoute:
    rule: str
    method: str
    name: str
    view: Callable
    summary: str
    description: str = ""
    scope: str | None = None
    parameters: tuple[dict, ...] = ()
    body: dict | None = None
    status: int = 200
    response_schema: dict = field(default_factory=lambda: {"type": "object"})

    @property
    def openapi_path(self) -> str:
        return PATH_PARAMETER_RE.sub(r"{\1}", self.rule)

    @property
    def path_parameters(self) -> list[str]:
        return PATH_PARAMETER_RE.findall(self.rule)


class ApiRoutes:
    def __init__(self, tag: str, description: str = "") -> None:
        self.tag, self.description = tag, description
        self.routes: list[ApiRoute] = []

    def route(self, rule: str, method: str = "GET", *, name: str, summary: str, description: str = "",
              scope: str | None = None, parameters: tuple[dict, ...] = (), body: dict | None = None,
              status: int = 200, response_schema: dict | None = None) -> Callable[[Callable], Callable]:
        if not rule.startswith("/"):
            raise ValueError(f"API rule {rule!r} must start with '/'")

        def register(view: Callable) -> Callable:
            self.routes.append(ApiRoute(
                rule, method.upper(), name, view, summary, description, scope, tuple(parameters), body, status,
                response_schema or {"type": "object"},
            ))
            return view

        return register


PAGE_PARAMETERS = (
    {"name": "page", "in": "query", "required": False, "description": "Nomor halaman, mulai dari 1",
     "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "required": False, "description": "Jumlah butir per halaman",
     "schema": {"type": "integer", "minimum": 1, "maximum": 50}},
)


def _positive_int(name: str, default: int, maximum: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ApiError(400, "validation_error", f"Parameter '{name}' harus bilangan bulat positif.")
    value = int(raw)
    if maximum is not None and value > maximum:
        raise ApiError(400, "validation_error", f"Parameter '{name}' paling besar {maximum}.")
    return value


def page_args(default_per_page: int = 10, maximum: int = 50) -> tuple[int, int]:
    """``page`` and ``per_page`` from the query string, validated (400 otherwise)."""
    return _positive_int("page", 1), _positive_int("per_page", default_per_page, maximum)
