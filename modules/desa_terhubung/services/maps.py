"""The regency map of connectivity, drawn by the platform's map service: desa outlines where the
platform ships them (else the kecamatan outlines with a point per desa), each coloured by status
and linking to the desa's page, the kecamatan borders on top, the page's counts are the legend."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from kiblat.modules.desa_terhubung.services.registry import DesaStatus
from kiblat.modules.desa_terhubung.services.vocab import CONNECTIVITY
from kiblat.platform.core.texts import _
from kiblat.platform.maps import (
    MapPoint,
    centroids,
    desa,
    has_desa_boundaries,
    kecamatan,
    render_svg,
)

COLOURS = {"connected": "#1b7f3b", "limited": "#e0a100", "blankspot": "#c0262d", "unknown": "#c4c8ce"}
# Outlines simplified to ~100 m: enough to tell desa apart on a phone, and the page stays light.
DESA_TOLERANCE = 0.0012
WIDTH = 600


def connectivity_map(regency_code: str, rows: list[DesaStatus], link: Callable[[str], str]) -> Markup | None:
    """The SVG, or None when the platform has no outline of the regency."""
    status = {row.code: row.status for row in rows}
    titles = {row.code: f"{row.name} — {_(CONNECTIVITY[row.status])}" for row in rows}
    borders = kecamatan(regency_code)
    # The legend is the page's HTML counts (readable on a phone), not text inside the SVG.
    common = {"title": _("Peta konektivitas desa"), "width": WIDTH,
              "css_class": "kiblat-map desa-map"}
    if has_desa_boundaries(regency_code):
        shapes = desa(regency_code, tolerance=DESA_TOLERANCE)
        fills = {code: COLOURS[value] for code, value in status.items()}
        fills.update({shape.code: "none" for shape in borders})
        return render_svg(tuple(shapes) + tuple(borders), fills=fills, titles=titles,
                          links={code: link(code) for code in status}, decimals=0, **common)
    points = [MapPoint(lat, lng, fill=COLOURS[status[code]], title=titles[code], href=link(code), code=code)
              for code, (lat, lng) in sorted(centroids(status).items()) if code in status]
    if not borders and not points:
        return None
    return render_svg(borders, points=points, decimals=0, **common)
