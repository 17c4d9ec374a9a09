"""The satisfaction index (Indeks Kepuasan Masyarakat) as PermenPAN-RB 14/2017 computes it.

For each of the nine elements the average answer over all respondents (NRR per unsur, 1–4) is
taken; each has the same weight, 1/9 (the regulation writes 0,111); their weighted sum, the SKM
value (1–4), times 25 is the index (25–100). The index falls into a service quality band (mutu):

    index (konversi)   SKM value        mutu  performance
    88,31 – 100,00     3,5324 – 4,00    A     Sangat baik
    76,61 – 88,30      3,0644 – 3,532   B     Baik
    65,00 – 76,60      2,60 – 3,064     C     Kurang baik
    25,00 – 64,99      1,00 – 2,5996    D     Tidak baik

The weights are exact (1/9, not 0,111), the index is rounded half up to two decimals and the band
is read from the rounded index, as the bands are written with two decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from kiblat.platform.modular.manifest import Localized

ELEMENT_COUNT = 9
WEIGHT = Fraction(1, ELEMENT_COUNT)
CONVERSION = 25


@dataclass(frozen=True)
class Band:
    letter: str
    performance: Localized
    lowest: Decimal  # the smallest index of the band
    highest: Decimal


BANDS = (
    Band("A", Localized("Sangat baik", "Very good"), Decimal("88.31"), Decimal("100.00")),
    Band("B", Localized("Baik", "Good"), Decimal("76.61"), Decimal("88.30")),
    Band("C", Localized("Kurang baik", "Fair"), Decimal("65.00"), Decimal("76.60")),
    Band("D", Localized("Tidak baik", "Poor"), Decimal("25.00"), Decimal("64.99")),
)


@dataclass(frozen=True)
class Ikm:
    respondents: int
    # Average answer per element (NRR per unsur), U1 … U9.
    element_averages: tuple[Fraction, ...]
    # The weighted sum of the element averages (nilai SKM, 1–4).
    value: Fraction
    # The index, value × 25, rounded to two decimals (25–100).
    index: Decimal
    band: Band


def band_for(index: Decimal) -> Band:
    for band in BANDS:
        if index >= band.lowest:
            return band
    return BANDS[-1]


def compute(answers: Iterable[Sequence[int]]) -> Ikm | None:
    """The IKM of a set of answers (each nine scores 1–4); None without any answer."""
    rows = [tuple(row) for row in answers]
    if not rows:
        return None
    for row in rows:
        if len(row) != ELEMENT_COUNT or any(score not in (1, 2, 3, 4) for score in row):
            raise ValueError(f"an SKM answer has nine scores from 1 to 4, not {row!r}")
    averages = tuple(Fraction(sum(row[n] for row in rows), len(rows)) for n in range(ELEMENT_COUNT))
    value = sum((average * WEIGHT for average in averages), Fraction(0))
    exact = value * CONVERSION
    index = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Ikm(len(rows), averages, value, index, band_for(index))
