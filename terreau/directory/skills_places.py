"""Places for the skills' search: the zone or address someone searches from, the centres of
zones, distances. A zone's centre is a point on its surface (inside it, as the atlas's
symbols), its parent's when it has no contour (IRIS loaded without contours)."""

from dataclasses import dataclass, field

import numpy as np
import shapely

from terreau.territory.choices import Level
from terreau.territory.models import Zone
from terreau.territory.queries import zone_resolve_within, zone_search

from .search import haversine_km


class SkillError(ValueError):
    """Bad input about skills, in French (shown as is; nothing was written)."""


@dataclass(frozen=True)
class Place:
    """Where someone searches from: a zone (its centre) or a geocoded address."""

    label: str
    lon: float
    lat: float
    zone: Zone | None = None


def zone_find(text: str) -> Zone | None:
    """The zone named by a code ("37261", "iris:372610101") or a name ("Joué-lès-Tours")."""
    text = " ".join((text or "").split())
    if not text:
        return None
    if text.replace(":", "").isalnum() and any(c.isdigit() for c in text):
        zone = zone_resolve_within(text)
        if zone is not None:
            return zone
    found = zone_search(query=text, limit=1)
    return found[0] if found else None


def _geocode(text: str) -> tuple[float, float, str] | None:
    """The national address geocoder (geocode.py), None when offline or not found."""
    from . import geocode

    return geocode.geocode_address(text)


def place_resolve(text: str) -> Place | None:
    """A zone first (exact or starting name, code), then an address, then any zone matching."""
    text = " ".join((text or "").split())
    if not text:
        return None
    zone = zone_find(text)
    if zone is not None and getattr(zone, "rank", 0) <= 2:
        return _zone_place(zone)
    address = _geocode(text)
    if address is not None:
        return Place(label=address[2] or text, lon=address[0], lat=address[1])
    if zone is not None:
        return _zone_place(zone)
    raise SkillError(f"Lieu introuvable : « {text} ». Écrivez le nom ou le code d'une commune, "
                     "d'un IRIS ou d'un quartier, ou une adresse.")


def zone_label(zone: Zone) -> str:
    return f"{zone.name} ({Level(zone.level).label.lower()} {zone.code})" \
        if zone.level in Level.values else f"{zone.name} ({zone.code})"


def _zone_place(zone: Zone) -> Place:
    centre = zone_centres([zone.pk]).get(zone.pk)
    if centre is None:
        raise SkillError(f"La zone {zone_label(zone)} n'a pas de contour : la distance ne "
                         "peut pas être calculée. Choisissez la commune qui la contient.")
    return Place(label=zone_label(zone), lon=centre[0], lat=centre[1], zone=zone)


@dataclass
class Shapes:
    centres: dict[int, tuple[float, float]] = field(default_factory=dict)
    contours: dict[int, object] = field(default_factory=dict)


def zone_shapes(zone_ids) -> Shapes:
    """Centres (point on surface, else the parent's) and contours of some zones."""
    rows = list(Zone.objects.filter(pk__in=set(zone_ids))
                .values_list("pk", "geometry", "parent__geometry", "parent__parent__geometry"))
    shapes = Shapes()
    for pk, *wkbs in rows:
        wkb = next((w for w in wkbs if w is not None), None)
        if wkb is None:
            continue
        geometry = shapely.make_valid(shapely.from_wkb(bytes(wkb)))
        point = shapely.point_on_surface(geometry)
        shapes.centres[pk] = (point.x, point.y)
        if wkbs[0] is not None:
            shapes.contours[pk] = geometry
    return shapes


def zone_centres(zone_ids) -> dict[int, tuple[float, float]]:
    """{zone pk: (lon, lat)}: a point inside each zone (its parent's without contour)."""
    return zone_shapes(zone_ids).centres


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lon, lat) points (the search's haversine)."""
    return float(haversine_km(np.array([b[0]]), np.array([b[1]]), a)[0])


