"""Region boundaries from ``data/`` (cahyadsn/wilayah_boundaries, MIT, see data/LICENSE).

Coordinates are ``(lng, lat)`` in degrees (WGS84). Every loader simplifies the outlines once,
when it loads them (Douglas–Peucker at ``tolerance`` degrees; 0.01° ≈ 1.1 km), and keeps the
result in a small per-process cache, so drawing a map never re-reads the files.

Levels available: every kabupaten/kota (514), every kecamatan (7,284), the desa/kelurahan of
Sumatera Utara (province ``12``) only, and the centroid of any region. A region missing
upstream is simply absent from the result: callers list it without a shape.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
KABKOTA_FILE = DATA_DIR / "kabkota.jsonl.gz"
KECAMATAN_FILE = DATA_DIR / "kecamatan.jsonl.gz"
DESA_FILES = {"12": DATA_DIR / "desa-12.jsonl.gz"}
CENTROIDS_FILE = DATA_DIR / "centroids.csv.gz"

# Default tolerances in degrees, fit for a map about 600–1000 px wide at each scale.
NATIONAL_TOLERANCE = 0.03
PROVINCE_TOLERANCE = 0.005
REGENCY_TOLERANCE = 0.001

LngLat = tuple[float, float]
Ring = tuple[LngLat, ...]
Polygon = tuple[Ring, ...]  # outer ring first, then holes


@dataclass(frozen=True, slots=True)
class Shape:
    """One region's outline: ``polygons`` of rings of ``(lng, lat)``, simplified."""

    code: str
    name: str
    polygons: tuple[Polygon, ...]

    def bounds(self) -> tuple[float, float, float, float]:
        """``(min_lng, min_lat, max_lng, max_lat)``."""
        xs = [x for polygon in self.polygons for x, _ in polygon[0]]
        ys = [y for polygon in self.polygons for _, y in polygon[0]]
        return min(xs), min(ys), max(xs), max(ys)


# --- simplification ---------------------------------------------------------------------------


def _segment_distance_sq(p: LngLat, a: LngLat, b: LngLat) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    px, py = p[0] - ax, p[1] - ay
    length_sq = dx * dx + dy * dy
    if length_sq == 0.0:
        return px * px + py * py
    t = max(0.0, min(1.0, (px * dx + py * dy) / length_sq))
    ex, ey = px - t * dx, py - t * dy
    return ex * ex + ey * ey


def simplify_line(points: list[LngLat], tolerance: float) -> list[LngLat]:
    """Douglas–Peucker, iterative; keeps both end points."""
    n = len(points)
    if n < 3 or tolerance <= 0:
        return list(points)
    tolerance_sq = tolerance * tolerance
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        a, b = points[first], points[last]
        worst, worst_index = -1.0, -1
        for i in range(first + 1, last):
            d = _segment_distance_sq(points[i], a, b)
            if d > worst:
                worst, worst_index = d, i
        if worst > tolerance_sq:
            keep[worst_index] = True
            stack.append((first, worst_index))
            stack.append((worst_index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: list[LngLat], tolerance: float) -> list[LngLat]:
    """A closed ring simplified; split at the point farthest from the first so both halves keep shape.

    Returns an open list of points (no repeated first point); fewer than 3 means it collapsed.
    """
    points = [tuple(p) for p in ring]
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    if len(points) < 4 or tolerance <= 0:
        return points
    x0, y0 = points[0]
    far = max(range(len(points)), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
    first = simplify_line(points[: far + 1], tolerance)
    second = simplify_line([*points[far:], points[0]], tolerance)
    return first[:-1] + second[:-1]


def ring_area(ring: Iterable[LngLat]) -> float:
    points = list(ring)
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def _simplify_shape(code: str, name: str, polygons: list, tolerance: float) -> Shape:
    kept: list[Polygon] = []
    largest: tuple[float, Polygon] | None = None
    for polygon in polygons:
        outer = simplify_ring(polygon[0], tolerance)
        if largest is None or ring_area(polygon[0]) > largest[0]:
            # a region never vanishes: its largest part survives even when smaller than the tolerance
            fallback = outer if len(outer) >= 3 else [tuple(p) for p in polygon[0][:-1]][:3]
            largest = (ring_area(polygon[0]), (tuple(fallback),))
        if len(outer) < 3 or ring_area(outer) < tolerance * tolerance:
            continue
        holes = [simplify_ring(hole, tolerance) for hole in polygon[1:]]
        kept.append((tuple(outer), *(tuple(h) for h in holes if len(h) >= 3 and ring_area(h) >= tolerance * tolerance)))
    if not kept and largest is not None:
        kept.append(largest[1])
    return Shape(code, name, tuple(kept))


# --- loading ----------------------------------------------------------------------------------


def _rows(path: Path, wanted) -> Iterator[tuple[str, str, str]]:
    """``(code, name, coordinates JSON)`` of the lines whose code ``wanted(code)`` accepts."""
    with gzip.open(path, "rt", encoding="utf-8") as raw:
        for line in raw:
            code, name, coordinates = line.rstrip("\n").split("\t", 2)
            if wanted(code):
                yield code, name, coordinates


def _load(path: Path, wanted, tolerance: float) -> tuple[Shape, ...]:
    return tuple(
        _simplify_shape(code, name, json.loads(coordinates), tolerance)
        for code, name, coordinates in _rows(path, wanted)
    )


@lru_cache(maxsize=64)
def _regencies(codes: frozenset[str] | None, province: str | None, tolerance: float) -> tuple[Shape, ...]:
    def wanted(code: str) -> bool:
        if codes is not None and code not in codes:
            return False
        return province is None or code.startswith(province + ".")

    return _load(KABKOTA_FILE, wanted, tolerance)


def regencies(
    codes: Iterable[str] | None = None, *, province: str | None = None, tolerance: float = NATIONAL_TOLERANCE
) -> tuple[Shape, ...]:
    """Kabupaten/kota outlines: all 514, those of one ``province`` (``"12"``), or the given ``codes``."""
    return _regencies(frozenset(codes) if codes is not None else None, province, float(tolerance))


@lru_cache(maxsize=64)
def _children(path: Path, regency_code: str, tolerance: float) -> tuple[Shape, ...]:
    prefix = regency_code + "."
    return _load(path, lambda code: code.startswith(prefix), tolerance)


def kecamatan(regency_code: str, *, tolerance: float = REGENCY_TOLERANCE) -> tuple[Shape, ...]:
    """The kecamatan of one kabupaten/kota (``"12.07"``: Deli Serdang's 22)."""
    return _children(KECAMATAN_FILE, regency_code, float(tolerance))


def has_desa_boundaries(regency_code: str) -> bool:
    return regency_code.split(".")[0] in DESA_FILES


def desa(regency_code: str, *, tolerance: float = REGENCY_TOLERANCE / 2) -> tuple[Shape, ...]:
    """Desa/kelurahan outlines of one regency or kecamatan; empty where none are shipped
    (only Sumatera Utara has them: use ``centroids`` to draw desa as points elsewhere)."""
    path = DESA_FILES.get(regency_code.split(".")[0])
    if path is None:
        return ()
    return _children(path, regency_code, float(tolerance))


@lru_cache(maxsize=64)
def _centroids(prefix: str, level: int | None) -> dict[str, tuple[float, float]]:
    found: dict[str, tuple[float, float]] = {}
    with gzip.open(CENTROIDS_FILE, "rt", encoding="utf-8", newline="") as raw:
        reader = csv.reader(raw)
        next(reader)
        for code, lat, lng in reader:
            if code.startswith(prefix) and (level is None or code.count(".") == level):
                found[code] = (float(lat), float(lng))
    return found


def centroids(codes: Iterable[str] | None = None, *, within: str | None = None, level: int | None = None) -> dict[str, tuple[float, float]]:
    """``{code: (lat, lng)}`` for the given ``codes``, or every region ``within`` a code at ``level``
    (0 province … 3 desa): ``centroids(within="12.07", level=3)`` is every desa of Deli Serdang."""
    if codes is not None:
        wanted = set(codes)
        prefixes = {code.split(".")[0] for code in wanted}
        result: dict[str, tuple[float, float]] = {}
        for prefix in prefixes:
            for code, point in _centroids(prefix, None).items():
                if code in wanted:
                    result[code] = point
        return result
    prefix = "" if within is None else within + "."
    return dict(_centroids(prefix, level))
