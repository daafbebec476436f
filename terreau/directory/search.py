"""Finding a service: filters on services and their structures, open now, zone, distance.

The directory holds a few thousand services at most (a département, a région): the search
loads the open ones with their structure in one query and filters in Python. That keeps the
list fields (themes, publics, modes, eligibility codes, stored as JSON) filterable on
SQLite too, and the distance is one vectorised haversine over the remaining points.

A service stands where its own position says, else at its structure's; it is open when its
own opening hours say so, else its structure's (data·inclusion: "if empty, use the
structure's"). Closed services, and services of closed structures, are left out unless
asked.

Zone filter, two meanings (`zone_scope`): the services *located* in the zone (by INSEE code
for communes, départements and régions; by contour for IRIS and other zones), or the services
whose *eligibility* covers it (its code, an ancestor's, an EPCI containing it, or "france").
"""

import math
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import shapely
from django.utils import timezone

from terreau.territory.geometry import normalize_search
from terreau.territory.models import Zone

from .hours import hours_status, open_now
from .models import Service
from .vocabularies import THEME_CATEGORIES, vocabulary

EARTH_RADIUS_KM = 6371.0088
NATIONWIDE = frozenset({"france", "99100"})
SCOPE_LOCATED, SCOPE_ELIGIBLE, SCOPE_BOTH = "situes", "eligibles", "tous"
SCOPES = {
    SCOPE_BOTH: "situés dans la zone ou ouverts à ses habitant·es",
    SCOPE_LOCATED: "situés dans la zone",
    SCOPE_ELIGIBLE: "ouverts à ses habitant·es (zone d'éligibilité)",
}
MODES = {"en-presentiel": "Sur place", "a-distance": "À distance"}
CODE_LEVELS = {"commune", "departement", "region"}


@dataclass(frozen=True)
class Filters:
    """What the person asked for (all optional; empty means no filter)."""

    theme: str = ""  # a v1 theme value, or a family ("numerique")
    public: str = ""
    free: bool = False
    mode: str = ""  # "en-presentiel" | "a-distance"
    open_now: bool = False
    text: str = ""
    zone: Zone | None = None
    zone_scope: str = SCOPE_BOTH
    origin: tuple[float, float] | None = None  # (lon, lat) to measure distances from
    radius_km: float | None = None
    closed: bool = False  # include closed services and structures
    at: datetime | None = None  # "now", fixed in tests


@dataclass
class Hit:
    """A service found, with where it stands, how far, and whether it is open."""

    service: Service
    lon: float | None
    lat: float | None
    approximate: bool
    hours: str  # the opening hours that apply (service's, else structure's)
    status: str = ""  # "Ouvert maintenant, ferme à 17 h" ("" without hours)
    distance_km: float | None = None
    in_zone: str = ""  # "situé dans la zone" / "zone d'éligibilité" (zone filter only)

    @property
    def structure(self):
        return self.service.structure

    @property
    def address(self) -> str:
        return service_address(self.service)

    @property
    def closed(self) -> bool:
        return self.service.closed_on is not None or self.structure.closed_on is not None


@dataclass
class Results:
    hits: list[Hit]
    notes: list[str] = field(default_factory=list)  # what the person should know (French)


# ---- Places and hours -------------------------------------------------------------------


def service_place(service: Service) -> tuple[float | None, float | None, bool]:
    """(lon, lat, approximate) of a service: its own position, else its structure's."""
    if service.longitude is not None and service.latitude is not None:
        return service.longitude, service.latitude, False
    structure = service.structure
    return structure.longitude, structure.latitude, structure.position_approximate


def service_code_insee(service: Service) -> str:
    return service.code_insee or service.structure.code_insee


def service_address(service: Service) -> str:
    """"12 rue Nationale, 37000 Tours": the service's own place, else its structure's."""
    source = service if (service.adresse or service.commune) else service.structure
    parts = [source.adresse, source.complement_adresse,
             " ".join(p for p in (source.code_postal, source.commune) if p)]
    return ", ".join(p for p in parts if p)


def service_hours(service: Service) -> str:
    return service.horaires_accueil or service.structure.horaires_accueil


def haversine_km(lon: np.ndarray, lat: np.ndarray, origin: tuple[float, float]) -> np.ndarray:
    """Great-circle distances (km) from `origin` (lon, lat) to arrays of points."""
    lon0, lat0 = map(math.radians, origin)
    lon_r, lat_r = np.radians(lon), np.radians(lat)
    a = (np.sin((lat_r - lat0) / 2) ** 2
         + math.cos(lat0) * np.cos(lat_r) * np.sin((lon_r - lon0) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def zone_centre(zone: Zone) -> tuple[float, float] | None:
    """A point inside the zone (its contour's point on surface), else its box's centre."""
    if zone.geometry:
        point = shapely.point_on_surface(shapely.make_valid(shapely.from_wkb(bytes(zone.geometry))))
        return float(point.x), float(point.y)
    if zone.bbox:
        return (zone.min_lon + zone.max_lon) / 2, (zone.min_lat + zone.max_lat) / 2
    return None


# ---- Zones ------------------------------------------------------------------------------


def _zone_shape(zone: Zone):
    return shapely.make_valid(shapely.from_wkb(bytes(zone.geometry))) if zone.geometry else None


def _located_matcher(zone: Zone, notes: list[str]):
    """A test `service -> bool` for "located in the zone"."""
    if zone.level in CODE_LEVELS:
        if zone.level == "commune":
            return lambda s: service_code_insee(s) == zone.code
        prefixes = ((zone.code,) if zone.level == "departement" else
                    tuple(Zone.objects.filter(level="departement", parent=zone)
                          .values_list("code", flat=True)))
        return lambda s: bool(prefixes) and service_code_insee(s).startswith(prefixes)
    shape = _zone_shape(zone)
    if shape is not None:
        shapely.prepare(shape)
        return lambda s: _point_in(shape, s)
    commune = next((z for z in zone.ancestors() if z.level == "commune"), None)
    if commune is None:
        notes.append(f"La zone « {zone.name} » n'a pas de contour : on ne peut pas dire quels "
                     "services s'y trouvent.")
        return lambda s: False
    notes.append(f"La zone « {zone.name} » n'a pas de contour : les services situés dans sa "
                 f"commune ({commune.name}) sont montrés.")
    return lambda s: service_code_insee(s) == commune.code


def _point_in(shape, service: Service) -> bool:
    lon, lat, _ = service_place(service)
    return lon is not None and lat is not None and shape.contains(shapely.Point(lon, lat))


def eligibility_codes(zone: Zone, candidates: set[str]) -> set[str]:
    """The eligibility codes that cover `zone`: its own, its ancestors', "france", and the
    EPCI (among `candidates`, 9-digit codes) whose contour holds the zone's centre."""
    codes = {zone.code, *(z.code for z in zone.ancestors()), *NATIONWIDE}
    epcis = {c for c in candidates if len(c) == 9 and c.isdigit()}
    centre = zone_centre(zone) if epcis else None
    if centre is not None:
        point = shapely.Point(*centre)
        for epci in Zone.objects.filter(level="epci", code__in=epcis, geometry__isnull=False):
            if _zone_shape(epci).contains(point):
                codes.add(epci.code)
    return codes


def zone_filter(hits: list[Hit], zone: Zone, scope: str, notes: list[str]) -> list[Hit]:
    """Keep the hits in the zone (`scope`: located, eligible, or both) and say which."""
    located = _located_matcher(zone, notes) if scope != SCOPE_ELIGIBLE else (lambda s: False)
    covering = set()
    if scope != SCOPE_LOCATED:
        candidates = {c for h in hits for c in h.service.zone_eligibilite or ()}
        covering = eligibility_codes(zone, candidates)
    kept = []
    for hit in hits:
        if located(hit.service):
            hit.in_zone = "situé dans la zone"
        elif covering & set(hit.service.zone_eligibilite or ()):
            hit.in_zone = "ouvert aux habitant·es de la zone"
        else:
            continue
        kept.append(hit)
    return kept


# ---- Filters ----------------------------------------------------------------------------


def theme_matches(values, theme: str) -> bool:
    """A service's themes match a value exactly, or a family by its prefix ("numerique")."""
    if "--" in theme:
        return theme in values
    return any(v == theme or v.startswith(theme + "--") for v in values)


def _haystack(service: Service, themes: dict[str, str]) -> str:
    structure = service.structure
    words = [service.nom, service.description, structure.nom, structure.commune,
             service.commune, *(themes.get(t, t) for t in service.thematiques or ())]
    return normalize_search(" ".join(w for w in words if w))


def _keeps(service: Service, filters: Filters) -> bool:
    if filters.theme and not theme_matches(service.thematiques or (), filters.theme):
        return False
    if filters.public and filters.public not in (service.publics or ()):
        return False
    if filters.free and service.frais != "gratuit":
        return False
    return not filters.mode or filters.mode in (service.modes_accueil or ())


def candidates(filters: Filters):
    services = Service.objects.select_related("structure").order_by(
        "structure__nom", "nom", "pk")
    if not filters.closed:
        services = services.filter(closed_on__isnull=True, structure__closed_on__isnull=True)
    if filters.free:
        services = services.filter(frais="gratuit")
    return services


def search(filters: Filters) -> Results:
    """The services matching `filters`: nearest first when an origin is given, else by
    structure and name."""
    at = filters.at or timezone.localtime()
    notes: list[str] = []
    words = normalize_search(filters.text).split()
    themes = vocabulary("thematiques") if words else {}
    hits = []
    for service in candidates(filters):
        if not _keeps(service, filters):
            continue
        if words and not all(w in _haystack(service, themes) for w in words):
            continue
        hours = service_hours(service)
        if filters.open_now and not (hours and open_now(hours, at)):
            continue
        lon, lat, approximate = service_place(service)
        hits.append(Hit(service, lon, lat, approximate, hours))
    if filters.zone is not None:
        hits = zone_filter(hits, filters.zone, filters.zone_scope, notes)
    if filters.origin is not None:
        hits = _by_distance(hits, filters.origin, filters.radius_km)
    return Results(hits, notes)


def _by_distance(hits: list[Hit], origin, radius_km: float | None) -> list[Hit]:
    placed = [h for h in hits if h.lon is not None and h.lat is not None]
    if placed:
        distances = haversine_km(np.array([h.lon for h in placed]),
                                 np.array([h.lat for h in placed]), origin)
        for hit, distance in zip(placed, distances, strict=True):
            hit.distance_km = float(distance)
    if radius_km is not None:
        return sorted((h for h in placed if h.distance_km <= radius_km),
                      key=lambda h: h.distance_km)
    unplaced = [h for h in hits if h.distance_km is None]
    return sorted(placed, key=lambda h: h.distance_km) + unplaced


def with_status(hits: list[Hit], at: datetime | None = None) -> list[Hit]:
    """Fill the "open now" sentence of the hits shown (a page, not all results)."""
    at = at or timezone.localtime()
    for hit in hits:
        hit.status = hours_status(hit.hours, at) if hit.hours else ""
    return hits


# ---- Labels -----------------------------------------------------------------------------


def theme_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Options of the theme select: each family (whole family first) with its themes; the
    groups' own themes under their group's name."""
    themes = vocabulary("thematiques")
    families: dict[str, list[tuple[str, str]]] = {}
    for value, label in themes.items():
        families.setdefault(value.split("--", 1)[0], []).append((value, label))
    out = []
    for family, items in sorted(families.items(), key=lambda kv: family_label(kv[0])):
        name = family_label(family)
        out.append((name, [(family, f"{name} (tous les thèmes)"), *sorted(items, key=_label)]))
    return out


def _label(item: tuple[str, str]) -> str:
    return normalize_search(item[1])


def family_label(family: str) -> str:
    if family in THEME_CATEGORIES:
        return THEME_CATEGORIES[family]
    from terreau.accounts.models import TerritorialGroup

    group = TerritorialGroup.objects.filter(slug=family).only("name").first()
    return f"Thèmes du groupe {group.name}" if group else family


def theme_label_of(value: str) -> str:
    """The plain label of a theme value or family (the value itself when unknown)."""
    if value in THEME_CATEGORIES:
        return THEME_CATEGORIES[value]
    return vocabulary("thematiques").get(value, value)


def labels(kind: str, values) -> list[str]:
    """Plain labels of vocabulary values, in the record's order (unknown values as is)."""
    names = vocabulary(kind)
    return [names.get(v, v) for v in values or ()]


def describe(filters: Filters) -> list[str]:
    """The active filters in words, for the page and the sheet."""
    parts = []
    if filters.theme:
        parts.append(f"thème : {theme_label_of(filters.theme)}")
    if filters.public:
        parts.append(f"public : {vocabulary('publics').get(filters.public, filters.public)}")
    if filters.free:
        parts.append("gratuits")
    if filters.mode:
        parts.append(MODES.get(filters.mode, filters.mode).lower())
    if filters.open_now:
        parts.append("ouverts maintenant")
    if filters.text:
        parts.append(f"mots : « {filters.text} »")
    if filters.zone is not None:
        parts.append(f"{SCOPES[filters.zone_scope]} : {filters.zone.name}")
    if filters.radius_km is not None and filters.origin is not None:
        parts.append(f"à moins de {filters.radius_km:g} km")
    if filters.closed:
        parts.append("fermés compris")
    return parts

