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
from terreau.territory.queries import within_resolve, zone_list_for_layer
from terreau.territory.within import Within

CACHE_PREFIX = "terreau:atlas-points:v1"
CACHE_SECONDS = 3600
PRECISION = 5  # decimal places of the coordinates (about 1 m)


class UnknownTerritory(LookupError):
    """The `dans` parameter names no zone (or a group's territory the user may not see)."""


def _scope(within: str, user) -> Within | None:
    scope = within_resolve(within, user=user) if within else None
    if within and scope is None:
        raise UnknownTerritory(within)
    return scope


def points_build(level: str, within: str | Within = "", user=None) -> dict:
    """Return the FeatureCollection of the zones' points on surface (zones with a contour).

    Raise UnknownTerritory, WithinLevelError (a level larger than a drawn territory's zones).
    """
    scope = _scope(within, user) if isinstance(within, str) else within
    rows = list(zone_list_for_layer(level=level, within=scope).filter(geometry__isnull=False)
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


def points_geojson_gz(level: str, within: str = "", user=None) -> tuple[bytes, str]:
    """Return the gzipped GeoJSON of the points and its ETag, cached until the zones change.

    Raise UnknownTerritory when `within` names no zone (or a group's territory `user` may not
    see), WithinLevelError for a level larger than a drawn territory's zones.
    """
    scope = _scope(within, user)
    text = f"{_stamp(level)}:{scope.cache_key if scope else ''}"
    key = f"{CACHE_PREFIX}:{hashlib.sha256(text.encode()).hexdigest()[:40]}"
    body = cache.get(key)
    if body is None:
        data = json.dumps(points_build(level, scope), ensure_ascii=False,
                          separators=(",", ":")).encode()
        body = gzip.compress(data, 6)
        cache.set(key, body, CACHE_SECONDS)
    return body, key.rsplit(":", 1)[1]


def points_of(level: str, within: str = "", user=None) -> dict[str, tuple[float, float]]:
    """Return {zone code: (lon, lat)} (for server-side symbols), from the cached GeoJSON."""
    body, _ = points_geojson_gz(level, within, user)
    features = json.loads(gzip.decompress(body))["features"]
    return {f["properties"]["code"]: tuple(f["geometry"]["coordinates"]) for f in features}
