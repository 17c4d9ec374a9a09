"""Plans: a monthly price per enabled module, scaled by the regency's population tier.

Pure functions (no database): the callers pass module keys, each module's base price and the
population. A module's base price is declared in its manifest (``monthly_price``); the platform
names no module here. Amounts are whole Rupiah (``int``), never floats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kiblat.platform.modular.manifest import ModuleManifest

# Monthly base price for the smallest tier, in Rupiah, of a module that declares none.
DEFAULT_MODULE_PRICE = 1_000_000


@dataclass(frozen=True)
class Tier:
    key: str
    # In Bahasa Indonesia (the invoice's language); pages pass it through gettext.
    label: str
    # Upper bound of the tier's population (inclusive); None for the last tier.
    max_population: int | None
    # Multiplier in percent, so that prices stay integers.
    multiplier_percent: int


TIERS: tuple[Tier, ...] = (
    Tier("kecil", "kurang dari 250.000 jiwa", 249_999, 100),
    Tier("sedang", "250.000 – 1.000.000 jiwa", 1_000_000, 150),
    Tier("besar", "lebih dari 1.000.000 jiwa", None, 200),
)
# A regency whose population is not recorded is priced as a middle-sized one.
UNKNOWN_POPULATION_TIER = TIERS[1]


@dataclass(frozen=True)
class QuoteLine:
    module_key: str
    base_price: int
    amount: int


@dataclass(frozen=True)
class Quote:
    tier: Tier
    population: int | None
    lines: tuple[QuoteLine, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def tier_for(population: int | None) -> Tier:
    if population is None:
        return UNKNOWN_POPULATION_TIER
    if population < 0:
        raise ValueError("population must not be negative")
    for tier in TIERS:
        if tier.max_population is None or population <= tier.max_population:
            return tier
    raise AssertionError("the last tier has no upper bound")


def base_prices(manifests: Iterable[ModuleManifest]) -> dict[str, int]:
    """Module key → monthly base price (smallest tier), from the modules' manifests."""
    return {m.key: DEFAULT_MODULE_PRICE if m.monthly_price is None else m.monthly_price for m in manifests}


def module_price(base_price: int, tier: Tier) -> int:
    return (base_price * tier.multiplier_percent + 50) // 100


def quote(module_keys: Iterable[str], population: int | None, prices: Mapping[str, int]) -> Quote:
    """Monthly price of ``module_keys`` for a regency of ``population`` inhabitants; ``prices``
    holds each module's base price (``base_prices``), a key missing there costs the default."""
    tier = tier_for(population)
    lines = []
    for key in sorted(set(module_keys)):
        base = prices.get(key, DEFAULT_MODULE_PRICE)
        lines.append(QuoteLine(key, base, module_price(base, tier)))
    return Quote(tier=tier, population=population, lines=tuple(lines))
