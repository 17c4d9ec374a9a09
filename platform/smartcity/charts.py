"""A small SVG trend line for an indicator's monthly history (no JavaScript)."""

from __future__ import annotations

from markupsafe import Markup, escape


def trend_svg(points: list[tuple[str, float]], *, label: str, width: int = 160, height: int = 40) -> Markup:
    if not points:
        return Markup("")
    values = [v for _, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = width / max(len(points) - 1, 1)
    coords = [
        (round(i * step, 1), round(height - 4 - (v - low) / span * (height - 8), 1)) for i, (_, v) in enumerate(points)
    ]
    if len(coords) == 1:
        coords.append((float(width), coords[0][1]))
    line = " ".join(f"{x:g},{y:g}" for x, y in coords)
    last_x, last_y = coords[-1]
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>'
        f'<polyline fill="none" stroke="currentColor" stroke-width="2" points="{line}"/>'
        f'<circle cx="{last_x:g}" cy="{last_y:g}" r="3" fill="currentColor"/></svg>'
    )
