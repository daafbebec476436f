"""Representative points of zones (for proportional symbols): GeoJSON, computed once, cached.

A point on the surface (shapely's `point_on_surface`, vectorised over the stored WKB
contours) always falls inside its zone, unlike the centroid of a crescent-shaped commune.
The gzipped body is cached per level, territory and state of the zones.
"""

import gzip
import hashlib
import json

import numpy as np
import shapely
from django.core.cache import cache
from django.db.models import Count, Max

from terreau.territory.models import Zone
from terreau.territory.queries import zone_list_for_layer, zone_resolve_within

CACHE_PREFIX = "terreau:atlas-points:v1"
CACHE_SECONDS = 3600
PRECISION = 5  # decimal places of the coordinates (about 1 m)


class UnknownTerritory(LookupError):
    """The `dans` parameter names no zone."""


def points_build(level: str, within: str = "") -> dict:
    """Return the FeatureCollection of the zones' points on surface (zones with a contour)."""
    zone = zone_resolve_within(within) if within else None
    if within and zone is None:
        raise UnknownTerritory(within)
    rows = list(zone_list_for_layer(level=level, within=zone).filter(geometry__isnull=False)
                .values_list("pk", "code", "name", "geometry"))
    geometries = shapely.from_wkb([bytes(row[3]) for row in rows]) if rows else np.array([])
    points = shapely.point_on_surface(shapely.make_valid(geometries)) if rows else geometries
    coordinates = np.round(shapely.get_coordinates(points), PRECISION).tolist() if rows else []
    features = [{"type": "Feature", "id": row[0], "properties": {"code": row[1], "nom": row[2]},
                 "geometry": {"type": "Point", "coordinates": xy}}
                for row, xy in zip(rows, coordinates, strict=True)]
    return {"type": "FeatureCollection", "features": features}


def _stamp(level: str) -> str:
    state = Zone.objects.filter(level=level).aggregate(last=Max("updated_at"), count=Count("pk"),
                                                       top=Max("pk"))
    last = state["last"].timestamp() if state["last"] else ""
    return f"{level}:{last}:{state['count']}:{state['top']}"


def points_geojson_gz(level: str, within: str = "") -> tuple[bytes, str]:
    """Return the gzipped GeoJSON of the points and its ETag, cached until the zones change.

    Raise UnknownTerritory when `within` names no zone.
    """
    text = f"{_stamp(level)}:{within}"
    key = f"{CACHE_PREFIX}:{hashlib.sha256(text.encode()).hexdigest()[:40]}"
    body = cache.get(key)
    if body is None:
        data = json.dumps(points_build(level, within), ensure_ascii=False,
                          separators=(",", ":")).encode()
        body = gzip.compress(data, 6)
        cache.set(key, body, CACHE_SECONDS)
    return body, key.rsplit(":", 1)[1]


def points_of(level: str, within: str = "") -> dict[str, tuple[float, float]]:
    """Return {zone code: (lon, lat)} (for server-side symbols), from the cached GeoJSON."""
    body, _ = points_geojson_gz(level, within)
    features = json.loads(gzip.decompress(body))["features"]
    return {f["properties"]["code"]: tuple(f["geometry"]["coordinates"]) for f in features}
