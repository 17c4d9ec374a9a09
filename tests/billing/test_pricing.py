"""Plans: price per enabled module per month, scaled by the regency's population tier."""

from __future__ import annotations

import pytest

from kiblat.platform.billing.pricing import (
    DEFAULT_MODULE_PRICE,
    MODULE_PRICES,
    format_rupiah,
    quote,
    tier_for,
)
from kiblat.platform.core.extensions import db
from kiblat.platform.regions.models import Regency


def population(code: str) -> int:
    return db.session.get(Regency, code).population


def test_deli_serdang_is_in_the_largest_tier(app_ctx):
    deli_serdang = db.session.get(Regency, "12.07")
    assert (deli_serdang.name, deli_serdang.population) == ("Kabupaten Deli Serdang", 2_080_408)
    plan = quote(["pengumuman"], deli_serdang.population)
    assert plan.tier.key == "besar"
    assert plan.total == MODULE_PRICES["pengumuman"] * 2 == 1_500_000
    assert format_rupiah(plan.total) == "Rp 1.500.000"


@pytest.mark.parametrize(("code", "name", "tier"), [
    ("91.19", "Kabupaten Supiori", "kecil"),          # 27,965 people
    ("12.75", "Kota Binjai", "sedang"),               # 315,609
    ("12.01", "Kabupaten Tapanuli Tengah", "sedang"),  # 369,482
    ("12.71", "Kota Medan", "besar"),                 # 2,546,452
])
def test_real_regencies_fall_in_their_tier(app_ctx, code, name, tier):
    assert db.session.get(Regency, code).name == name
    assert quote(["pengumuman"], population(code)).tier.key == tier


def test_tier_boundaries():
    assert tier_for(249_999).key == "kecil"
    assert tier_for(250_000).key == "sedang"
    assert tier_for(1_000_000).key == "sedang"
    assert tier_for(1_000_001).key == "besar"
    assert tier_for(None).key == "sedang"
    with pytest.raises(ValueError):
        tier_for(-1)


def test_price_is_per_enabled_module_in_whole_rupiah():
    plan = quote(["pengumuman", "pasar", "pengumuman"], 315_609)  # duplicates count once
    assert [(line.module_key, line.amount) for line in plan.lines] == [
        ("pasar", DEFAULT_MODULE_PRICE * 3 // 2),
        ("pengumuman", MODULE_PRICES["pengumuman"] * 3 // 2),
    ]
    assert plan.total == 1_500_000 + 1_125_000
    assert all(isinstance(line.amount, int) for line in plan.lines)
    assert quote([], 315_609).total == 0


@pytest.mark.parametrize(("amount", "text"), [
    (0, "Rp 0"), (500, "Rp 500"), (1_250_000, "Rp 1.250.000"), (1_000_000_000, "Rp 1.000.000.000"),
    (-75_000, "-Rp 75.000"),
])
def test_rupiah_is_written_the_indonesian_way(amount, text):
    assert format_rupiah(amount) == text
