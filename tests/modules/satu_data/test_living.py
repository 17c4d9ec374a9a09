"""Living datasets: statistics the other modules declare in their manifests, chosen by the
walidata, regenerated on demand (CLI) or on the schedule, published with no personal data."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from kiblat.modules.satu_data.models import Dataset
from kiblat.modules.satu_data.services import catalogue, living, search
from kiblat.modules.satu_data.services.access import WALIDATA
from kiblat.platform.cli import cli
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.modules.satu_data.helpers import opd

MARK = "PRIBADI-7f2a"
MODULES = ("sri_deli", "jus_melon", "jumpa_madu", "satu_data")


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=MODULES)


def test_every_declared_dataset_is_offered_and_published_without_personal_data(app, tenant):
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        for manifest in app.extensions["kiblat_modules"]:
            if manifest.key in ("sri_deli", "jus_melon", "jumpa_madu"):
                manifest.hook("sample_data")(MARK)
        tenant_db.session.commit()
        offers = {offer.key for offer in living.offers()}
        assert offers == {"sri_deli.izin_per_bulan", "jus_melon.iumk_per_kecamatan",
                          "jumpa_madu.sampah_per_kecamatan"}
        kominfo = opd("DISKOMINFO").id
        with pytest.raises(living.access.AccessError):
            living.choose("sri_deli.izin_per_bulan", kominfo, frozenset())
        with pytest.raises(living.LivingError):
            living.choose("pengumuman.tidak_ada", kominfo, frozenset({WALIDATA}))
        for key in sorted(offers):
            dataset = living.choose(key, kominfo, frozenset({WALIDATA}))
            assert dataset.published and dataset.living_key == key
            extras = {e["key"]: e["value"] for e in dataset.package["extras"]}
            assert extras["sumber_modul"] == key
            with tenant_storage().open(dataset.versions[-1].resources[0].storage_key) as handle:
                content = handle.read().decode()
            assert MARK not in content and "@" not in content  # no names, no e-mail addresses
        found = catalogue.run(search.SearchQuery(filters=search.parse_terms("groups:lingkungan", catalogue.FIELDS),
                                                 rows=10))
        assert [d.living_key for d in found.datasets] == ["jumpa_madu.sampah_per_kecamatan"]
        versions = {d.living_key: len(d.versions) for d in tenant_db.session.scalars(select(Dataset))}
        assert sorted(living.refresh_all()) == sorted(offers)
        tenant_db.session.expire_all()
        # nothing changed in the modules: no new release
        assert {d.living_key: len(d.versions) for d in tenant_db.session.scalars(select(Dataset))} == versions


def test_the_cli_refreshes_now(app, tenant):
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        living.choose("jus_melon.iumk_per_kecamatan", opd("DISKOMINFO").id, frozenset({WALIDATA}))
    result = CliRunner().invoke(cli, ["satu_data", "refresh", tenant.slug], env=dict(app.config["KIBLAT_SOURCE_ENV"]))
    assert result.exit_code == 0, result.output
    assert "1 dataset modul diperbarui" in result.output


def test_refresh_is_declared_as_a_schedule(app):
    schedules = {s.job: s for _key, s in app.extensions["kiblat_modules"].schedules()}
    assert schedules["satu_data.refresh"].cadence == "daily"
