"""A small bar chart as SVG markup (no scripts, no style attributes: safe under the CSP)."""

from __future__ import annotations

from babel.dates import get_month_names
from flask_babel import get_locale
from markupsafe import Markup, escape


def month_abbreviations() -> tuple[str, ...]:
    """January to December, abbreviated in the reader's language (Mei/May, Agu/Aug, Des/Dec)."""
    return tuple(get_month_names("abbreviated", locale=get_locale()).values())


def bar_chart(values: list[int], title: str, unit_divisor: int = 1000, width: int = 600, height: int = 220) -> Markup:
    top = max(values) if values and max(values) > 0 else 1
    slot = (width - 40) / max(len(values), 1)
    bars, months = [], month_abbreviations()
    for i, value in enumerate(values):
        h = round((height - 50) * value / top)
        x = 30 + i * slot
        y = height - 30 - h
        label = f"{value / unit_divisor:,.0f}".replace(",", ".")
        bars.append(
            f'<rect x="{x + 4:.1f}" y="{y}" width="{slot - 8:.1f}" height="{h}" fill="currentColor">'
            f"<title>{months[i % 12]}: {label}</title></rect>"
            f'<text x="{x + slot / 2:.1f}" y="{height - 12}" text-anchor="middle" font-size="11">{months[i % 12]}</text>'
            f'<text x="{x + slot / 2:.1f}" y="{max(y - 4, 12)}" text-anchor="middle" font-size="10">{label}</text>'
        )
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(bars)}</svg>'
    )
