"""The tile-free maps service: valid SVG, every region present, the colours asked for, light output."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET

import pytest

from kiblat.platform.maps import (
    LegendItem,
    MapPoint,
    centroids,
    desa,
    geometry,
    kecamatan,
    national_map,
    regencies,
    regency_map,
    render_svg,
)
from kiblat.platform.regions import data as regions

SVG = "{http://www.w3.org/2000/svg}"


def _paths(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return {p.get("data-code"): p for p in root.iter(f"{SVG}path")}


def _compressed(svg: str) -> int:
    return len(gzip.compress(svg.encode(), compresslevel=6))


def test_national_map_has_all_514_regencies_in_their_colours_and_stays_light():
    fills = {"12.07": "#1a9850", "12.75": "#fdae61"}
    svg = national_map(fills=fills, links={"12.07": "/wilayah/12.07"}, title="Adopsi")
    paths = _paths(svg)
    assert set(paths) == {r.code for r in regions.regencies()}
    assert len(paths) == 514
    assert paths["12.07"].get("fill") == "#1a9850"
    assert paths["12.75"].get("fill") == "#fdae61"
    assert paths["12.71"].get("fill") is None  # the group's default fill
    assert paths["12.07"].find(f"{SVG}title").text == "Kabupaten Deli Serdang"
    root = ET.fromstring(svg)
    link = next(a for a in root.iter(f"{SVG}a") if a.find(f"{SVG}path").get("data-code") == "12.07")
    assert link.get("href") == "/wilayah/12.07"
    assert _compressed(svg) < 40_000, _compressed(svg)


def test_every_path_is_drawn_with_relative_moves_and_rounded_numbers():
    svg = national_map()
    for path in _paths(svg).values():
        d = path.get("d")
        assert d.startswith("M") and d.endswith("z")
        assert "." not in d  # whole units on the national map


def test_regency_by_kecamatan_and_by_desa():
    kec = kecamatan("12.07")
    assert len(kec) == 22
    svg = regency_map("12.07", fills={kec[0].code: "#ff0000"}, titles={kec[0].code: "Sinyal baik"})
    paths = _paths(svg)
    assert set(paths) == {k.code for k in kec}
    assert paths[kec[0].code].get("fill") == "#ff0000"
    assert paths[kec[0].code].find(f"{SVG}title").text == "Sinyal baik"
    assert _compressed(svg) < 10_000

    villages = desa("12.07")
    assert len(villages) > 350
    svg = regency_map("12.07", level="desa", fills={v.code: "#00aa00" for v in villages[:10]})
    paths = _paths(svg)
    assert set(paths) == {v.code for v in villages}
    assert all(paths[v.code].get("fill") == "#00aa00" for v in villages[:10])
    assert _compressed(svg) < 50_000, _compressed(svg)  # the page-weight rule for Deli Serdang


def test_desa_outside_sumatera_utara_fall_back_to_kecamatan_and_points():
    assert desa("32.04") == ()  # Kabupaten Bandung: no desa outlines shipped
    points = centroids(within="32.04", level=3)
    assert len(points) > 200 and all(code.startswith("32.04.") and code.count(".") == 3 for code in points)
    markers = [MapPoint(lat, lng, fill="#2166ac", title=code, code=code, href=f"/desa/{code}") for code, (lat, lng) in list(points.items())[:5]]
    svg = regency_map("32.04", level="desa", points=markers)
    root = ET.fromstring(svg)
    circles = list(root.iter(f"{SVG}circle"))
    assert [c.get("data-code") for c in circles] == [m.code for m in markers]
    assert all(c.get("fill") == "#2166ac" for c in circles)
    assert len(_paths(svg)) == len(kecamatan("32.04"))


def test_centroids_of_given_codes_at_any_level():
    found = centroids(["12.07", "12.07.01", "31.71"])
    assert set(found) == {"12.07", "12.07.01", "31.71"}
    lat, lng = found["12.07"]
    assert 3 < lat < 4 and 98 < lng < 99.5


def test_province_map_and_legend():
    svg = national_map(
        province="12",
        legend=[LegendItem("#1a9850", "Sudah memakai Kiblat"), LegendItem("#d9dde3", "Belum")],
    )
    paths = _paths(svg)
    assert len(paths) == 33 and all(code.startswith("12.") for code in paths)
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert texts == ["Sudah memakai Kiblat", "Belum"]
    assert _compressed(svg) < 20_000


def test_text_is_escaped_and_colours_are_checked():
    shapes = regencies(["12.75"])
    svg = render_svg(shapes, titles={"12.75": 'Binjai <b>&</b> "kota"'}, links={"12.75": "/a?b=1&c=2"})
    root = ET.fromstring(svg)  # still well-formed
    assert root.find(f".//{SVG}title").text == 'Binjai <b>&</b> "kota"'
    assert root.find(f".//{SVG}a").get("href") == "/a?b=1&c=2"
    with pytest.raises(ValueError, match="not a colour"):
        render_svg(shapes, fills={"12.75": 'red" onload="x'})
    with pytest.raises(ValueError, match="nothing to draw"):
        render_svg([])


def test_simplification_keeps_every_region_and_shrinks_outlines():
    fine = regencies(province="12", tolerance=0.0)
    coarse = regencies(province="12", tolerance=0.05)
    assert [s.code for s in fine] == [s.code for s in coarse]
    count = lambda shapes: sum(len(ring) for s in shapes for p in s.polygons for ring in p)  # noqa: E731
    assert count(coarse) < count(fine) / 4
    assert all(s.polygons and len(s.polygons[0][0]) >= 3 for s in coarse)


def test_douglas_peucker_on_a_line():
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, -0.01), (3.0, 5.0), (4.0, 6.0)]
    assert geometry.simplify_line(line, 0.1) == [(0.0, 0.0), (2.0, -0.01), (3.0, 5.0), (4.0, 6.0)]
