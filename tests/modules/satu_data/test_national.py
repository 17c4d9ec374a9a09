"""The national catalogue on the platform host: every regency's public datasets together, the
regency as a facet, the same CKAN API; internal datasets and other regencies' data never leak."""

from __future__ import annotations

import ckanapi
import pytest
import requests

from kiblat.modules.satu_data.services import review
from kiblat.tenants.context import tenant_context
from tests.live_server import serving
from tests.modules.satu_data.helpers import perms, person, published_dataset

PLATFORM = "kiblat.test"


def _publish(app, tenant, title: str, private: bool = False):
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        walidata, producer = person("walidata", "DISKOMINFO"), person("produsen_data", "DINKES")
        dataset = published_dataset(producer, walidata, title, private=private)
        return dataset.id, dataset.package_id


@pytest.fixture
def regencies(make_tenant):
    return make_tenant(modules=("satu_data",)), make_tenant(modules=("satu_data",))


def test_the_platform_host_searches_every_regency_together(app, regencies):
    a, b = regencies
    _publish(app, a, "Jumlah puskesmas")
    _, private_package = _publish(app, a, "Data internal pegawai RAHASIA", private=True)
    b_dataset_id, b_package = _publish(app, b, "Jumlah sekolah dasar")
    client = app.test_client()
    page = client.get("/data/", base_url=f"http://{PLATFORM}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Jumlah puskesmas" in html and "Jumlah sekolah dasar" in html and "Data internal pegawai RAHASIA" not in html
    assert a.official_name in html and b.official_name in html
    only_b = client.get(f"/data/?regency={b.slug}", base_url=f"http://{PLATFORM}").get_data(as_text=True)
    assert "Jumlah sekolah dasar" in only_b and "Jumlah puskesmas" not in only_b
    # the tenant-only pages do not exist on the platform host
    assert client.get("/data/kelola/", base_url=f"http://{PLATFORM}").status_code == 404
    assert client.get("/data/catalog.jsonld", base_url=f"http://{PLATFORM}").status_code == 404

    with serving(app) as port:
        session = requests.Session()
        session.headers["Host"] = PLATFORM
        ckan = ckanapi.RemoteCKAN(f"http://127.0.0.1:{port}", session=session)
        found = ckan.action.package_search(rows=1000, **{"facet.field": ["regency", "organization"]})
        mine = [p for p in found["results"] if p["name"].startswith((a.slug, b.slug))]
        assert sorted(p["title"] for p in mine) == ["Jumlah puskesmas", "Jumlah sekolah dasar"]
        regency_facet = {i["name"]: i for i in found["search_facets"]["regency"]["items"]}
        assert regency_facet[a.slug]["count"] == 1 and regency_facet[a.slug]["display_name"] == a.official_name
        assert ckan.action.package_search(fq=f"regency:{b.slug}")["results"][0]["id"] == b_package
        package = ckan.action.package_show(id=f"{b.slug}-jumlah-sekolah-dasar")
        assert package["organization"]["name"] == f"{b.slug}-dinkes"
        assert {e["key"]: e["value"] for e in package["extras"]}["kabupaten_kota"] == b.official_name
        assert package["resources"][0]["url"].startswith(f"http://{b.primary_host}/data/dataset/")
        with pytest.raises(ckanapi.NotFound):
            ckan.action.package_show(id=private_package)
        assert f"{a.slug}-dinkes" in ckan.action.organization_list()

    # B's own API knows nothing of A
    b_api = client.get("/api/3/action/package_search?rows=1000", base_url=f"http://{b.primary_host}").get_json()
    assert [p["title"] for p in b_api["result"]["results"]] == ["Jumlah sekolah dasar"]

    # made internal: gone from the national catalogue at once
    with app.test_request_context(base_url=f"http://{b.primary_host}"), tenant_context(b):
        walidata = person("walidata", "DISKOMINFO2")
        review.set_private(b_dataset_id, True, perms(walidata))
    after = client.get("/api/3/action/package_show", query_string={"id": b_package}, base_url=f"http://{PLATFORM}")
    assert after.status_code == 404


def test_a_regency_that_switches_the_module_off_leaves_the_national_catalogue(app, make_tenant):
    from kiblat.tenants import services

    tenant = make_tenant(modules=("satu_data",))
    _, package_id = _publish(app, tenant, "Jumlah posyandu")
    client = app.test_client()
    assert client.get("/api/3/action/package_show", query_string={"id": package_id},
                      base_url=f"http://{PLATFORM}").status_code == 200
    with app.app_context():
        services.disable_module(tenant.slug, "satu_data")
    assert client.get("/api/3/action/package_show", query_string={"id": package_id},
                      base_url=f"http://{PLATFORM}").status_code == 404


def test_an_archived_regency_leaves_the_search_and_its_facets(app, make_tenant):
    from kiblat.tenants import services
    from kiblat.tenants.models import TenantStatus

    tenant = make_tenant(modules=("satu_data",))
    _, package_id = _publish(app, tenant, "Jumlah posyandu aktif")
    client = app.test_client()

    def national(**params: str) -> dict:
        return client.get("/api/3/action/package_search", query_string=params,
                          base_url=f"http://{PLATFORM}").get_json()["result"]

    found = national(fq=f"regency:{tenant.slug}", **{"facet.field": '["regency"]'})
    assert [p["id"] for p in found["results"]] == [package_id] and found["facets"]["regency"] == {tenant.slug: 1}
    with app.app_context():
        services.set_status(tenant.slug, TenantStatus.ARCHIVED)
    found = national(q="posyandu aktif", **{"facet.field": '["regency"]'})
    assert package_id not in [p["id"] for p in found["results"]] and tenant.slug not in found["facets"]["regency"]
    with app.app_context():
        services.set_status(tenant.slug, TenantStatus.ACTIVE)
    assert [p["id"] for p in national(fq=f"regency:{tenant.slug}")["results"]] == [package_id]
