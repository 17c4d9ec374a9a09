"""Building blocks for Desa Terhubung tests."""

from __future__ import annotations

import secrets
from contextlib import ExitStack

from flask import Flask
from sqlalchemy import select

from kiblat.modules.desa_terhubung import api as desa
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from tests.identity.helpers import add_user, csrf_token, sign_in

STRONG_4G = (desa.Signal("telkomsel", "4g", "strong"),)
NO_SIGNAL = (desa.Signal("telkomsel", "none", "none"), desa.Signal("xl", "none", "none"))


def in_tenant(app: Flask, tenant: TenantInfo) -> ExitStack:
    stack = ExitStack()
    stack.enter_context(app.app_context())
    stack.enter_context(tenant_context(tenant))
    return stack


def desa_codes(limit: int = 2) -> list[str]:
    return list(tenant_db.session.scalars(select(Desa.code).order_by(Desa.code).limit(limit)))


def token() -> str:
    return secrets.token_urlsafe(24)


def survey(code: str, signals=STRONG_4G, **kwargs):  # noqa: ANN001, ANN003, ANN201
    found, _new = desa.submit(desa.SurveyInput(desa_code=code, signals=signals, **kwargs), token(), user_id=None)
    return found


def person(app: Flask, tenant: TenantInfo, role: str, **extra):  # noqa: ANN003, ANN201
    email = f"{role}-{secrets.token_hex(3)}@example.id"
    user_id = add_user(app, tenant, role=role, email=email, **extra)
    client = app.test_client()
    assert sign_in(client, tenant, email).status_code == 302
    return client, user_id


def post(client, tenant: TenantInfo, path: str, data: dict, page: str | None = None):  # noqa: ANN001, ANN201
    host = f"http://{tenant.primary_host}"
    token_ = csrf_token(client.get(page or path, base_url=host).get_data(as_text=True))
    return client.post(path, base_url=host, data={"csrf_token": token_, **data})


def text_of(client, tenant: TenantInfo, path: str) -> str:  # noqa: ANN001
    response = client.get(path, base_url=f"http://{tenant.primary_host}")
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)
