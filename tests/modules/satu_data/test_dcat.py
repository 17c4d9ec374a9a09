"""DCAT output parses with rdflib and carries the dataset's main fields; internal datasets never
appear."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from kiblat.tenants.context import tenant_context
from tests.modules.satu_data.helpers import person, published_dataset


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("satu_data",))


def _publish(app, tenant):
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        walidata, producer = person("walidata", "DISKOMINFO"), person("produsen_data", "DINKES")
        public = published_dataset(producer, walidata, "Jumlah puskesmas", name="puskesmas")
        published_dataset(producer, walidata, "Data internal pegawai", name="pegawai", private=True)
        return public.package_id, public.package


def test_dataset_jsonld_and_turtle_round_trip_the_main_fields(app, tenant):
    package_id, package = _publish(app, tenant)
    client, host = app.test_client(), f"http://{tenant.primary_host}"
    page = URIRef(f"{host}/data/dataset/puskesmas")
    for path, rdf_format in (("/data/dataset/puskesmas.jsonld", "json-ld"), ("/data/dataset/puskesmas.ttl", "turtle")):
        response = client.get(path, base_url=host)
        assert response.status_code == 200
        graph = Graph().parse(data=response.get_data(as_text=True), format=rdf_format, publicID=host)
        assert (page, RDF.type, DCAT.Dataset) in graph
        assert graph.value(page, DCTERMS.title) == Literal("Jumlah puskesmas", lang="id")
        assert str(graph.value(page, DCTERMS.identifier)) == package_id
        assert {str(k) for k in graph.objects(page, DCAT.keyword)} == {"kesehatan", "puskesmas"}
        assert str(graph.value(graph.value(page, DCTERMS.publisher), FOAF.name)) == "Dinas DINKES"
        assert graph.value(page, DCTERMS.modified) is not None
        assert str(graph.value(page, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"
        [distribution] = graph.objects(page, DCAT.distribution)
        resource = package["resources"][0]
        assert str(graph.value(distribution, DCAT.downloadURL)) == host + resource["url"]
        assert str(graph.value(distribution, DCTERMS.format)) == "CSV"
        assert int(graph.value(distribution, DCAT.byteSize)) == resource["size"]
        assert str(graph.value(distribution, DCAT.mediaType)).endswith("text/csv")
    assert client.get("/data/dataset/pegawai.jsonld", base_url=host).status_code == 404


def test_catalog_lists_public_datasets_and_filters_by_modified_since(app, tenant):
    package_id, _ = _publish(app, tenant)
    client, host = app.test_client(), f"http://{tenant.primary_host}"
    graph = Graph().parse(data=client.get("/data/catalog.jsonld", base_url=host).get_data(as_text=True),
                          format="json-ld")
    [catalog] = graph.subjects(RDF.type, DCAT.Catalog)
    datasets = list(graph.objects(catalog, DCAT.dataset))
    assert [str(graph.value(d, DCTERMS.identifier)) for d in datasets] == [package_id]
    later = client.get("/data/catalog.jsonld?modified_since=2999-01-01T00:00:00Z", base_url=host)
    assert not list(Graph().parse(data=later.get_data(as_text=True), format="json-ld").subjects(RDF.type, DCAT.Dataset))
    assert client.get("/data/catalog.jsonld?modified_since=kemarin", base_url=host).status_code == 400
