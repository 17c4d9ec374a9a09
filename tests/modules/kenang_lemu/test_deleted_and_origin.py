"""OAI-PMH deleted records and the origin picked from the Kemendagri regions, on both backends.

A harvester that copied a record learns it is gone: withdrawing or deleting a published object
leaves ``<header status="deleted">`` in ListIdentifiers, ListRecords and GetRecord (every answer
valid against the OAI-PMH schema); a draft that was never published leaves nothing. The origin is
stored as the region code, shown and exported (Dublin Core coverage, CSV) with its name."""

from __future__ import annotations

import re

import pytest

from kiblat.modules.kenang_lemu.services import catalogue, transfer
from kiblat.platform.regions.lookup import desa_of, kecamatan_of
from tests.modules.kenang_lemu.helpers import add_object
from tests.modules.kenang_lemu.test_open_standards import NS, error_code, oai, small_pages
from tests.modules.kunjungan.helpers import in_tenant
from tests.modules.kunjungan.test_pages import person, post, text_of


@pytest.fixture
def regency(make_tenant):  # noqa: ANN001, ANN201
    return make_tenant(modules=("kunjungan", "kenang_lemu"))


def harvest(client, tenant, verb: str = "ListRecords", extra: str = "") -> dict[str, str | None]:  # noqa: ANN001
    """identifier → header status (None for a live record), following every resumption token."""
    seen: dict[str, str | None] = {}
    query = f"verb={verb}&metadataPrefix=oai_dc{extra}"
    while True:
        document = oai(client, tenant, query)
        if error_code(document) == "noRecordsMatch":
            return seen
        assert error_code(document) is None
        for header in document.iterfind(".//o:header", NS):
            identifier = header.findtext("o:identifier", namespaces=NS)
            assert identifier not in seen  # each identifier exactly once
            seen[identifier] = header.get("status")
        for record in document.iterfind(".//o:record", NS):
            deleted = record.find("o:header", NS).get("status") == "deleted"
            assert (record.find("o:metadata", NS) is None) == deleted  # a tombstone carries no metadata
        token = document.find(".//o:resumptionToken", NS)
        if token is None or not token.text:
            return seen
        query = f"verb={verb}&resumptionToken={token.text}"


def test_withdrawn_and_deleted_objects_are_harvested_as_deleted_records(app, client, regency) -> None:  # noqa: ANN001
    small_pages(app, regency, 2)
    with in_tenant(app, regency):
        objects = [add_object(f"KL-{n}", f"Benda {n}", collection="arkeologi" if n == 2 else "etnografi")
                   for n in range(5)]
        draft = add_object("DRAF-1", "Draf rahasia", published=False)
        ids = [o.id for o in objects]
        draft_id = draft.id
    host = regency.primary_host
    key = {object_id: f"oai:{host}:objek/{object_id}" for object_id in [*ids, draft_id]}
    assert oai(client, regency, "verb=Identify").findtext(".//o:deletedRecord", namespaces=NS) == "persistent"
    before = harvest(client, regency)
    assert before == {key[i]: None for i in ids}

    with in_tenant(app, regency):
        catalogue.set_published(catalogue.get(ids[1]), False)  # withdrawn
        catalogue.delete(catalogue.get(ids[2]))  # deleted while published
        catalogue.delete(catalogue.get(draft_id))  # never published: leaves no trace
    after = harvest(client, regency)
    assert after == {key[ids[0]]: None, key[ids[1]]: "deleted", key[ids[2]]: "deleted",
                     key[ids[3]]: None, key[ids[4]]: None}
    assert harvest(client, regency, "ListIdentifiers") == after
    assert harvest(client, regency, "ListIdentifiers", "&set=arkeologi") == {key[ids[2]]: "deleted"}

    record = oai(client, regency, f"verb=GetRecord&metadataPrefix=oai_dc&identifier={key[ids[2]]}")
    header = record.find(".//o:record/o:header", NS)
    assert header.get("status") == "deleted" and header.findtext("o:setSpec", namespaces=NS) == "arkeologi"
    assert record.find(".//o:metadata", NS) is None and "Benda 2" not in str(record.itertext())
    assert error_code(oai(client, regency, f"verb=GetRecord&metadataPrefix=oai_dc&identifier={key[draft_id]}")) \
        == "idDoesNotExist"
    assert oai(client, regency, f"verb=ListMetadataFormats&identifier={key[ids[1]]}").find(
        ".//o:metadataFormat", NS) is not None
    # A tombstone's datestamp is when it went, so an incremental harvest from then sees it.
    stamp = header.findtext("o:datestamp", namespaces=NS)
    assert key[ids[2]] in harvest(client, regency, "ListIdentifiers", f"&from={stamp}")

    with in_tenant(app, regency):
        catalogue.set_published(catalogue.get(ids[1]), True)  # published again: live once more
    again = oai(client, regency, f"verb=GetRecord&metadataPrefix=oai_dc&identifier={key[ids[1]]}")
    assert again.find(".//o:header", NS).get("status") is None and again.find(".//o:metadata", NS) is not None
    assert harvest(client, regency)[key[ids[1]]] is None


def test_an_import_that_unpublishes_leaves_a_deleted_record(app, client, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        object_id = add_object("KL-9", "Tepak sirih").id
        transfer.import_csv(b"inventory_number,title,published\nKL-9,Tepak sirih,tidak\n", "k.csv", 100_000)
    assert harvest(client, regency) == {f"oai:{regency.primary_host}:objek/{object_id}": "deleted"}


def test_the_origin_is_picked_from_the_regencys_regions_and_exported_by_name_and_code(app, client, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        kecamatan = kecamatan_of(regency.region_code)[0]
        desa = desa_of(kecamatan.code)[0]
    curator = person(app, regency, "kurator_museum")
    fields = {"inventory_number": "KL-20", "title": "Gong", "collection": "etnografi"}
    # Step one (no JavaScript): the kecamatan shows its desa; nothing is saved yet, nothing typed is lost.
    shown = post(curator, regency, "/museum/kelola/objek/baru",
                 {**fields, "origin_kecamatan": kecamatan.code, "langkah": "wilayah"}).get_data(as_text=True)
    assert f'value="{desa.code}"' in shown and 'value="Gong"' in shown
    with in_tenant(app, regency):
        assert catalogue.by_inventory_number("KL-20") is None
    created = post(curator, regency, "/museum/kelola/objek/baru",
                   {**fields, "origin_kecamatan": kecamatan.code, "origin_desa": desa.code})
    assert created.status_code == 302
    with in_tenant(app, regency):
        obj = catalogue.by_inventory_number("KL-20")
        assert obj.origin_code == desa.code and obj.origin == f"{desa.name}, {kecamatan.name}"
        catalogue.set_published(obj, True)
        object_id = obj.id
        exported = transfer.export_csv().decode("utf-8-sig")
    assert desa.code in exported and desa.name in exported
    edit = text_of(curator, regency, f"/museum/kelola/objek/{object_id}")
    assert re.search(rf'<option value="{re.escape(desa.code)}" selected>', edit)
    page = text_of(client, regency, f"/museum/objek/{object_id}")
    assert desa.name in page and desa.code not in page  # people read the name, never the code
    record = oai(client, regency, "verb=GetRecord&metadataPrefix=oai_dc"
                 f"&identifier=oai:{regency.primary_host}:objek/{object_id}")
    assert [c.text for c in record.iterfind(".//dc:coverage", NS)] == [
        f"{desa.name}, {kecamatan.name}", f"kemendagri:{desa.code}"]
    # A code outside the regency is refused with a clear message; free text stays for elsewhere.
    refused = post(curator, regency, f"/museum/kelola/objek/{object_id}",
                   {**fields, "origin_kecamatan": "99.99.99"}).get_data(as_text=True)
    assert "bukan kecamatan atau desa di daerah ini" in refused and 'value="Gong"' in refused
    with in_tenant(app, regency):
        with pytest.raises(catalogue.KenangLemuError, match="bukan kecamatan atau desa"):
            catalogue.save({"origin_code": "99.98.01"}, "etnografi", object_id=object_id)
        moved = catalogue.save({"origin_code": "", "origin": "Tanah Karo"}, "etnografi", object_id=object_id)
        assert (moved.origin_code, moved.origin) == ("", "Tanah Karo")
        with pytest.raises(catalogue.KenangLemuError, match="Baris 2: kode wilayah asal 99.98.01"):
            transfer.import_csv(b"inventory_number,title,origin_code\nKL-21,Piring,99.98.01\n", "k.csv", 100_000)
        assert catalogue.by_inventory_number("KL-21") is None
