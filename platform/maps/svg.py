"""Draws shapes and points as one compact, valid SVG string (``markupsafe.Markup``).

Projection: equirectangular, longitudes shrunk by cos(latitude at the map's middle), north up.
Paths start absolute and continue with relative moves rounded to ``decimals`` places, so a
regency's 22 kecamatan are a few kilobytes. Every region is one ``<path data-code="…">`` with
its fill, a ``<title>`` (the browser's tooltip) and, when given, a link around it; points are
``<circle>``; the legend is drawn under the map inside the same SVG.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from kiblat.platform.maps import geometry
from kiblat.platform.maps.geometry import Shape

COLOUR_RE = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-z]{3,20}|none)$")
DEFAULT_FILL = "#d9dde3"
DEFAULT_POINT_FILL = "#c0392b"


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A marker: a desa, a school, an access point."""

    lat: float
    lng: float
    fill: str = DEFAULT_POINT_FILL
    title: str = ""
    href: str | None = None
    code: str | None = None
    radius: float | None = None  # in map units; default scales with the map's width


@dataclass(frozen=True, slots=True)
class LegendItem:
    fill: str
    label: str


def _colour(value: str) -> str:
    if not COLOUR_RE.match(value):
        raise ValueError(f"not a colour: {value!r} (use #rgb, #rrggbb or a CSS colour name)")
    return value


def _number(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _join(numbers: Iterable[str]) -> str:
    out = ""
    for number in numbers:
        out += number if (not out or number.startswith("-")) else " " + number
    return out


class _Projection:
    def __init__(self, bounds: tuple[float, float, float, float], width: float, padding: float) -> None:
        min_lng, min_lat, max_lng, max_lat = bounds
        self.k = math.cos(math.radians((min_lat + max_lat) / 2))
        span_x = max((max_lng - min_lng) * self.k, 1e-6)
        span_y = max(max_lat - min_lat, 1e-6)
        self.scale = (width - 2 * padding) / span_x
        self.min_lng, self.max_lat, self.padding = min_lng, max_lat, padding
        self.width = width
        self.height = span_y * self.scale + 2 * padding

    def __call__(self, lng: float, lat: float) -> tuple[float, float]:
        return (
            (lng - self.min_lng) * self.k * self.scale + self.padding,
            (self.max_lat - lat) * self.scale + self.padding,
        )


def _path(shape: Shape, project: _Projection, decimals: int) -> str:
    factor = 10**decimals
    parts: list[str] = []
    for polygon in shape.polygons:
        for ring in polygon:
            points: list[tuple[int, int]] = []
            for lng, lat in ring:
                x, y = project(lng, lat)
                point = (round(x * factor), round(y * factor))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) > 1 and points[0] == points[-1]:
                points.pop()
            if len(points) < 3:
                continue
            (x0, y0), numbers = points[0], []
            for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
                numbers += [_number((bx - ax) / factor, decimals), _number((by - ay) / factor, decimals)]
            parts.append(f"M{_join([_number(x0 / factor, decimals), _number(y0 / factor, decimals)])}l{_join(numbers)}z")
    if not parts:
        # smaller than the map's resolution: a dot, so the region is still there to point at
        lng, lat = shape.polygons[0][0][0]
        x, y = project(lng, lat)
        size = _number(max(1.0, 10**-decimals * 2), decimals)
        parts.append(f"M{_join([_number(x, decimals), _number(y, decimals)])}h{size}v{size}h-{size}z")
    return "".join(parts)


def render_svg(
    shapes: Sequence[Shape],
    *,
    fills: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
    links: Mapping[str, str] | None = None,
    points: Sequence[MapPoint] = (),
    legend: Sequence[LegendItem] = (),
    title: str = "",
    width: int = 600,
    default_fill: str = DEFAULT_FILL,
    stroke: str = "#ffffff",
    stroke_width: float | None = None,
    decimals: int = 1,
    css_class: str = "kiblat-map",
) -> Markup:
    """One SVG with a path per shape (``fills``/``titles``/``links`` keyed by region code; a
    title defaults to the region's name), ``points`` on top and ``legend`` underneath."""
    fills, titles, links = fills or {}, titles or {}, links or {}
    boxes = [shape.bounds() for shape in shapes] + [(p.lng, p.lat, p.lng, p.lat) for p in points]
    if not boxes:
        raise ValueError("nothing to draw: no shapes and no points")
    bounds = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    padding = width / 100
    project = _Projection(bounds, width, padding)
    font = max(width / 40, 10)
    line = font * 1.5
    legend_height = (len(legend) * line + padding) if legend else 0
    height = project.height + legend_height
    n = lambda value: _number(value, decimals)  # noqa: E731
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n(width)} {n(height)}" '
        f'class="{escape(css_class)}" role="img"'
        + (f' aria-label="{escape(title)}"' if title else "")
        + ">"
    ]
    if title:
        out.append(f"<title>{escape(title)}</title>")
    sw = stroke_width if stroke_width is not None else max(width / 1200, 0.3)
    out.append(
        f'<g fill="{_colour(default_fill)}" stroke="{_colour(stroke)}" stroke-width="{_number(sw, 2)}" '
        'stroke-linejoin="round" fill-rule="evenodd">'
    )
    for shape in shapes:
        fill = fills.get(shape.code)
        fill_attr = f' fill="{_colour(fill)}"' if fill else ""
        label = titles.get(shape.code, shape.name)
        path = f'<path data-code="{escape(shape.code)}"{fill_attr} d="{_path(shape, project, decimals)}"><title>{escape(label)}</title></path>'
        href = links.get(shape.code)
        out.append(f'<a href="{escape(href)}">{path}</a>' if href else path)
    out.append("</g>")
    if points:
        radius_default = max(width / 150, 2.5)
        out.append(f'<g stroke="#ffffff" stroke-width="{_number(sw, 2)}">')
        for point in points:
            x, y = project(point.lng, point.lat)
            code = f' data-code="{escape(point.code)}"' if point.code else ""
            circle = (
                f'<circle{code} cx="{n(x)}" cy="{n(y)}" r="{n(point.radius or radius_default)}" '
                f'fill="{_colour(point.fill)}">' + (f"<title>{escape(point.title)}</title>" if point.title else "") + "</circle>"
            )
            out.append(f'<a href="{escape(point.href)}">{circle}</a>' if point.href else circle)
        out.append("</g>")
    if legend:
        top = project.height + padding / 2
        out.append(f'<g font-size="{n(font)}" font-family="sans-serif" fill="#222">')
        for index, item in enumerate(legend):
            y = top + index * line
            out.append(
                f'<rect x="{n(padding)}" y="{n(y)}" width="{n(font)}" height="{n(font)}" fill="{_colour(item.fill)}" stroke="#888" stroke-width="0.5"/>'
                f'<text x="{n(padding + font * 1.5)}" y="{n(y + font * 0.85)}">{escape(item.label)}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def legend_html(legend: Sequence[LegendItem], *, css_class: str = "map-legend") -> Markup:
    """The legend as an HTML list (readable at any width, unlike text scaled down inside a map);
    each swatch is a tiny SVG, so no inline style is needed under a strict CSP."""
    items = "".join(
        f'<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="{_colour(item.fill)}" '
        f'stroke="#888" stroke-width="1"/></svg> {escape(item.label)}</li>'
        for item in legend
    )
    return Markup(f'<ul class="{escape(css_class)}">{items}</ul>')


def regency_map(
    regency_code: str,
    *,
    level: str = "kecamatan",
    fills: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
    links: Mapping[str, str] | None = None,
    points: Sequence[MapPoint] = (),
    legend: Sequence[LegendItem] = (),
    title: str = "",
    width: int = 600,
    tolerance: float | None = None,
) -> Markup:
    """One regency by ``kecamatan`` or by ``desa`` (outlines where shipped — Sumatera Utara —
    otherwise the kecamatan outlines, for the caller to add desa as ``points``)."""
    if level not in ("kecamatan", "desa"):
        raise ValueError("level is 'kecamatan' or 'desa'")
    tol = {"tolerance": tolerance} if tolerance is not None else {}
    shapes: Sequence[Shape] = ()
    if level == "desa":
        shapes = geometry.desa(regency_code, **tol)
    if not shapes:
        shapes = geometry.kecamatan(regency_code, **tol)
    if not shapes:
        shapes = geometry.regencies([regency_code], tolerance=tolerance or geometry.REGENCY_TOLERANCE)
    return render_svg(shapes, fills=fills, titles=titles, links=links, points=points, legend=legend, title=title, width=width)


def national_map(
    *,
    province: str | None = None,
    fills: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
    links: Mapping[str, str] | None = None,
    legend: Sequence[LegendItem] = (),
    title: str = "",
    width: int | None = None,
) -> Markup:
    """Every kabupaten/kota of Indonesia (or of one ``province``), whole-unit coordinates."""
    if province is None:
        shapes = geometry.regencies(tolerance=geometry.NATIONAL_TOLERANCE)
        return render_svg(shapes, fills=fills, titles=titles, links=links, legend=legend, title=title, width=width or 1000, decimals=0)
    shapes = geometry.regencies(province=province, tolerance=geometry.PROVINCE_TOLERANCE)
    return render_svg(shapes, fills=fills, titles=titles, links=links, legend=legend, title=title, width=width or 600)
