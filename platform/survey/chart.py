"""A bar chart of IKM values as plain SVG geometry (no script, no inline style): each row is
its label above its bar, so the chart stays readable on a 360 px phone."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiblat.platform.survey.ikm import BANDS
from kiblat.platform.survey.service import Group

WIDTH, BAR_WIDTH, ROW_HEIGHT, TOP = 360, 270, 46, 18
LOWEST, HIGHEST = Decimal(25), Decimal(100)
LABEL_CHARACTERS = 48


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    band: str
    y: int  # top of the row: the label's baseline is y + 14, the bar starts at y + 20
    width: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    # x of each band's lowest index (the lines between D|C, C|B, B|A) and the band's letter
    thresholds: list[tuple[str, float]]


def _x(value: Decimal) -> float:
    return float((value - LOWEST) / (HIGHEST - LOWEST) * BAR_WIDTH)


def bar_chart(groups: list[Group]) -> Chart:
    bars = [Bar(g.label if len(g.label) <= LABEL_CHARACTERS else g.label[:LABEL_CHARACTERS - 1] + "…",
                g.result.index, g.result.band.letter, TOP + i * ROW_HEIGHT, round(max(_x(g.result.index), 2.0), 1))
            for i, g in enumerate(groups)]
    thresholds = [(band.letter, round(_x(band.lowest), 1)) for band in BANDS if band.lowest > LOWEST]
    return Chart(WIDTH, TOP + max(len(bars), 1) * ROW_HEIGHT + 4, bars, thresholds)
