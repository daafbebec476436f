"""The gap map from the database: zones and their centres, services of a theme, the table.

Zone centres (where distances start from), in this order:
1. at commune level, the **population-weighted mean of the centres of its IRIS** when IRIS
   contours are loaded and an open or shared catalogue variable gives the IRIS population
   (a count variable of an IRIS dataset named like INSEE's `P21_POP`, `pop` or
   `population`): distances then start from where people live, not from the middle of the
   fields;
2. otherwise the zone's representative point (shapely `point_on_surface`: inside the zone,
   even for a crescent-shaped one);
3. an IRIS without contour takes its commune's centre (counted as approximate).

EPCI codes of eligibility lists need the commune's EPCI: when EPCI zones with contours are
loaded, the EPCI whose contour holds the commune's centre; otherwise EPCI codes cover none.
"""

import re
from dataclasses import dataclass

import numpy as np
import shapely

from terreau.catalog.choices import Sensitivity, VariableKind
from terreau.catalog.models import Variable
from terreau.catalog.queries import SeriesNotFound, series_for
from terreau.territory.choices import Level
from terreau.territory.geometry import parent_code_from_code
from terreau.territory.models import Zone
from terreau.territory.queries import within_resolve, zone_list_for_layer
from terreau.territory.within import WithinLevelError

from .gap import GapServices, GapTable, GapZones, gap_compute, weighted_centres
from .gap_needs import GapError, Need, need_read
from .models import Service
from .vocabularies import THEME_CATEGORIES, theme_label, vocabulary

LEVELS = {Level.COMMUNE.value: "Communes", Level.IRIS.value: "IRIS"}
POPULATION = re.compile(r"^(p\d{2}_pop|pop|population|pmun\d{0,4})$")


@dataclass(frozen=True)
class GapSpec:
    """What a gap map computes (a GapMap's fields, or the command line's options)."""

    theme: str
    need: dict
    level: str = Level.COMMUNE.value
    within: str = ""


@dataclass
class GapResult:
    spec: GapSpec
    table: GapTable
    need: Need
    theme_label: str
    within_label: str
    weighted_centres: int  # zones whose centre is population-weighted
    approximate_centres: int  # IRIS placed at their commune's centre


# ---- Themes -----------------------------------------------------------------------------


def theme_choices() -> list[tuple[str, str]]:
    """The families ("numerique": every digital theme), then each theme of the lists."""
    themes = vocabulary("thematiques")
    families = dict(THEME_CATEGORIES)
    for value in themes:
        families.setdefault(value.split("--", 1)[0], "")
    choices = [(family, f"{label or family} (toutes ses thématiques)")
               for family, label in sorted(families.items(), key=lambda kv: kv[1] or kv[0])
               if label or any(v.startswith(family + "--") for v in themes)]
    choices += sorted(((value, theme_label(value, label)) for value, label in themes.items()),
                      key=lambda pair: pair[1])
    return choices


def theme_name(theme: str) -> str:
    return dict(theme_choices()).get(theme, theme)


def theme_check(theme: str) -> str:
    theme = (theme or "").strip()
    if theme not in dict(theme_choices()):
        raise GapError(f"Thématique inconnue : « {theme} ». Écrivez une thématique de "
                       "data·inclusion (ex. numerique--acceder-a-une-connexion-internet) ou "
                       "une famille (ex. numerique).")
    return theme


def theme_matches(theme: str, thematiques) -> bool:
    """A service of a family ("numerique") or of one theme ("numerique--…")."""
    return any(t == theme or t.startswith(theme + "--") for t in thematiques or ())


def theme_services(theme: str) -> GapServices:
    """The open services of the theme, at their own position or else their structure's."""
    rows = (Service.objects.filter(closed_on=None, structure__closed_on=None)
            .values_list("thematiques", "zone_eligibilite", "longitude", "latitude",
                         "structure__longitude", "structure__latitude"))
    lon, lat, eligibility = [], [], []
    for themes, zones, x, y, sx, sy in rows.iterator():
        if not theme_matches(theme, themes):
            continue
        own = x is not None and y is not None
        lon.append(x if own else (sx if sx is not None else np.nan))
        lat.append(y if own else (sy if sy is not None else np.nan))
        eligibility.append(zones or [])
    return GapServices(np.array(lon, dtype=float), np.array(lat, dtype=float), eligibility)


# ---- Zones ------------------------------------------------------------------------------


def _representative(wkbs: list) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = np.full(len(wkbs), np.nan), np.full(len(wkbs), np.nan)
    present = [i for i, g in enumerate(wkbs) if g]
    if present:
        points = shapely.point_on_surface(shapely.from_wkb([bytes(wkbs[i]) for i in present]))
        lon[present], lat[present] = shapely.get_x(points), shapely.get_y(points)
    return lon, lat


def iris_population() -> dict[str, float]:
    """IRIS code → population, from the latest open or shared IRIS count variable."""
    candidates = (Variable.objects.filter(
        dataset__level=Level.IRIS, kind=VariableKind.COUNT,
        dataset__sensitivity__in=(Sensitivity.OPEN, Sensitivity.SHARED))
        .select_related("dataset").order_by("-dataset__pk"))
    for variable in candidates:
        if not POPULATION.match(variable.slug.lower()):
            continue
        try:
            ids, values, _ = series_for(variable)
        except SeriesNotFound:
            continue
        codes = dict(Zone.objects.filter(pk__in=ids.tolist()).values_list("pk", "code"))
        return {codes[i]: float(v) for i, v in zip(ids.tolist(), values, strict=True)
                if i in codes and np.isfinite(v)}
    return {}


def _commune_centres(pks: list[int], lon: np.ndarray, lat: np.ndarray) -> int:
    """Replace commune centres by the population-weighted mean of their IRIS; return how
    many were replaced (in place)."""
    population = iris_population()
    if not population:
        return 0
    position = {pk: i for i, pk in enumerate(pks)}
    iris = list(Zone.objects.filter(level=Level.IRIS, parent_id__in=pks).with_contours()
                .values_list("parent_id", "code", "geometry"))
    if not iris:
        return 0
    x, y = _representative([g for _, _, g in iris])
    weights = np.array([population.get(code, np.nan) for _, code, _ in iris])
    index = np.array([position[parent] for parent, _, _ in iris])
    wx, wy = weighted_centres(index, x, y, weights, len(pks))
    done = np.isfinite(wx)
    lon[done], lat[done] = wx[done], wy[done]
    return int(done.sum())


def _epci_of(lon: np.ndarray, lat: np.ndarray) -> list[str]:
    """The EPCI holding each point ("" when none is loaded or none holds it)."""
    rows = list(Zone.objects.filter(level=Level.EPCI).with_contours()
                .values_list("code", "geometry"))
    codes = [""] * len(lon)
    if not rows or not len(lon):
        return codes
    tree = shapely.STRtree(shapely.from_wkb([bytes(g) for _, g in rows]))
    points = shapely.points(np.nan_to_num(lon, nan=1e9), np.nan_to_num(lat, nan=1e9))
    found = tree.query(points, predicate="within")
    for point_i, epci_i in zip(*found, strict=True):
        codes[point_i] = rows[epci_i][0]
    return codes


def _departement(level: str, code: str, chain: list[tuple[str, str]]) -> str:
    found = next((c for lvl, c in chain if lvl == Level.DEPARTEMENT), "")
    if found:
        return found
    commune = code if level == Level.COMMUNE else code[:5]
    parent = parent_code_from_code(Level.COMMUNE, commune)
    return parent[1] if parent else ""


def zone_columns(level: str, within: str, user) -> tuple[GapZones, str, int, int]:
    """The zones of the map without their need; also the territory's label and the counts
    of weighted and approximate centres."""
    if level not in LEVELS:
        raise GapError(f"Niveau « {level} » impossible ici : commune ou iris.")
    scope = within_resolve(within, user=user) if within else None
    if within and scope is None:
        raise GapError(f"Territoire inconnu : « {within} ».")
    try:
        zones = zone_list_for_layer(level=level, within=scope)
    except WithinLevelError as error:
        raise GapError(str(error)) from None
    rows = list(zones.values_list("pk", "code", "name", "geometry", "parent_id",
                                  "parent__level", "parent__code", "parent__parent__level",
                                  "parent__parent__code"))
    if not rows:
        raise GapError("Aucune zone de ce niveau dans ce territoire.")
    lon, lat = _representative([r[3] for r in rows])
    weighted = approximate = 0
    if level == Level.COMMUNE:
        weighted = _commune_centres([r[0] for r in rows], lon, lat)
        communes = [r[1] for r in rows]
    else:
        communes = [r[6] if r[5] == Level.COMMUNE else r[1][:5] for r in rows]
        approximate = _iris_fallback(rows, lon, lat)
    departements = [_departement(level, r[1], [(r[5], r[6]), (r[7], r[8])]) for r in rows]
    blank = np.full(len(rows), np.nan)
    columns = GapZones([r[1] for r in rows], [r[2] for r in rows], lon, lat, communes,
                       departements, _epci_of(lon, lat), blank)
    return columns, (scope.label if scope else "toute l'instance"), weighted, approximate


def _iris_fallback(rows: list, lon: np.ndarray, lat: np.ndarray) -> int:
    """IRIS without contour: at their commune's (weighted) centre. Return how many."""
    missing = [i for i in range(len(rows)) if not np.isfinite(lon[i]) and rows[i][4]]
    if not missing:
        return 0
    parents = sorted({rows[i][4] for i in missing})
    found = list(Zone.objects.filter(pk__in=parents).values_list("pk", "geometry"))
    x, y = _representative([g for _, g in found])
    pks = [pk for pk, _ in found]
    _commune_centres(pks, x, y)
    centre = {pk: (x[i], y[i]) for i, pk in enumerate(pks)}
    for i in missing:
        lon[i], lat[i] = centre.get(rows[i][4], (np.nan, np.nan))
    return sum(1 for i in missing if np.isfinite(lon[i]))


# ---- The table --------------------------------------------------------------------------


def gap_run(spec: GapSpec, *, user, group=None) -> GapResult:
    """Compute the gap map for `user`; GapError (French) when it cannot be."""
    theme = theme_check(spec.theme)
    zones, within_label, weighted, approximate = zone_columns(spec.level, spec.within, user)
    need = need_read(spec.need, level=spec.level, within=spec.within, user=user, group=group)
    values = np.array([need.values.get(code, np.nan) for code in zones.codes])
    notes = [need.note(code) for code in zones.codes]
    zones = GapZones(zones.codes, zones.names, zones.lon, zones.lat, zones.communes,
                     zones.departements, zones.epcis, values, notes)
    table = gap_compute(zones, theme_services(theme), unit=need.unit, decimals=need.decimals)
    return GapResult(spec, table, need, theme_name(theme), within_label, weighted,
                     approximate)


def gap_spec(gap_map) -> GapSpec:
    return GapSpec(gap_map.theme, gap_map.need or {}, gap_map.level, gap_map.within)


def table_records(result: GapResult) -> list[dict]:
    """The rows as plain records (the command line's and the API's columns)."""
    return [{"zone": row.code, "name": row.name, "need": row.need,
             "need_class": row.need_class, "eligible_services": row.eligible,
             "eligible_without_zone": row.eligible_open,
             "nearest_km": None if row.nearest_km is None else round(row.nearest_km, 2),
             "rank": row.rank, "high_need": row.high_need, "low_offer": row.low_offer,
             "reasons": row.reasons} for row in result.table.rows]
