"""Maps drawn on the server as SVG from the shipped region boundaries: no tiles, no JavaScript.

``geometry`` loads and simplifies boundaries (kabupaten/kota, the kecamatan or desa of one
regency, centroids of any region); ``svg`` projects and draws them. Most callers need one of::

    from kiblat.platform.maps import regency_map, national_map, render_svg

See docs/maps.md.
"""

from kiblat.platform.maps.geometry import (
    Shape,
    centroids,
    desa,
    has_desa_boundaries,
    kecamatan,
    regencies,
)
from kiblat.platform.maps.svg import (
    LegendItem,
    MapPoint,
    legend_html,
    national_map,
    regency_map,
    render_svg,
)

__all__ = [
    "LegendItem",
    "MapPoint",
    "Shape",
    "centroids",
    "desa",
    "has_desa_boundaries",
    "kecamatan",
    "legend_html",
    "national_map",
    "regencies",
    "regency_map",
    "render_svg",
]
