"""DCAT (DCAT-AP field mapping) of published datasets, built as an RDF graph with rdflib and
written as JSON-LD or Turtle: never text assembled by hand."""

from __future__ import annotations

from datetime import datetime

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LICENSE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "ODbL-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
}
FREQUENCY_URIS = {"tahunan": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
                  "triwulanan": "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
                  "bulanan": "http://publications.europa.eu/resource/authority/frequency/MONTHLY"}
CONTEXT = {"dcat": str(DCAT), "dct": str(DCTERMS), "foaf": str(FOAF), "vcard": str(VCARD), "xsd": str(XSD)}


def _graph() -> Graph:
    graph = Graph()
    for prefix, namespace in CONTEXT.items():
        graph.bind(prefix, namespace)
    return graph


def _when(text: str | None) -> Literal | None:
    if not text:
        return None
    return Literal(datetime.fromisoformat(text).isoformat(timespec="seconds") + "Z", datatype=XSD.dateTime)


def add_dataset(graph: Graph, package: dict, page_url: str) -> URIRef:
    """Triples of one CKAN package dict (links already absolute)."""
    node = URIRef(page_url)
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(package["id"])))
    graph.add((node, DCTERMS.title, Literal(package["title"], lang="id")))
    if package.get("notes"):
        graph.add((node, DCTERMS.description, Literal(package["notes"], lang="id")))
    for tag in package.get("tags", []):
        graph.add((node, DCAT.keyword, Literal(tag["name"], lang="id")))
    for group in package.get("groups", []):
        graph.add((node, DCAT.theme, Literal(group["title"], lang="id")))
    for prop, key in ((DCTERMS.issued, "metadata_created"), (DCTERMS.modified, "metadata_modified")):
        value = _when(package.get(key))
        if value is not None:
            graph.add((node, prop, value))
    publisher = BNode()
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(package["organization"]["title"])))
    extras = {e["key"]: e["value"] for e in package.get("extras", [])}
    if package.get("maintainer"):
        contact = BNode()
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((contact, RDF.type, VCARD.Kind))
        graph.add((contact, VCARD.fn, Literal(package["maintainer"])))
    if extras.get("frequency") in FREQUENCY_URIS:
        graph.add((node, DCTERMS.accrualPeriodicity, URIRef(FREQUENCY_URIS[extras["frequency"]])))
    if extras.get("cakupan_wilayah"):
        graph.add((node, DCTERMS.spatial, Literal(extras["cakupan_wilayah"])))
    license_url = LICENSE_URLS.get(package.get("license_id", ""))
    graph.add((node, DCAT.landingPage, URIRef(page_url)))
    for resource in package.get("resources", []):
        distribution = URIRef(f"{page_url}#sumber-{resource['id']}")
        graph.add((node, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(resource["name"])))
        graph.add((distribution, DCAT.accessURL, URIRef(resource["url"])))
        if resource.get("url_type") == "upload":
            graph.add((distribution, DCAT.downloadURL, URIRef(resource["url"])))
        graph.add((distribution, DCTERMS.format, Literal(resource["format"])))
        if resource.get("mimetype"):
            graph.add((distribution, DCAT.mediaType,
                       URIRef(f"https://www.iana.org/assignments/media-types/{resource['mimetype']}")))
        if resource.get("size") is not None:
            graph.add((distribution, DCAT.byteSize, Literal(resource["size"], datatype=XSD.nonNegativeInteger)))
        if license_url:
            graph.add((distribution, DCTERMS.license, URIRef(license_url)))
        modified = _when(resource.get("last_modified"))
        if modified is not None:
            graph.add((distribution, DCTERMS.modified, modified))
    if license_url:
        graph.add((node, DCTERMS.license, URIRef(license_url)))
    return node


def dataset_graph(package: dict, page_url: str) -> Graph:
    graph = _graph()
    add_dataset(graph, package, page_url)
    return graph


def catalog_graph(title: str, catalog_url: str, homepage: str, packages: list[tuple[dict, str]],
                  next_url: str | None = None) -> Graph:
    """A dcat:Catalog of ``(package, page url)`` pairs; ``next_url`` links the next page."""
    graph = _graph()
    catalog = URIRef(catalog_url)
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(title, lang="id")))
    graph.add((catalog, FOAF.homepage, URIRef(homepage)))
    for package, page_url in packages:
        graph.add((catalog, DCAT.dataset, add_dataset(graph, package, page_url)))
    if next_url:
        hydra = Namespace("http://www.w3.org/ns/hydra/core#")
        graph.bind("hydra", hydra)
        graph.add((catalog, hydra.next, URIRef(next_url)))
    return graph


def as_jsonld(graph: Graph) -> str:
    return graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True)


def as_turtle(graph: Graph) -> str:
    return graph.serialize(format="turtle")
