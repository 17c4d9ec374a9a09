from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiblat.platform.core.extensions import db
from kiblat.platform.regions import data
from kiblat.platform.regions.lookup import UnknownRegion, desa_of, kecamatan_of, region_name
from kiblat.platform.regions.models import Province, Regency
from kiblat.platform.regions.sync import sync_regions
from kiblat.tenants.context import tenant_context


def test_shipped_list_has_every_province_and_regency():
    assert len(data.provinces()) == 38
    assert len(data.regencies()) == 514
    kecamatan, desa = data.subregions_of_regency("12.07")
    assert len(kecamatan) == 22
    assert all(d.code.startswith("12.07.") and d.level == 3 for d in desa)


@pytest.mark.parametrize(
    ("province", "zone"), [("12", "Asia/Jakarta"), ("51", "Asia/Makassar"), ("64", "Asia/Makassar"),
                           ("81", "Asia/Jayapura"), ("96", "Asia/Jayapura"), ("61", "Asia/Jakarta")],
)
def test_time_zone_by_province(province, zone):
    assert data.province_time_zone(province) == zone


def test_control_plane_holds_provinces_and_regencies_with_population(app_ctx):
    assert db.session.scalar(select(func.count()).select_from(Province)) == 38
    assert db.session.scalar(select(func.count()).select_from(Regency)) == 514
    deli = db.session.get(Regency, "12.07")
    assert (deli.name, deli.kind, deli.population) == ("Kabupaten Deli Serdang", "kabupaten", 2080408)
    assert db.session.get(Regency, "12.75").kind == "kota"
    assert sync_regions() == (38, 514)  # idempotent


def test_lookup_reads_the_tenants_own_regions(app_ctx, make_tenant):
    tenant = make_tenant()
    with tenant_context(tenant):
        kecamatan = kecamatan_of(tenant.region_code)
        assert kecamatan and all(k.code.startswith(tenant.region_code + ".") for k in kecamatan)
        first = kecamatan[0]
        desa = desa_of(first.code)
        assert desa and all(d.code.startswith(first.code + ".") for d in desa)
        assert region_name(first.code) == first.name
        # Another regency's codes are not this tenant's business.
        with pytest.raises(UnknownRegion):
            kecamatan_of("12.71" if tenant.region_code != "12.71" else "12.07")
        with pytest.raises(UnknownRegion):
            desa_of("12.71.01" if tenant.region_code != "12.71" else "12.07.01")
        with pytest.raises(UnknownRegion):
            desa_of("bukan kode")
