"""The gap map's computation: per zone, the need against the offer of one theme (no Django).

Input (columns, one entry per zone or per service, built by gap_queries.py or by hand):

- zones: code, name, centre (longitude, latitude; NaN when unknown), the codes that
  eligibility lists may name for it — its commune (the zone itself at commune level, its
  commune at IRIS level), its département, its EPCI ("" when unknown) — and the need
  (NaN when unknown, with a note saying why: "moins de 11 réponses");
- services of the theme: position (NaN when unknown) and `zone_eligibilite` codes.

Offer per zone:

- `eligible`: services whose eligibility covers the zone. A code covers the zones whose
  commune, département or EPCI it is; "france" and "99100" (the whole country) cover every
  zone; other country codes (99xxx) cover none. A service naming both a commune and its
  département counts once. **An empty eligibility** means the service states no
  restriction, not that it serves all France: it counts as eligible for the zones whose
  centre is within `reach_km` (15 km by default: the distance people can be expected to
  travel to a front desk), and the reasons say so ("dont 2 sans zone d'éligibilité, à moins
  de 15 km").
- `nearest_km`: distance from the zone's centre to the nearest service of the theme with a
  position, whatever its eligibility. The search runs on Lambert-93 coordinates (pyproj) in
  a shapely STRtree (`query_nearest`, vectorised) and the Lambert-93 distance is kept: in
  metropolitan France its scale error stays under 0.3 % of the geodesic distance (checked
  by the tests and the benchmark). Lambert-93 is metropolitan France's projection: for a
  zone outside it (overseas) the distance to the service found is recomputed on the WGS84
  ellipsoid (pyproj.Geod). Services without eligibility are counted within reach with a
  k-d tree (scipy) on the same coordinates.

Need classes: terciles of the zones' known needs (atlas.stats.terciles, the bounds of the
atlas's bivariate map: a value equal to a bound is in the lower class). A zone has **high
need** in the 3rd tercile and **low offer** when no service is eligible or the nearest is
beyond `reach_km`. Ranking: need class (high first), then offer (none eligible, then far,
then enough), then need (highest first), then distance (farthest first); zones without a
need value come last. The first row is thus the zone of highest need among those of the
3rd tercile that no service covers.
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, combinations, product
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyproj
import shapely
from scipy.spatial import cKDTree

from terreau.atlas.numbers import format_number
from terreau.atlas.stats import terciles

REACH_KM = 15.0
LAMBERT_93 = "EPSG:2154"
METROPOLE = (-5.5, 41.0, 10.0, 51.5)  # lon/lat box of metropolitan France (and Corsica)
NATIONAL = frozenset({"france", "99100"})
KINDS = ("commune", "departement", "epci")
# Offer levels, worst first (the order of the ranking).
NONE_ELIGIBLE, FAR, ENOUGH = 0, 1, 2
CLASS_WORDS = {1: ("faible", "1ᵉʳ"), 2: ("moyen", "2ᵉ"), 3: ("fort", "3ᵉ")}

_to_lambert = pyproj.Transformer.from_crs("EPSG:4326", LAMBERT_93, always_xy=True)
_geod = pyproj.Geod(ellps="WGS84")


@dataclass(frozen=True)
class GapZones:
    """The zones, as columns of equal length."""

    codes: Sequence[str]
    names: Sequence[str]
    lon: np.ndarray
    lat: np.ndarray
    communes: Sequence[str]  # the commune code eligibility lists name ("" unknown)
    departements: Sequence[str]
    epcis: Sequence[str]
    need: np.ndarray  # NaN: unknown
    need_notes: Sequence[str] = ()  # why a need is unknown ("" or missing: no value)

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(frozen=True)
class GapServices:
    """The services of the theme, as columns of equal length."""

    lon: np.ndarray  # NaN: no position
    lat: np.ndarray
    eligibility: Sequence[Sequence[str] | None]

    def __len__(self) -> int:
        return len(self.lon)


class GapRow(NamedTuple):
    """One zone of the table (a tuple: 35,000 of them are built in a few milliseconds)."""

    code: str
    name: str
    need: float | None
    need_class: int | None  # 1, 2, 3 (terciles), None without a need
    eligible: int
    eligible_open: int  # among them: without eligibility, within reach
    nearest_km: float | None
    rank: int
    high_need: bool
    low_offer: bool
    reasons: str


@dataclass
class GapTable:
    """The result as columns (in the zones' order) and the ranking; `rows` builds the table
    with its French reasons on first use (formatting 35,000 sentences is the slow part)."""

    zones: GapZones
    need: np.ndarray
    need_class: np.ndarray  # 0 unknown, 1..3
    eligible: np.ndarray
    eligible_open: np.ndarray
    nearest_km: np.ndarray  # NaN: no positioned service, or no centre
    located: np.ndarray
    offer: np.ndarray  # NONE_ELIGIBLE, FAR, ENOUGH
    order: np.ndarray  # zone indices, best rank first
    need_bounds: tuple[float, float]
    reach_km: float
    services: int
    positioned: int
    open_services: int  # without eligibility (counted within reach)
    unit: str = ""
    decimals: int = 1

    @cached_property
    def rows(self) -> list[GapRow]:
        z, reach = self.zones, _km(self.reach_km)
        notes = list(z.need_notes) or [""] * len(z)
        codes, names = list(z.codes), list(z.names)
        needs, klasses, counts = (self.need.tolist(), self.need_class.tolist(),
                                  self.eligible.tolist())
        opens, kms, placed, levels = (self.eligible_open.tolist(), self.nearest_km.tolist(),
                                      self.located.tolist(), self.offer.tolist())
        rows = []
        for rank, i in enumerate(self.order.tolist(), start=1):
            klass, km = klasses[i], kms[i]
            value = needs[i] if klass else None
            km = None if km != km else km  # NaN
            rows.append(GapRow(codes[i], names[i], value, klass or None, counts[i], opens[i],
                               km, rank, klass == 3, levels[i] != ENOUGH,
                               reasons_text(value, klass, counts[i], opens[i], km, placed[i],
                                            unit=self.unit, decimals=self.decimals,
                                            reach=reach, note=notes[i])))
        return rows

    @cached_property
    def by_code(self) -> dict[str, GapRow]:
        return {row.code: row for row in self.rows}

    @property
    def gaps(self) -> list[GapRow]:
        """The zones of high need and low offer, in rank order."""
        return [row for row in self.rows if row.high_need and row.low_offer]


# ---- Centres ----------------------------------------------------------------------------


def weighted_centres(parent_index: np.ndarray, lon: np.ndarray, lat: np.ndarray,
                     weights: np.ndarray, parents: int) -> tuple[np.ndarray, np.ndarray]:
    """The weighted mean of child points per parent (NaN where no child has weight).

    Used for a commune's centre: the population-weighted mean of its IRIS' centres. The mean
    of longitudes and latitudes is exact enough at the scale of a commune.
    """
    parent_index, weights = np.asarray(parent_index), np.asarray(weights, dtype=float)
    usable = ((parent_index >= 0) & np.isfinite(lon) & np.isfinite(lat)
              & np.isfinite(weights) & (weights > 0))
    index, w = parent_index[usable], weights[usable]
    total = np.bincount(index, weights=w, minlength=parents)
    with np.errstate(invalid="ignore", divide="ignore"):
        x = np.bincount(index, weights=w * lon[usable], minlength=parents) / total
        y = np.bincount(index, weights=w * lat[usable], minlength=parents) / total
    missing = total <= 0
    x[missing], y[missing] = np.nan, np.nan
    return x, y


# ---- Eligibility ------------------------------------------------------------------------


def code_kind(code: str) -> str | None:
    """Which zone code an eligibility code names: commune, departement, epci (None: other)."""
    if len(code) == 5 and not code.startswith("99"):
        return "commune"
    if 2 <= len(code) <= 3:
        return "departement"
    if len(code) == 9 and code.isdigit():
        return "epci"
    return None  # a foreign country (99xxx) or a malformed code: covers no zone


def _key_columns(zones: GapZones) -> dict[str, np.ndarray]:
    return {"commune": np.asarray(zones.communes, dtype=object),
            "departement": np.asarray(zones.departements, dtype=object),
            "epci": np.asarray(zones.epcis, dtype=object)}


def _service_codes(eligibility) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The (service, code, kind) rows of the eligibility lists, cleaned ("37 " → "37"),
    each code once per service; plus, per service, whether it lists any code."""
    lengths = np.array([len(codes) if codes else 0 for codes in eligibility], dtype=np.int64)
    owners = np.repeat(np.arange(len(lengths)), lengths)
    flat = list(chain.from_iterable(codes for codes in eligibility if codes))
    clean = {code: str(code).strip().lower() for code in set(flat)}
    kind_of = {code: code_kind(code) or ("national" if code in NATIONAL else "")
               for code in set(clean.values())}
    pairs = pd.DataFrame({"service": owners,
                          "code": np.array([clean[code] for code in flat], dtype=object)})
    pairs = pairs[pairs["code"] != ""].drop_duplicates()
    owners, codes = pairs["service"].to_numpy(dtype=np.int64), pairs["code"].to_numpy()
    kinds = np.array([kind_of[code] for code in codes], dtype=object)
    return owners, codes, kinds, np.bincount(owners, minlength=len(lengths)) > 0


def eligible_counts(zones: GapZones, services: GapServices) -> tuple[np.ndarray, np.ndarray]:
    """Per zone, the services whose stated eligibility covers it; and which services have
    no eligibility (a boolean per service, counted within reach by the caller).

    Each code adds its services to the zones whose commune, département or EPCI it is. A
    list mixing kinds (a commune and its département) would count a zone twice: for those
    lists the pairs (and triples) of codes of different kinds are subtracted (added back)
    by inclusion–exclusion, so every service counts once per zone. Vectorised over the
    (service, code) rows; only the mixed lists are read one by one.
    """
    owners, codes, kinds, listed = _service_codes(services.eligibility)
    national = np.zeros(len(listed), dtype=bool)
    national[owners[kinds == "national"]] = True
    keep = ~national[owners] & (kinds != "national") & (kinds != "")
    owners, codes, kinds = owners[keep], codes[keep], kinds[keep]
    columns = _key_columns(zones)
    counts = np.full(len(zones), int(national.sum()), dtype=np.int64)
    bits = np.zeros(len(listed), dtype=np.int64)  # which kinds each service names
    for bit, kind in enumerate(KINDS):
        chosen = kinds == kind
        if chosen.any():
            np.bitwise_or.at(bits, owners[chosen], 1 << bit)
            counts += _lookup(columns[kind], Counter(codes[chosen].tolist()))
    corrections: dict[tuple[str, ...], dict[str, int]] = {}
    mixed = np.isin(bits[owners], (3, 5, 6, 7))  # two kinds or more
    lists: dict[int, dict[str, list[str]]] = {}
    for service, code, kind in zip(owners[mixed].tolist(), codes[mixed].tolist(),
                                   kinds[mixed].tolist(), strict=True):
        lists.setdefault(service, {}).setdefault(kind, []).append(code)
    for by_kind in lists.values():
        present = [kind for kind in KINDS if kind in by_kind]
        for size in range(2, len(present) + 1):
            for combo_kinds in combinations(present, size):
                counter = corrections.setdefault(combo_kinds, {})
                change = 1 if size % 2 else -1
                for combo in product(*(by_kind[kind] for kind in combo_kinds)):
                    key = "|".join(combo)
                    counter[key] = counter.get(key, 0) + change
    for kinds, counter in corrections.items():
        joined = ["|".join(parts) for parts in zip(*(columns[kind] for kind in kinds),
                                                   strict=True)]
        counts += _lookup(joined, counter)
    return counts, ~listed


def _lookup(column, counter: dict[str, int]) -> np.ndarray:
    """counter[value] for each value of a zone column (0 when absent)."""
    get = counter.get
    return np.fromiter((get(value, 0) for value in column), dtype=np.int64,
                       count=len(column))


# ---- Distances --------------------------------------------------------------------------


def project(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lambert-93 coordinates (metres) and which points are known (no NaN)."""
    x, y = _to_lambert.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return x, y, np.isfinite(x) & np.isfinite(y)


def nearest_km(zone_xy, service_xy, zones: GapZones, services: GapServices) -> np.ndarray:
    """Distance (km) from each zone's centre to the nearest positioned service, found with
    a shapely STRtree on the Lambert-93 points. In metropolitan France the Lambert-93
    distance is kept (its scale error stays under 0.3 %); for a zone elsewhere (overseas)
    it is replaced by the geodesic distance between the same two points."""
    result = np.full(len(zone_xy[0]), np.nan)
    placed, located = np.flatnonzero(service_xy[2]), np.flatnonzero(zone_xy[2])
    if not len(placed) or not len(located):
        return result
    tree = shapely.STRtree(shapely.points(service_xy[0][placed], service_xy[1][placed]))
    found, metres = tree.query_nearest(
        shapely.points(zone_xy[0][located], zone_xy[1][located]), all_matches=False,
        return_distance=True)
    zone_i, service_i = located[found[0]], placed[found[1]]
    result[zone_i] = metres / 1000
    lon, lat = np.asarray(zones.lon, dtype=float), np.asarray(zones.lat, dtype=float)
    far = ~((lon[zone_i] >= METROPOLE[0]) & (lon[zone_i] <= METROPOLE[2])
            & (lat[zone_i] >= METROPOLE[1]) & (lat[zone_i] <= METROPOLE[3]))
    if far.any():
        z, v = zone_i[far], service_i[far]
        _, _, geodesic = _geod.inv(lon[z], lat[z], np.asarray(services.lon, dtype=float)[v],
                                   np.asarray(services.lat, dtype=float)[v])
        result[z] = geodesic / 1000
    return result


def within_reach(zone_xy, service_xy, reach_km: float, chosen: np.ndarray) -> np.ndarray:
    """Per zone, how many of the `chosen` services lie within `reach_km` of its centre
    (a k-d tree counts them without listing the pairs)."""
    counts = np.zeros(len(zone_xy[0]), dtype=np.int64)
    candidates = np.flatnonzero(chosen & service_xy[2])
    located = np.flatnonzero(zone_xy[2])
    if not len(candidates) or not len(located):
        return counts
    tree = cKDTree(np.column_stack([service_xy[0][candidates], service_xy[1][candidates]]))
    points = np.column_stack([zone_xy[0][located], zone_xy[1][located]])
    counts[located] = tree.query_ball_point(points, reach_km * 1000, return_length=True,
                                            workers=-1)
    return counts


# ---- Ranking and reasons ----------------------------------------------------------------


def need_classes(need: np.ndarray) -> tuple[np.ndarray, tuple[float, float]]:
    """1, 2, 3 per zone (terciles of the known needs), 0 where the need is unknown."""
    known = np.isfinite(need)
    bounds = terciles(need[known])
    classes = np.zeros(len(need), dtype=np.int8)
    if known.any():
        classes[known] = np.searchsorted(np.array(bounds), need[known], side="left") + 1
    return classes, bounds


def _number(value: float, decimals: int) -> str:
    """French decimal comma; format_number (thousands grouped) only where it matters."""
    if abs(value) >= 1000:
        return format_number(value, decimals)
    text = f"{value:.{decimals}f}".replace(".", ",")
    return text[1:] if text.startswith("-") and not text.strip("-0,") else text


def _km(value: float) -> str:
    return f"{_number(value, 1 if value < 10 else 0)} km"


def reasons_text(need: float | None, need_class: int, eligible: int, open_: int,
                 nearest: float | None, located: bool, *, unit: str, decimals: int,
                 reach: str, note: str) -> str:
    """The French sentence of one zone: need, eligible services, nearest one."""
    if need_class:
        word, ordinal = CLASS_WORDS[need_class]
        value = _number(need, decimals) + (f" {unit}" if unit else "")
        text = f"besoin {word} ({value}, {ordinal} tiers) ; "
    else:
        text = f"besoin inconnu ({note or 'pas de valeur'}) ; "
    if not eligible:
        text += "aucun service de ce thème n'y est éligible ; "
    else:
        said = ("1 service de ce thème y est éligible" if eligible == 1
                else f"{eligible} services de ce thème y sont éligibles")
        detail = f" (dont {open_} sans zone d'éligibilité, à moins de {reach})" if open_ else ""
        text += f"{said}{detail} ; "
    if nearest is not None:
        return text + f"le plus proche est à {_km(nearest)}"
    if located:
        return text + "aucun service de ce thème n'a de position connue"
    return text + "la zone n'a pas de position connue"


def _rank(need, classes, offer, nearest) -> np.ndarray:
    """Zone indices in table order; ties keep the zones' order (lexsort is stable)."""
    return np.lexsort((-np.nan_to_num(nearest, nan=np.inf), -np.nan_to_num(need, nan=0),
                       offer, -classes.astype(np.int64), classes == 0))


def gap_compute(zones: GapZones, services: GapServices, *, reach_km: float = REACH_KM,
                unit: str = "", decimals: int = 1) -> GapTable:
    """The ranked table of the zones (see the module's docstring)."""
    if reach_km <= 0 or not math.isfinite(reach_km):
        raise ValueError("La distance d'accès doit être un nombre positif de kilomètres.")
    need = np.asarray(zones.need, dtype=float)
    zone_xy, service_xy = project(zones.lon, zones.lat), project(services.lon, services.lat)
    eligible, unrestricted = eligible_counts(zones, services)
    open_counts = within_reach(zone_xy, service_xy, reach_km, unrestricted)
    eligible = eligible + open_counts
    nearest = nearest_km(zone_xy, service_xy, zones, services)
    classes, bounds = need_classes(need)
    offer = np.where(eligible == 0, NONE_ELIGIBLE,
                     np.where(nearest <= reach_km, ENOUGH, FAR))  # NaN distance: far
    return GapTable(zones, need, classes, eligible, open_counts, nearest, zone_xy[2], offer,
                    _rank(need, classes, offer, nearest), bounds, reach_km, len(services),
                    int(service_xy[2].sum()), int(unrestricted.sum()), unit, decimals)
