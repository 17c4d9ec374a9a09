"""Plans: price per enabled module per month, scaled by the regency's population tier."""

from __future__ import annotations

import pytest

from kiblat.modules.pengumuman.manifest import manifest as pengumuman
from kiblat.platform.billing.accounts import installed_prices
from kiblat.platform.billing.pricing import DEFAULT_MODULE_PRICE, base_prices, quote, tier_for
from kiblat.platform.core.extensions import db
from kiblat.platform.modular.manifest import Localized, ModuleManifest
from kiblat.platform.modular.registry import discover_manifests
from kiblat.platform.regions.models import Regency
from kiblat.platform.web.formatting import rupiah

PRICES = {"pengumuman": 750_000}


def population(code: str) -> int:
    return db.session.get(Regency, code).population


def test_deli_serdang_is_in_the_largest_tier(app_ctx):
    deli_serdang = db.session.get(Regency, "12.07")
    assert (deli_serdang.name, deli_serdang.population) == ("Kabupaten Deli Serdang", 2_080_408)
    plan = quote(["pengumuman"], deli_serdang.population, installed_prices())
    assert plan.tier.key == "besar"
    assert plan.total == pengumuman.monthly_price * 2 == 1_500_000
    assert rupiah(plan.total) == "Rp1.500.000"


@pytest.mark.parametrize(("code", "name", "tier"), [
    ("91.19", "Kabupaten Supiori", "kecil"),          # 27,965 people
    ("12.75", "Kota Binjai", "sedang"),               # 315,609
    ("12.01", "Kabupaten Tapanuli Tengah", "sedang"),  # 369,482
    ("12.71", "Kota Medan", "besar"),                 # 2,546,452
])
def test_real_regencies_fall_in_their_tier(app_ctx, code, name, tier):
    assert db.session.get(Regency, code).name == name
    assert quote(["pengumuman"], population(code), PRICES).tier.key == tier


def test_tier_boundaries():
    assert tier_for(249_999).key == "kecil"
    assert tier_for(250_000).key == "sedang"
    assert tier_for(1_000_000).key == "sedang"
    assert tier_for(1_000_001).key == "besar"
    assert tier_for(None).key == "sedang"
    with pytest.raises(ValueError):
        tier_for(-1)


def test_price_is_per_enabled_module_in_whole_rupiah():
    plan = quote(["pengumuman", "pasar", "pengumuman"], 315_609, PRICES)  # duplicates count once
    assert [(line.module_key, line.amount) for line in plan.lines] == [
        ("pasar", DEFAULT_MODULE_PRICE * 3 // 2),
        ("pengumuman", PRICES["pengumuman"] * 3 // 2),
    ]
    assert plan.total == 1_500_000 + 1_125_000
    assert all(isinstance(line.amount, int) for line in plan.lines)
    assert quote([], 315_609, PRICES).total == 0


def _manifest(key: str, monthly_price: int | None) -> ModuleManifest:
    return ModuleManifest(key=key, name=Localized(key, key), description=Localized("", ""), version="1",
                          url_prefix=f"/{key}", blueprint=f"{key}.blueprint:bp", models=f"{key}.models",
                          monthly_price=monthly_price)


def test_a_module_price_comes_from_its_manifest_or_the_default():
    prices = base_prices([_manifest("pasar", None), _manifest("sampah", 400_000), _manifest("gratis", 0)])
    assert prices == {"pasar": DEFAULT_MODULE_PRICE, "sampah": 400_000, "gratis": 0}
    assert base_prices(discover_manifests())["pengumuman"] == pengumuman.monthly_price == 750_000


@pytest.mark.parametrize("price", [-1, 1.5, "750000"])
def test_a_manifest_price_must_be_whole_rupiah(price):
    with pytest.raises(ValueError, match="monthly_price"):
        _manifest("pasar", price)
