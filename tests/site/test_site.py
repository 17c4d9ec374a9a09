"""The public platform site: about, module catalogue and the adoption page with real counts."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from kiblat.platform.core.extensions import db
from kiblat.platform.regions.models import Province, Regency
from kiblat.tenants import services
from kiblat.tenants.models import Tenant

BASE = "http://kiblat.test"


def _page(client: FlaskClient, path: str, host: str = BASE) -> str:
    response = client.get(path, base_url=host)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _province_counts(html: str) -> dict[str, tuple[int, dict[str, int]]]:
    """``{province code: (adopting, {module: count})}`` from the province header rows."""
    counts = {}
    for match in re.finditer(r'<tbody class="province" id="provinsi-(\d+)">\s*<tr>(.*?)</tr>', html, re.S):
        row = match.group(2)
        adopting = int(re.search(r'data-count="(\d+)"', row).group(1))
        modules = {m: int(n) for m, n in re.findall(r'data-module="([a-z_]+)">(\d+)<', row)}
        counts[match.group(1)] = (adopting, modules)
    return counts


def _total(html: str, element_id: str) -> int:
    return int(re.search(rf'id="{element_id}">(\d+)<', html).group(1))


def _free_regencies(app: Flask, provinces: int) -> list[str]:
    """An unused regency in each of ``provinces`` different provinces, from the end of the list."""
    with app.app_context():
        used = set(db.session.scalars(select(Tenant.region_code)))
        chosen: dict[str, str] = {}
        for code, province in db.session.execute(
            select(Regency.code, Regency.province_code).order_by(Regency.code.desc())
        ):
            if code not in used and province not in chosen:
                chosen[province] = code
            if len(chosen) == provinces:
                break
        return list(chosen.values())


def test_adoption_page_counts_active_tenants_per_province_and_module(app, client, make_tenant):
    before_html = _page(client, "/adopsi")
    before = _province_counts(before_html)
    assert len(before) == 38  # every province of Indonesia, from the control plane
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Province)) == 38
        regencies = db.session.scalar(select(func.count()).select_from(Regency))
    assert regencies == 514
    assert "38 provinsi, 514 kabupaten/kota" in before_html

    a, b, c = _free_regencies(app, 3)
    one = make_tenant(modules=("pengumuman",), region=a)
    make_tenant(modules=(), region=b)
    suspended = make_tenant(modules=("pengumuman",), region=c)
    with app.app_context():
        services.suspend_tenant(suspended.slug)

    html = _page(client, "/adopsi")
    after = _province_counts(html)
    pa, pb, pc = a[:2], b[:2], c[:2]
    assert after[pa][0] == before[pa][0] + 1
    assert after[pa][1]["pengumuman"] == before[pa][1]["pengumuman"] + 1
    assert after[pb][0] == before[pb][0] + 1
    assert after[pb][1]["pengumuman"] == before[pb][1]["pengumuman"]  # enabled no module
    assert after[pc] == before[pc]  # suspended: not counted
    assert _total(html, "jumlah-pengguna") == _total(before_html, "jumlah-pengguna") + 2
    assert _total(html, "jumlah-modul-pengumuman") == _total(before_html, "jumlah-modul-pengumuman") + 1
    assert f"//{one.primary_host}/" in html and f"//{suspended.primary_host}/" not in html
    # The chart is server-rendered SVG; no script and no inline style anywhere.
    assert "<svg" in html and "<rect" in html
    assert "<script" not in html and "style=" not in html


def test_totals_match_the_registry(app, client, make_tenant):
    make_tenant()
    html = _page(client, "/adopsi")
    with app.app_context():
        active = db.session.scalar(select(func.count()).select_from(Tenant).where(Tenant.status == "active"))
    assert _total(html, "jumlah-pengguna") == active
    assert sum(n for n, _ in _province_counts(html).values()) == active


def test_catalogue_and_about_list_every_module_from_its_manifest(app, client):
    modules = list(app.extensions["kiblat_modules"])
    catalogue = _page(client, "/katalog-modul")
    about = _page(client, "/tentang")
    home = _page(client, "/")
    for manifest in modules:
        assert manifest.name.id in catalogue and manifest.description.id in catalogue
        assert manifest.name.id in home
    assert "Tentang Kiblat" in about
    # A module that needs another names it the way people know it, not by its key.
    for manifest in modules:
        for key in manifest.requires:
            assert f'href="#modul-{key}">{app.extensions["kiblat_modules"].get(key).name.id}</a>' in catalogue
            assert f'href="#modul-{key}">{key}</a>' not in catalogue
    client.get("/bahasa/en", base_url=BASE)  # the language switch sets a cookie
    english = html.unescape(_page(client, "/katalog-modul"))  # "operators' surveys" is sent as &#39;
    for manifest in modules:
        assert manifest.description.en in english


def test_site_pages_do_not_exist_on_a_regency_host(app, client, make_tenant):
    tenant = make_tenant()
    for path in ("/tentang", "/katalog-modul", "/adopsi"):
        assert client.get(path, base_url=f"http://{tenant.primary_host}").status_code == 404


def test_site_pages_send_the_strict_security_policy(client):
    response = client.get("/adopsi", base_url=BASE)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    css = client.get("/aset-situs/site.css", base_url=BASE)
    assert css.status_code == 200 and b".chart" in css.data
