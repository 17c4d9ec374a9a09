"""Where a citizen finds the nearest village operator or public access point: everything is
measured from the centre of the desa they choose (shipped centroids), as the crow flies."""

from __future__ import annotations

import math
from dataclasses import dataclass

from kiblat.modules.desa_terhubung.services import operators, registry
from kiblat.platform.maps.geometry import centroids

EARTH_RADIUS_KM = 6371.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lng1, lat2, lng2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Place:
    kind: str  # operator, access
    name: str
    desa_code: str
    desa_name: str
    detail: str  # phone number or what the access point is
    km: float | None


def nearest(desa_code: str, region_code: str, limit: int = 5) -> tuple[list[Place], list[Place]]:
    """(operators, public access points) nearest to ``desa_code``, each at most ``limit`` long.

    A place in the chosen desa itself comes first (0 km); desa without a shipped centroid sort last.
    """
    rows = registry.all_desa()
    names = {r.code: r.name for r in rows}
    points = centroids(within=region_code, level=3)
    origin = points.get(desa_code)

    def km(code: str) -> float | None:
        if code == desa_code:
            return 0.0
        if origin is None or code not in points:
            return None
        return round(distance_km(origin, points[code]), 1)

    def ordered(places: list[Place]) -> list[Place]:
        return sorted(places, key=lambda p: (p.km is None, p.km or 0.0, p.desa_name, p.name))[:limit]

    staff = [Place("operator", o.name, o.desa_code, names.get(o.desa_code, o.desa_code), o.phone, km(o.desa_code))
             for o in operators.roster()]
    access = [Place("access", r.survey.public_access, r.code, r.name, r.survey.public_access, km(r.code))
              for r in rows if r.survey is not None and r.survey.public_access]
    return ordered(staff), ordered(access)
