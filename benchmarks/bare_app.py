"""Baseline for the home-page benchmark: a bare Flask app, no Kiblat code at all.

It reads the same control-plane rows the platform uses (tenant by host, its branding
and enabled modules) with plain SQLAlchemy Core and renders comparable HTML. With
``BARE_LOOKUP=request`` (default) it queries the database on every request; with
``BARE_LOOKUP=cached`` each worker keeps the rows in a dict after the first request,
as the platform's tenant registry does. Configured by the same ``KIBLAT_*`` variables.
"""

from __future__ import annotations

import os

from flask import Flask, abort, render_template, request
from sqlalchemy import create_engine, text

DATABASE_URL = os.environ["KIBLAT_DATABASE_URL"]
LOOKUP = os.environ.get("BARE_LOOKUP", "request")
MODULE_TEXTS = {
    "pengumuman": (
        "Pengumuman",
        "Pengumuman resmi pemerintah daerah untuk warga, lengkap dengan umpan RSS.",
    ),
}
TENANT_SQL = text(
    "SELECT t.id, t.official_name, t.short_name, b.tagline, b.head_title, b.head_name,"
    " b.primary_color FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id"
    " LEFT JOIN tenant_branding b ON b.tenant_id = t.id"
    " WHERE d.host = :host AND t.status = 'active'"
)
MODULES_SQL = text(
    "SELECT module_key FROM tenant_modules WHERE tenant_id = :id AND enabled ORDER BY module_key"
)

app = Flask(__name__, template_folder="bare_templates", static_folder=None)
engine = create_engine(DATABASE_URL)
_cache: dict[str, tuple[dict, list[dict]] | None] = {}


def load(host: str) -> tuple[dict, list[dict]] | None:
    with engine.connect() as conn:
        row = conn.execute(TENANT_SQL, {"host": host}).mappings().first()
        if row is None:
            return None
        keys = conn.execute(MODULES_SQL, {"id": row["id"]}).scalars().all()
    modules = [
        {"url": f"/{key}/", "name": MODULE_TEXTS.get(key, (key, ""))[0],
         "description": MODULE_TEXTS.get(key, (key, ""))[1]}
        for key in keys
    ]
    return dict(row), modules


@app.get("/")
def home() -> str:
    host = request.host.split(":", 1)[0].lower()
    if LOOKUP == "cached":
        if host not in _cache:
            _cache[host] = load(host)
        found = _cache[host]
    else:
        found = load(host)
    if found is None:
        abort(404)
    tenant, modules = found
    return render_template("home.html", tenant=tenant, modules=modules)
