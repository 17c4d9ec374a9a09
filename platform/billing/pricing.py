"""Plans: a monthly price per enabled module, scaled by the regency's population tier.

Pure functions (no database): the callers pass module keys and the population.
Amounts are whole Rupiah (``int``), never floats.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Monthly base price of each module for the smallest tier, in Rupiah.
MODULE_PRICES: dict[str, int] = {
    "pengumuman": 750_000,
}
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


def module_price(module_key: str, tier: Tier) -> int:
    base = MODULE_PRICES.get(module_key, DEFAULT_MODULE_PRICE)
    return (base * tier.multiplier_percent + 50) // 100


def quote(module_keys: Iterable[str], population: int | None) -> Quote:
    """Monthly price of ``module_keys`` for a regency of ``population`` inhabitants."""
    tier = tier_for(population)
    lines = tuple(
        QuoteLine(key, MODULE_PRICES.get(key, DEFAULT_MODULE_PRICE), module_price(key, tier))
        for key in sorted(set(module_keys))
    )
    return Quote(tier=tier, population=population, lines=lines)


def format_rupiah(amount: int) -> str:
    """``1250000`` → ``Rp 1.250.000`` (dots group thousands, as written in Indonesia)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(int(amount)):,}".replace(",", ".")
