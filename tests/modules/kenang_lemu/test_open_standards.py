"""OAI-PMH 2.0 and IIIF Presentation 3.0 on both backends: every response valid against the
OAI-PMH schema shipped beside this file, a harvest with resumption tokens gets every published
object exactly once, the protocol's errors, nothing unpublished, nothing of another regency."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from kiblat.modules.kenang_lemu.services import images
from kiblat.tenants import services as tenant_services
from tests.conftest import get
from tests.modules.kenang_lemu.helpers import add_object, jpeg_with_exif
from tests.modules.kunjungan.helpers import in_tenant

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).with_name("schemas") / "OAI-PMH.xsd")))
NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/",
      "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/"}


@pytest.fixture
def regency(make_tenant):  # noqa: ANN001, ANN201
    return make_tenant(modules=("kunjungan", "kenang_lemu"))


def small_pages(app, tenant, size: int = 5) -> None:  # noqa: ANN001
    with app.app_context():
        tenant_services.update_module_settings(tenant.slug, "kenang_lemu", {"oai_page_size": size})


def oai(client, tenant, query: str):  # noqa: ANN001, ANN201
    response = get(client, tenant.primary_host, f"/museum/oai?{query}")
    assert response.status_code == 200 and response.mimetype == "text/xml"
    document = etree.fromstring(response.get_data())
    SCHEMA.assertValid(document)
    return document


def error_code(document) -> str | None:  # noqa: ANN001
    found = document.find("o:error", NS)
    return None if found is None else found.get("code")


def test_a_harvest_with_resumption_tokens_gets_every_published_object_once(app, client, regency) -> None:  # noqa: ANN001
    small_pages(app, regency)
    with in_tenant(app, regency):
        published = {add_object(f"KL-{n:04d}", f"Benda {n}", collection="etnografi" if n % 2 else "arkeologi").id
                     for n in range(1, 24)}
        for n in range(3):
            add_object(f"DRAF-{n}", f"Draf rahasia {n}", published=False)
    seen: list[str] = []
    query = "verb=ListRecords&metadataPrefix=oai_dc"
    pages = 0
    while True:
        document = oai(client, regency, query)
        assert error_code(document) is None
        seen += [e.text for e in document.iterfind(".//o:record/o:header/o:identifier", NS)]
        assert "rahasia" not in etree.tostring(document, encoding="unicode")
        pages += 1
        token = document.find(".//o:resumptionToken", NS)
        if token is None or not token.text:
            break
        query = f"verb=ListRecords&resumptionToken={token.text}"
    assert pages == 5  # 23 records, 5 a page
    assert len(seen) == len(set(seen)) == len(published)
    assert {int(i.rsplit("/", 1)[1]) for i in seen} == published
    identifiers = oai(client, regency, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=arkeologi")
    assert len(identifiers.findall(".//o:header", NS)) == 5
    assert identifiers.find(".//o:resumptionToken", NS).get("completeListSize") == "11"
    assert all(s.text == "arkeologi" for s in identifiers.iterfind(".//o:setSpec", NS))


def test_every_verb_answers_and_validates(app, client, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        obj = add_object("KL-0001", "Ulos Ragidup", title_en="Ragidup ulos", material="Kapas", culture="Karo")
        object_id = obj.id
    identify = oai(client, regency, "verb=Identify")
    assert identify.findtext(".//o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext(".//o:baseURL", namespaces=NS).endswith("/museum/oai")
    formats = oai(client, regency, "verb=ListMetadataFormats")
    assert formats.findtext(".//o:metadataPrefix", namespaces=NS) == "oai_dc"
    sets = oai(client, regency, "verb=ListSets")
    assert "etnografi" in [s.text for s in sets.iterfind(".//o:setSpec", NS)]
    identifier = f"oai:{regency.primary_host}:objek/{object_id}"
    record = oai(client, regency, f"verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}")
    titles = {t.get("{http://www.w3.org/XML/1998/namespace}lang"): t.text for t in record.iterfind(".//dc:title", NS)}
    assert titles == {"id": "Ulos Ragidup", "en": "Ragidup ulos"}
    assert record.findtext(".//o:request", namespaces=NS).endswith("/museum/oai")
    assert oai(client, regency, f"verb=ListMetadataFormats&identifier={identifier}").find(".//o:metadataFormat", NS) is not None


@pytest.mark.parametrize(("query", "code"), [
    ("", "badVerb"),
    ("verb=Jelajah", "badVerb"),
    ("verb=Identify&verb=Identify", "badVerb"),
    ("verb=Identify&extra=1", "badArgument"),
    ("verb=ListRecords", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=kemarin", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-01-02T00:00:00Z", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2027-01-02&until=2027-01-01", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=tidak-ada", "badArgument"),
    ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:lain:objek/1", "idDoesNotExist"),
    ("verb=ListRecords&resumptionToken=palsu", "badResumptionToken"),
    ("verb=ListRecords&resumptionToken=x&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2099-01-01", "noRecordsMatch"),
])
def test_bad_requests_get_the_protocols_error_codes(client, regency, query: str, code: str) -> None:  # noqa: ANN001
    document = oai(client, regency, query)
    assert error_code(document) == code
    if code in ("badVerb", "badArgument"):
        assert not document.find("o:request", NS).attrib  # nothing of a bad request is echoed


def test_drafts_and_other_regencies_never_appear(app, client, regency, make_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        shown = add_object("KL-0001", "Terbit")
        draft = add_object("KL-0002", "Draf", published=False)
        shown_id, draft_id = shown.id, draft.id
    draft_identifier = f"oai:{regency.primary_host}:objek/{draft_id}"
    assert error_code(oai(client, regency, f"verb=GetRecord&metadataPrefix=oai_dc&identifier={draft_identifier}")) \
        == "idDoesNotExist"
    assert get(client, regency.primary_host, f"/museum/iiif/{draft_id}/manifest.json").status_code == 404
    sitemap = get(client, regency.primary_host, "/museum/sitemap.xml").get_data(as_text=True)
    assert f"/museum/objek/{shown_id}<" in sitemap and f"/museum/objek/{draft_id}<" not in sitemap
    listed = oai(client, regency, "verb=ListIdentifiers&metadataPrefix=oai_dc")
    assert len(listed.findall(".//o:header", NS)) == 1
    other = make_tenant(modules=("kunjungan", "kenang_lemu"))
    identifier = f"oai:{regency.primary_host}:objek/{shown_id}"
    assert error_code(oai(client, other, f"verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}")) \
        == "idDoesNotExist"
    assert error_code(oai(client, other, "verb=ListRecords&metadataPrefix=oai_dc")) == "noRecordsMatch"
    assert get(client, other.primary_host, f"/museum/iiif/{shown_id}/manifest.json").status_code == 404


def test_a_token_of_another_regency_is_refused(app, client, regency, make_tenant) -> None:  # noqa: ANN001
    other = make_tenant(modules=("kunjungan", "kenang_lemu"))
    for tenant in (regency, other):
        small_pages(app, tenant, 2)
        with in_tenant(app, tenant):
            for n in range(3):
                add_object(f"KL-{n}", f"Benda {n}")
    token = oai(client, regency, "verb=ListIdentifiers&metadataPrefix=oai_dc").find(".//o:resumptionToken", NS)
    assert token.text and token.get("completeListSize") == "3" and token.get("cursor") == "0"
    assert error_code(oai(client, other, f"verb=ListIdentifiers&resumptionToken={token.text}")) == "badResumptionToken"
    tampered = token.text[:-2] + ("AA" if not token.text.endswith("AA") else "BB")
    assert error_code(oai(client, regency, f"verb=ListIdentifiers&resumptionToken={tampered}")) == "badResumptionToken"
    last = oai(client, regency, f"verb=ListIdentifiers&resumptionToken={token.text}").find(".//o:resumptionToken", NS)
    assert last.text is None and last.get("cursor") == "2"  # the last page: an empty token


def test_iiif_manifest_is_presentation_3_with_a_canvas_per_image(app, client, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        obj = add_object("KL-0005", "Gendang", title_en="Drum", rights="CC BY 4.0", material="Kayu")
        for n in range(2):
            images.add(obj, jpeg_with_exif((1200, 900)), f"g{n}.jpg", f"Gendang sisi {n}", f"Drum side {n}")
        object_id = obj.id
    response = get(client, regency.primary_host, f"/museum/iiif/{object_id}/manifest.json")
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    manifest = response.get_json()
    assert manifest["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert manifest["type"] == "Manifest" and manifest["label"] == {"id": ["Gendang"], "en": ["Drum"]}
    assert urlsplit(manifest["id"]).path == f"/museum/iiif/{object_id}/manifest.json"
    assert len(manifest["items"]) == 2
    for canvas in manifest["items"]:
        assert canvas["type"] == "Canvas" and canvas["width"] > 0 and canvas["height"] > 0
        assert set(canvas["label"]) == {"id", "en"}
        page = canvas["items"][0]
        annotation = page["items"][0]
        assert page["type"] == "AnnotationPage" and annotation["motivation"] == "painting"
        assert annotation["target"] == canvas["id"]
        body = annotation["body"]
        assert body["type"] == "Image" and body["format"] == "image/jpeg"
        picture = get(client, regency.primary_host, urlsplit(body["id"]).path)
        assert picture.status_code == 200 and picture.mimetype == "image/jpeg"
    assert get(client, regency.primary_host, urlsplit(manifest["homepage"][0]["id"]).path).status_code == 200
    assert re.search(r"Gendang", manifest["homepage"][0]["label"]["id"][0])
