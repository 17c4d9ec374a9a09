"""Producers deliver datasets with metadata; the walidata returns, rejects or publishes them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from kiblat.modules.satu_data.models import PUBLISHED, RETURNED, SUBMITTED, SUPERSEDED
from kiblat.modules.satu_data.services import access, catalogue, datasets, plans, review, search
from kiblat.modules.satu_data.services.metadata import MetadataError, parse_variables
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.modules.satu_data.helpers import (
    csv_table,
    good_csv,
    kecamatan_codes,
    meta,
    perms,
    person,
    published_dataset,
)


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("satu_data",))


@pytest.fixture
def ctx(app, tenant):
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        yield tenant


def test_table_errors_are_listed_row_by_row_and_block_submission(ctx):
    producer = person("produsen_data")
    dataset = datasets.create_dataset(producer, perms(producer), meta())
    version = dataset.versions[0]
    codes = kecamatan_codes(2)
    bad = csv_table([(codes[0], 2024, "lima"), ("99.99.99", 2024, 3), (codes[1], "", 4)])
    resource = datasets.add_table(version, producer, perms(producer), "puskesmas.csv", bad)
    problems = [(p["row"], p["column"]) for p in resource.problems]
    assert problems == [(2, "jumlah"), (3, "kode_kecamatan"), (4, "tahun")]
    assert "lima" in resource.problems[0]["message"] and "bilangan bulat" in resource.problems[0]["message"]
    assert "tidak dikenal" in resource.problems[1]["message"]
    with pytest.raises(datasets.DatasetError, match="kesalahan"):
        datasets.submit(version, producer, perms(producer))
    datasets.remove_resource(version, producer, perms(producer), resource.id)
    datasets.add_table(version, producer, perms(producer), "puskesmas.csv", good_csv())
    datasets.submit(version, producer, perms(producer))
    assert version.status == SUBMITTED


def test_missing_columns_and_unreadable_variables(ctx):
    producer = person("produsen_data")
    dataset = datasets.create_dataset(producer, perms(producer), meta())
    resource = datasets.add_table(dataset.versions[0], producer, perms(producer), "x.csv", b"tahun,jumlah\n2024,1\n")
    assert resource.problems == [{"row": 1, "column": "kode_kecamatan",
                                  "message": "kolom kode_kecamatan tidak ada di baris judul"}]
    with pytest.raises(MetadataError, match="tipe harus"):
        parse_variables("jumlah; Jumlah; unit; uang")
    with pytest.raises(MetadataError, match="titik koma"):
        parse_variables("jumlah, Jumlah, unit, bilangan")


def test_return_fix_resubmit_then_publish_keeps_history_and_audit(ctx):
    producer, walidata = person("produsen_data"), person("walidata", "DISKOMINFO")
    dataset = datasets.create_dataset(producer, perms(producer), meta())
    version = dataset.versions[0]
    datasets.add_table(version, producer, perms(producer), "data.csv", good_csv())
    datasets.submit(version, producer, perms(producer))
    with pytest.raises(access.AccessError):
        review.publish(version, producer, perms(producer))
    with pytest.raises(review.ReviewError, match="catatan"):
        review.return_to_producer(version, walidata, perms(walidata), "  ")
    review.return_to_producer(version, walidata, perms(walidata), "Lengkapi deskripsi sumber data")
    assert version.status == RETURNED and not dataset.published
    assert catalogue.public_dataset(dataset.name) is None
    datasets.update_meta(version, producer, perms(producer), meta(notes="Sumber: SIMPUS Dinkes"))
    datasets.submit(version, producer, perms(producer), "Sudah dilengkapi")
    review.publish(version, walidata, perms(walidata))
    assert version.status == PUBLISHED and dataset.published and dataset.package_id
    assert [e.action for e in version.events] == ["draf", "diajukan", "dikembalikan", "diajukan", "terbit"]
    audit = set(tenant_db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == str(version.id))))
    assert audit == {"satu_data.dikembalikan", "satu_data.terbit"}
    package = catalogue.public_dataset(dataset.name).package
    assert package["notes"] == "Sumber: SIMPUS Dinkes" and package["organization"]["name"] == "dinkes"
    assert package["resources"][0]["format"] == "CSV" and package["license_id"] == "CC-BY-4.0"


def test_new_release_keeps_the_old_one_downloadable(ctx):
    producer, walidata = person("produsen_data"), person("walidata", "DISKOMINFO")
    dataset = published_dataset(producer, walidata, "Jumlah puskesmas")
    first = dataset.versions[0]
    package_id = dataset.package_id
    second = datasets.open_new_version(dataset, producer, perms(producer))
    with pytest.raises(datasets.DatasetError, match="sudah punya versi"):
        datasets.open_new_version(dataset, producer, perms(producer))
    datasets.submit(second, producer, perms(producer))
    review.publish(second, walidata, perms(walidata))
    assert (first.status, second.status) == (SUPERSEDED, PUBLISHED)
    assert dataset.package_id == package_id and dataset.package["version"] == "2"
    assert [v.number for v in catalogue.published_versions(dataset)] == [2, 1]
    assert first.resources[0].storage_key == second.resources[0].storage_key
    assert first.resources[0].resource_uid != second.resources[0].resource_uid


def test_a_producer_cannot_touch_another_opds_dataset(ctx):
    producer, other = person("produsen_data", "DINKES"), person("produsen_data", "DISDIK")
    dataset = datasets.create_dataset(producer, perms(producer), meta())
    with pytest.raises(access.AccessError, match="OPD lain"):
        datasets.update_meta(dataset.versions[0], other, perms(other), meta(title="Diubah"))
    with pytest.raises(access.AccessError, match="OPD lain"):
        datasets.add_table(dataset.versions[0], other, perms(other), "x.csv", good_csv())
    with pytest.raises(access.AccessError):
        datasets.create_dataset(other, perms(other), meta(title="Lain"), opd_id=producer.opd_id)


def test_duplicate_names_are_refused(ctx):
    producer = person("produsen_data")
    datasets.create_dataset(producer, perms(producer), meta(), name="puskesmas")
    with pytest.raises(datasets.DatasetError, match="sudah dipakai"):
        datasets.create_dataset(producer, perms(producer), meta(), name="puskesmas")
    with pytest.raises(datasets.DatasetError, match="Nama URL"):
        datasets.create_dataset(producer, perms(producer), meta(), name="Bukan Nama!")


def test_search_facets_and_private_datasets(ctx):
    producer, walidata = person("produsen_data"), person("walidata", "DISKOMINFO")
    published_dataset(producer, walidata, "Jumlah puskesmas", name="puskesmas")
    published_dataset(producer, walidata, "Angka kematian ibu", name="kematian-ibu", tags=["ibu", "kesehatan"])
    published_dataset(producer, walidata, "Data internal pegawai", name="pegawai", private=True)
    query = search.SearchQuery(filters=search.parse_terms("tags:ibu", catalogue.FIELDS), rows=10,
                               facet_fields=["tags", "organization"])
    result = catalogue.run(query)
    assert [d.name for d in result.datasets] == ["kematian-ibu"]
    assert dict(result.facets["tags"]) == {"ibu": 1, "kesehatan": 1}
    everything = catalogue.run(search.SearchQuery(rows=10, sort=[("name", False)]))
    assert [d.name for d in everything.datasets] == ["kematian-ibu", "puskesmas"]
    inside = catalogue.run(search.SearchQuery(rows=10, sort=[("name", False)]), include_private=True)
    assert [d.name for d in inside.datasets] == ["kematian-ibu", "pegawai", "puskesmas"]
    assert [d.name for d in catalogue.run(search.SearchQuery(text="kematian", rows=10)).datasets] == ["kematian-ibu"]
    negated = search.SearchQuery(filters=search.parse_terms('-tags:"ibu"', catalogue.FIELDS), rows=10)
    assert [d.name for d in catalogue.run(negated).datasets] == ["puskesmas"]


def test_completeness_counts_releases_after_the_period(ctx):
    producer, walidata = person("produsen_data"), person("walidata", "DISKOMINFO")
    plan = plans.add_plan(producer.opd_id, "Jumlah puskesmas", "tahunan", 30, True, perms(walidata))
    plans.add_plan(producer.opd_id, "Jumlah tenaga kesehatan", "tahunan", 30, False, perms(walidata))
    dataset = published_dataset(producer, walidata, "Jumlah puskesmas")
    dataset.plan_id = plan.id
    tenant_db.session.commit()
    dataset.versions[0].published_at = datetime(2025, 1, 10, 3, tzinfo=UTC)  # 10 days after 2024 ended
    tenant_db.session.commit()
    [row] = plans.completeness(today=date(2025, 6, 1))
    assert (row.planned, row.delivered, row.on_time, row.percent) == (2, 1, 1, 50)
    [later] = plans.completeness(today=date(2026, 6, 1))
    assert later.delivered == 0  # a release for 2024 does not count for 2025
