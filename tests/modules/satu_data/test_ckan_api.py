"""The CKAN-compatible Action API, driven by the real CKAN client library (``ckanapi``) against a
live server on loopback, and by a CKAN-harvester paging loop while datasets are being added."""

from __future__ import annotations

import ckanapi
import pytest
import requests

from kiblat.tenants.context import tenant_context
from tests.live_server import serving
from tests.modules.satu_data.helpers import person, published_dataset


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("satu_data",))


def _session(host: str) -> requests.Session:
    session = requests.Session()
    session.headers["Host"] = host  # the Host header decides the regency
    return session


def _publish(app, tenant, *titles: str, private: bool = False) -> list[str]:
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        walidata = person("walidata", "DISKOMINFO")
        producer = person("produsen_data", "DINKES")
        return [published_dataset(producer, walidata, title, private=private).package_id for title in titles]


def test_a_real_ckan_client_reads_the_catalogue(app, tenant):
    public = _publish(app, tenant, "Jumlah puskesmas", "Angka kematian ibu")
    [private] = _publish(app, tenant, "Data internal pegawai", private=True)
    with serving(app) as port:
        ckan = ckanapi.RemoteCKAN(f"http://127.0.0.1:{port}", session=_session(tenant.primary_host))
        assert ckan.action.status_show()["ckan_version"].startswith("2.")
        assert ckan.action.package_list() == ["angka-kematian-ibu", "jumlah-puskesmas"]
        package = ckan.action.package_show(id="jumlah-puskesmas")
        assert package["id"] in public and package["organization"]["name"] == "dinkes"
        assert package["resources"][0]["url"].startswith(f"http://{tenant.primary_host}/data/dataset/jumlah-puskesmas/")
        assert ckan.action.package_show(id=package["id"])["name"] == "jumlah-puskesmas"
        found = ckan.action.package_search(q="kematian", fq="organization:dinkes tags:kesehatan",
                                           **{"facet.field": ["organization", "tags", "res_format"]})
        assert [p["name"] for p in found["results"]] == ["angka-kematian-ibu"]
        assert found["search_facets"]["res_format"]["items"] == [{"name": "CSV", "display_name": "CSV", "count": 1}]
        assert ckan.action.package_search(fq="-groups:kesehatan")["count"] == 0
        assert [o["name"] for o in ckan.action.organization_list(all_fields=True)] == ["dinkes", "diskominfo"]
        assert ckan.action.organization_show(id="dinkes")["package_count"] == 2
        assert ckan.action.group_list() == ["kesehatan"]
        assert ckan.action.tag_list() == ["kesehatan", "puskesmas"]
        resource = package["resources"][0]
        assert ckan.action.resource_show(id=resource["id"])["url"] == resource["url"]
        assert requests.get(resource["url"].replace(tenant.primary_host, f"127.0.0.1:{port}"),
                            headers={"Host": tenant.primary_host}, timeout=10).content.startswith(b"kode_kecamatan")
        # the internal dataset does not exist for the API
        with pytest.raises(ckanapi.NotFound):
            ckan.action.package_show(id=private)
        assert private not in [p["id"] for p in ckan.action.package_search(rows=1000)["results"]]
        with pytest.raises(ckanapi.ValidationError):
            ckan.action.package_search(rows="banyak")
        with pytest.raises(ckanapi.ValidationError):
            ckan.action.package_search(rows=1001)
        with pytest.raises(ckanapi.SearchQueryError):
            ckan.action.package_search(fq="owner:siapa")
        with pytest.raises(ckanapi.SearchQueryError):
            ckan.action.package_search(sort="id sideways")


def test_bad_requests_get_ckans_error_envelope_never_a_500(app, tenant):
    client, host = app.test_client(), {"Host": tenant.primary_host}
    for path, status, kind in (
        ("/api/3/action/package_show?id=tidak-ada", 404, "Not Found Error"),
        ("/api/3/action/package_search?rows=-1", 409, "Validation Error"),
        ("/api/3/action/package_search?start=x", 409, "Validation Error"),
        ('/api/3/action/package_search?fq=metadata_modified:[kemarin TO *]', 409, "Search Query Error"),
        ('/api/3/action/package_search?fq=tags:"tidak tertutup', 409, "Search Query Error"),
        ("/api/3/action/package_search?facet.field=[\"nik\"]", 409, "Search Query Error"),
        ("/api/action/tidak_ada", 400, "Bad request - Action name not known"),
    ):
        response = client.get(path, headers=host)
        body = response.get_json()
        assert (response.status_code, body["success"], body["error"]["__type"]) == (status, False, kind), path
    broken = client.post("/api/3/action/package_search", headers=host, data=b"{tidak json",
                         content_type="application/json")
    assert broken.status_code == 400 and broken.get_json()["success"] is False
    listed = client.post("/api/3/action/package_search", headers=host, json=[1, 2])
    assert listed.status_code == 400


def test_a_harvester_paging_by_id_sees_every_dataset_once_while_more_are_published(app, tenant):
    """CKAN's harvester: ``sort=id asc``, ``rows=100`` (here 2), ``start += rows``, an fq on
    metadata_modified; datasets published meanwhile come after the ones it already has."""
    first = set(_publish(app, tenant, *(f"Statistik sektoral {n}" for n in range(5))))
    _publish(app, tenant, "Internal", private=True)
    seen: list[str] = []
    start, added = 0, []
    with serving(app) as port:
        session = _session(tenant.primary_host)
        while True:
            response = session.get(f"http://127.0.0.1:{port}/api/action/package_search", timeout=10, params={
                "fq": "metadata_modified:[2000-01-01T00:00:00.000Z TO *]", "rows": 2, "start": start,
                "sort": "id asc"})
            results = response.json()["result"]["results"]
            if not results:
                break
            seen += [p["id"] for p in results]
            start += 2
            if len(added) < 3:  # a new dataset is published between pages
                added += _publish(app, tenant, f"Data baru {len(added)}")
    assert len(seen) == len(set(seen)), "a dataset came twice"
    assert first <= set(seen) and set(added) <= set(seen)
    assert len(seen) == len(first) + len(added)  # the internal one never
