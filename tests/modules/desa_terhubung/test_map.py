"""The regency map: valid SVG, every desa present and coloured by its status, clickable, and the
public page light enough for a regency of Deli Serdang's size (22 kecamatan, ~394 desa)."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET

from sqlalchemy import func, select

from kiblat.modules.desa_terhubung import api as desa
from kiblat.modules.desa_terhubung.services import maps
from kiblat.modules.desa_terhubung.services.registry import DesaStatus
from kiblat.platform.core.extensions import db
from kiblat.platform.maps import desa as desa_outlines
from kiblat.platform.regions.data import subregions_of_regency
from kiblat.platform.regions.models import Regency
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from kiblat.tenants.models import Tenant
from tests.conftest import get
from tests.modules.desa_terhubung.helpers import NO_SIGNAL, in_tenant, survey

SVG = "{http://www.w3.org/2000/svg}"
STATUSES = ("connected", "limited", "blankspot", "unknown")


def _rows(regency: str) -> list[DesaStatus]:
    kecamatan, villages = subregions_of_regency(regency)
    names = {k.code: k.name for k in kecamatan}
    return [DesaStatus(d.code, d.name, d.code.rsplit(".", 1)[0], names[d.code.rsplit(".", 1)[0]],
                       STATUSES[i % 4], None) for i, d in enumerate(villages)]


def _fills(svg: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    return {p.get("data-code"): p.get("fill") for p in root.iter(f"{SVG}path") if p.get("data-code")}


def test_deli_serdang_map_has_every_desa_in_its_colour_and_stays_light(app) -> None:  # noqa: ANN001
    with app.app_context():
        rows = _rows("12.07")
        assert len(rows) > 380
        svg = str(maps.connectivity_map("12.07", rows, lambda code: f"/desa-terhubung/desa/{code}"))
    fills = _fills(svg)
    drawn = {shape.code for shape in desa_outlines("12.07")}
    for row in rows:
        if row.code in drawn:  # a few desa have no outline upstream yet
            assert fills[row.code] == maps.COLOURS[row.status], row.code
    assert len(drawn & {r.code for r in rows}) > 380
    kecamatan = [code for code, fill in fills.items() if code.count(".") == 2]
    assert len(kecamatan) == 22 and all(fills[code] == "none" for code in kecamatan)
    assert svg.count('<a href="/desa-terhubung/desa/12.07.') == len(drawn & {r.code for r in rows})
    compressed = len(gzip.compress(svg.encode(), compresslevel=6))
    assert compressed < 30_000, compressed


def test_public_page_of_a_large_regency_is_under_50_kb(app, make_tenant, client) -> None:  # noqa: ANN001
    """The largest Sumatera Utara regency no other test holds; sent compressed, as the server does."""
    with app.app_context():
        used = set(db.session.scalars(select(Tenant.region_code)))
        free = [code for code in db.session.scalars(select(Regency.code).where(Regency.code.like("12.%")))
                if code not in used]
        region = max(free, key=lambda code: len(subregions_of_regency(code)[1]))
    tenant = make_tenant(modules=("desa_terhubung",), region=region)
    with in_tenant(app, tenant):
        rows = desa.all_desa()
        blank = rows[len(rows) // 2].code
        desa.verify(survey(blank, NO_SIGNAL).id, None)
    page = get(client, tenant.primary_host, "/desa-terhubung/")
    html = page.get_data(as_text=True)
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    fills = _fills(html[start:end])
    assert fills[blank] == maps.COLOURS["blankspot"]
    css = [get(client, tenant.primary_host, href) for href in
           ("/static/kiblat.css", "/brand.css", "/desa-terhubung/static/desa.css")]
    sent = len(gzip.compress(page.data, compresslevel=6)) + sum(len(gzip.compress(a.data, 6)) for a in css)
    print(f"\n{region}: {len(rows)} desa, page {len(page.data)} bytes raw, {sent} bytes sent compressed")
    assert sent < 50_000, sent
    with in_tenant(app, tenant):
        assert len(rows) == tenant_db.session.scalar(select(func.count()).select_from(Desa))
