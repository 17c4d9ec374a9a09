"""Building blocks for MeSRA Bertuah tests: a regency with schools, TPPK and Satgas accounts."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiblat.modules.mesra.services import reports, schools
from kiblat.platform import throttle
from kiblat.platform.throttle.lookups import LOOKUP_IP
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Kecamatan
from tests.identity.helpers import add_user, csrf_token, sign_in

CODE_RE = re.compile(r'id="receipt-code"[^>]*>([\d ]+)<')


@dataclass
class Regency:
    tenant: TenantInfo
    school_a: int
    school_b: int
    tppk_a: int  # user ids
    tppk_b: int
    satgas: int


def first_kecamatan() -> str:
    return tenant_db.session.scalar(select(Kecamatan.code).order_by(Kecamatan.code).limit(1))


def npsn() -> str:
    return f"{secrets.randbelow(10**8):08d}"


def regency(app: Flask, make_tenant) -> Regency:  # noqa: ANN001
    tenant = make_tenant(modules=("mesra",))
    tppk_a = add_user(app, tenant, "tppk", email=f"tppk-a@{tenant.slug}.example.id")
    tppk_b = add_user(app, tenant, "tppk", email=f"tppk-b@{tenant.slug}.example.id")
    satgas = add_user(app, tenant, "satgas_ppksp", email=f"satgas@{tenant.slug}.example.id")
    with app.app_context(), tenant_context(tenant):
        kec = first_kecamatan()
        a = schools.add_school(npsn(), "SD Negeri 1 Contoh", "sd", "negeri", kec)
        b = schools.add_school(npsn(), "SMP Swasta Harapan", "smp", "swasta", kec)
        for school, user_email in ((a, f"tppk-a@{tenant.slug}.example.id"), (b, f"tppk-b@{tenant.slug}.example.id")):
            schools.set_team(school, "421/1/2026", date(2026, 1, 2), date(2028, 1, 2))
            schools.add_member(school, "Bu Guru", "guru", True, user_email)
            schools.add_member(school, "Pak Guru", "guru")
            schools.add_member(school, "Ibu Komite", "komite")
        schools.add_satgas("Satgas Satu", "Dinas Pendidikan", f"satgas@{tenant.slug}.example.id")
        tenant_db.session.commit()
        ids = a.id, b.id
        throttle.reset(LOOKUP_IP, "127.0.0.1", tenant.slug)
    return Regency(tenant, ids[0], ids[1], tppk_a, tppk_b, satgas)


def submit(app: Flask, tenant: TenantInfo, school_id: int, what: str = "Saya dipukul kakak kelas di kantin.",
           **extra) -> tuple[int, str]:
    with app.app_context(), tenant_context(tenant):
        report, code = reports.submit(reports.NewReport(school_id, extra.pop("violence_form", "fisik"), what, **extra))
        return report.id, code


def signed_in(app: Flask, tenant: TenantInfo, who: str) -> FlaskClient:
    client = app.test_client()
    response = sign_in(client, tenant, f"{who}@{tenant.slug}.example.id")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def post_form(client: FlaskClient, tenant: TenantInfo, page: str, action: str, data: dict, **kwargs):  # noqa: ANN201
    host = f"http://{tenant.primary_host}"
    html = client.get(page, base_url=host).get_data(as_text=True)
    return client.post(action, base_url=host, data={**data, "csrf_token": csrf_token(html)}, **kwargs)
