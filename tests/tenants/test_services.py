"""Tenant creation (through provisioning, the one way) and bad input: every rejection is clear
and changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiblat.platform.core.extensions import db
from kiblat.platform.regions.models import Regency
from kiblat.provisioning.run import provision_tenant
from kiblat.provisioning.spec import SpecError
from kiblat.tenants import services
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import Domain, Tenant
from kiblat.tenants.registry import tenant_registry

FREE = object()  # stands for "a region no tenant has yet", picked when the test runs


def _counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(Tenant)),
        db.session.scalar(select(func.count()).select_from(Domain)),
    )


def _free_kota_in_bali_or_nusa_tenggara() -> Regency:
    """A city of Bali/NTB/NTT no earlier test took (Denpasar, Mataram, Bima or Kupang): which
    one depends on how many tenants other tests made, so the test never names one."""
    used = set(db.session.scalars(select(Tenant.region_code)))
    cities = db.session.scalars(select(Regency).where(Regency.province_code.in_(("51", "52", "53")))
                                .order_by(Regency.code.desc()))
    free = [r for r in cities if r.code not in used and r.name.startswith("Kota ")]
    if free:
        return free[0]
    # A long run may have taken all four: then a free city of Kalimantan or Sulawesi, also WITA.
    wita = ("63", "64", "65", "71", "72", "73", "74", "75", "76")
    everywhere = db.session.scalars(select(Regency).where(Regency.province_code.in_(wita))
                                    .order_by(Regency.code.desc()))
    return next(r for r in everywhere if r.code not in used and r.name.startswith("Kota "))


def test_created_tenant_has_names_zone_host_and_storage(app_ctx, make_tenant):
    city = _free_kota_in_bali_or_nusa_tenggara()
    place = city.name.removeprefix("Kota ")
    slug = services.slug_from_regency(city)
    tenant = make_tenant(region=city.code, slug=slug)
    assert tenant.official_name == f"Pemerintah Kota {place}"
    assert tenant.short_name == place
    assert tenant.kind == "kota"
    assert tenant.time_zone == "Asia/Makassar"  # WITA, like every region of these provinces
    assert tenant.primary_host == f"{slug}.kiblat.test"
    assert tenant.status == "active"
    assert tenant_db.engines.storage_exists(slug)


def test_slug_is_derived_from_the_region_name(app_ctx):

    assert services.slug_from_regency(db.session.get(Regency, "12.07")) == "deliserdang"
    assert services.slug_from_regency(db.session.get(Regency, "12.75")) == "binjai"
    # Kota Bekasi next to Kabupaten Bekasi must not collide with it.
    assert services.slug_from_regency(db.session.get(Regency, "32.16")) == "bekasi"
    assert services.slug_from_regency(db.session.get(Regency, "32.75")) == "kotabekasi"


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"region": "12"}, "region", "bukan kabupaten/kota"),
        ({"region": "12.07.28"}, "region", "bukan kabupaten/kota"),
        ({"region": "99.99"}, "region", "bukan kode kabupaten/kota"),
        ({"region": FREE, "slug": "Binjai"}, "slug", "tidak sesuai format"),
        ({"region": FREE, "slug": "a"}, "slug", "tidak sesuai format"),
        ({"region": FREE, "slug": "1abc"}, "slug", "tidak sesuai format"),
        ({"region": FREE, "slug": "x" * 32}, "slug", "tidak sesuai format"),
        ({"region": FREE, "slug": "www"}, "slug", "dicadangkan"),
        ({"region": FREE, "modules": ["tidakada"]}, "modules.tidakada", "tidak dikenal"),
    ],
)
def test_bad_input_is_rejected_before_anything_changes(app_ctx, kwargs, field, message):
    if kwargs["region"] is FREE:
        used = set(db.session.scalars(select(Tenant.region_code)))
        free = next(c for c in db.session.scalars(select(Regency.code).order_by(Regency.code)) if c not in used)
        kwargs = {**kwargs, "region": free}
    before = _counts()
    with pytest.raises(SpecError) as info:
        provision_tenant(**kwargs)
    assert field in info.value.fields
    assert message in str(info.value)
    assert _counts() == before


def test_second_tenant_for_the_same_region_is_refused(app_ctx, make_tenant):
    first = make_tenant()
    before = _counts()
    with pytest.raises(SpecError, match="sudah terdaftar"):
        provision_tenant(first.region_code, slug="lain")
    with pytest.raises(SpecError, match="sudah dipakai"):
        make_tenant(slug=first.slug)
    assert _counts() == before


def test_branding_validation(app_ctx, make_tenant):
    tenant = make_tenant()
    with pytest.raises(services.TenantError, match="#RRGGBB"):
        services.update_branding(tenant.slug, primary_color="red")
    with pytest.raises(services.TenantError, match="tidak dikenal"):
        services.update_branding(tenant.slug, font="Comic Sans")
    services.update_branding(tenant.slug, primary_color="#AA0000", tagline="Kota <b>Rambutan</b>")
    info = tenant_registry().by_slug(tenant.slug)
    assert info.branding.primary_color == "#aa0000"


def test_branding_is_escaped_and_versioned(app, client, make_tenant):
    tenant = make_tenant()
    with app.app_context():
        old_version = tenant_registry().by_slug(tenant.slug).branding.version
        services.update_branding(tenant.slug, primary_color="#123456", tagline="<script>alert(1)</script>")
        new_version = tenant_registry().by_slug(tenant.slug).branding.version
    assert new_version != old_version
    page = client.get("/", headers={"Host": tenant.primary_host}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert f"/brand.css?v={new_version}" in page
    css = client.get(f"/brand.css?v={new_version}", headers={"Host": tenant.primary_host}).get_data(as_text=True)
    assert "--primary:#123456" in css


def test_custom_domain_validation(app_ctx, make_tenant):
    tenant, other = make_tenant(), make_tenant()
    with pytest.raises(services.TenantError, match="tidak valid"):
        services.add_domain(tenant.slug, "not a domain")
    with pytest.raises(services.TenantError, match="sudah dipakai"):
        services.add_domain(tenant.slug, other.primary_host)
    with pytest.raises(services.TenantError, match="platform"):
        services.add_domain(tenant.slug, "kiblat.test")
