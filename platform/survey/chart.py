"""A horizontal bar chart of IKM values as plain SVG geometry (no script, no inline style)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiblat.platform.survey.ikm import BANDS
from kiblat.platform.survey.service import Group

LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT, TOP = 190, 300, 30, 24
LOWEST, HIGHEST = Decimal(25), Decimal(100)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    band: str
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_width: int
    bars: list[Bar]
    # x offsets (from the bars' start) of each band's lowest index: A, B, C lines and their letters
    thresholds: list[tuple[str, float]]


def _x(value: Decimal) -> float:
    return float((value - LOWEST) / (HIGHEST - LOWEST) * BAR_WIDTH)


def bar_chart(groups: list[Group]) -> Chart:
    bars = [Bar(g.label if len(g.label) <= 28 else g.label[:27] + "…", g.result.index, g.result.band.letter,
                TOP + i * ROW_HEIGHT, round(max(_x(g.result.index), 2.0), 1)) for i, g in enumerate(groups)]
    thresholds = [(band.letter, round(_x(band.lowest), 1)) for band in BANDS if band.lowest > LOWEST]
    return Chart(LABEL_WIDTH + BAR_WIDTH + 60, TOP + max(len(bars), 1) * ROW_HEIGHT + 10, LABEL_WIDTH, BAR_WIDTH,
                 bars, thresholds)
