"""Reads of zones for the territory pages and the API (search, hierarchy, map layers)."""

import re
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Max, Min, Q, QuerySet, Value, When

from .choices import Level
from .geometry import normalize_search
from .models import Zone
from .within import ChoiceGroups, Within, within_kind, within_kinds

LEVEL_ORDER = [level.value for level in Level]
# Zones are linked commune → département → région and IRIS → commune: four hops at most.
MAX_DEPTH = 4
SEARCH_LIMIT_MAX = 100
MAP_TABLE_MAX_ROWS = 2000
DEFAULT_REGION = "24"  # Centre-Val de Loire, the pilot territory.


def level_rank(level: str) -> int:
    """Return the position of a level, the largest first (région = 0)."""
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def _level_order_expression() -> Case:
    return Case(*[When(level=lvl, then=Value(i)) for i, lvl in enumerate(LEVEL_ORDER)],
                default=Value(len(LEVEL_ORDER)), output_field=IntegerField())


def _heavy_fields(depth: int, *, own_display: bool = True) -> list[str]:
    """Name the contours of a zone and of its parents up to `depth`: pages never need them."""
    fields = ["geometry"] if own_display else ["geometry", "display"]
    for hop in range(1, depth + 1):
        fields += [f"{'parent__' * hop}geometry", f"{'parent__' * hop}display"]
    return fields


def zone_get(*, level: str, code: str) -> Zone | None:
    """Return the zone with its parents loaded (without their contours), or None."""
    return (Zone.objects.select_related("parent__parent__parent__parent")
            .defer(*_heavy_fields(MAX_DEPTH)).filter(level=level, code=code).first())


def zone_resolve_within(dans: str) -> Zone | None:
    """Return the zone named by a `dans` parameter: "24" or "departement:24".

    A bare code is ambiguous (région 24 and département 24 both exist): the largest level
    holding that code wins; write "departement:24" to name the other one. A group's own
    territory ("vecu:12") is not a zone: `within_resolve` reads every kind of `dans`.
    """
    dans = (dans or "").strip()
    if not dans:
        return None
    level, sep, code = dans.partition(":")
    if sep:
        return zone_get(level=level, code=code) if level in LEVEL_ORDER else None
    return (Zone.objects.filter(code=dans).annotate(order=_level_order_expression())
            .order_by("order").first())


def within_resolve(dans: str, *, user=None) -> Within | None:
    """Return what a `dans` parameter names, for `user`: a zone, or a drawn territory.

    "vecu:12" (a group's territory, see within.py) is None for a user who may not see it,
    as an unknown code is: callers answer 404 in both cases.
    """
    dans = (dans or "").strip()
    if not dans:
        return None
    kind = within_kind(dans)
    if kind is not None:
        return kind.resolve(dans.partition(":")[2], user)
    zone = zone_resolve_within(dans)
    return Within.of_zone(zone, dans) if zone is not None else None


def zone_within_param(zone: Zone, *, ambiguous_codes: set[str] | None = None) -> str:
    """Return the shortest `dans` value that names this zone."""
    if ambiguous_codes is None:
        taken = Zone.objects.filter(code=zone.code).annotate(order=_level_order_expression())
        first = taken.order_by("order").values_list("pk", flat=True).first()
        return zone.code if first == zone.pk else f"{zone.level}:{zone.code}"
    return f"{zone.level}:{zone.code}" if zone.code in ambiguous_codes else zone.code


def _within_filter(zone_ids: frozenset[int] | set[int]) -> Q:
    """Match these zones and every zone below them in the hierarchy."""
    ids = sorted(zone_ids)
    condition = Q(pk__in=ids)
    for depth in range(1, MAX_DEPTH + 1):
        condition |= Q(**{"__".join(["parent"] * depth) + "__in": ids})
    return condition


def zone_list_for_layer(*, level: str, within: Zone | Within | None = None) -> QuerySet[Zone]:
    """Return the zones of a level, only those inside `within` when given, ordered by code.

    Inside a drawn territory (a Within of several zones), a level larger than its zones
    raises WithinLevelError (a French sentence).
    """
    zones = Zone.objects.of_level(level)
    if isinstance(within, Zone):
        within = Within.of_zone(within, within.code)
    if within is not None:
        within.check_level(level, level_rank)
        zones = zones.filter(_within_filter(within.zone_ids))
    return zones.order_by("code")


@dataclass(frozen=True)
class LayerSummary:
    count: int
    with_contours: int
    bbox: tuple[float, float, float, float] | None
    # (geography vintage or None, zone count), oldest first: a map says which vintage it shows.
    vintages: tuple[tuple[int | None, int], ...] = ()

    @property
    def mixes_vintages(self) -> bool:
        return len(self.vintages) > 1


def layer_summary(zones: QuerySet[Zone]) -> LayerSummary:
    """Count the zones, those with a contour, and their common bounding box."""
    agg = zones.aggregate(
        count=Count("pk"), with_contours=Count("pk", filter=~Q(display="")),
        min_lon=Min("min_lon"), min_lat=Min("min_lat"),
        max_lon=Max("max_lon"), max_lat=Max("max_lat"),
    )
    bbox = None
    if agg["min_lon"] is not None:
        bbox = (agg["min_lon"], agg["min_lat"], agg["max_lon"], agg["max_lat"])
    vintages = tuple(
        (row["vintage"], row["n"])
        for row in zones.order_by().values("vintage").annotate(n=Count("pk")).order_by("vintage")
    )
    return LayerSummary(agg["count"], agg["with_contours"], bbox, vintages)


def level_list_present() -> list[dict]:
    """Return the levels that hold zones, largest first, with their counts."""
    rows = (Zone.objects.values("level")
            .annotate(count=Count("pk"), with_contours=Count("pk", filter=~Q(display=""))))
    labels = dict(Level.choices)
    levels = [{"value": r["level"], "label": labels.get(r["level"], r["level"]),
               "count": r["count"], "with_contours": r["with_contours"]} for r in rows]
    return sorted(levels, key=lambda lv: level_rank(lv["value"]))


def map_default(levels: list[dict] | None = None) -> tuple[str, str]:
    """Return the (level, dans) the map opens on: communes of région 24, else a level drawn.

    `levels` is level_list_present(), when the caller already has it.
    """
    if Zone.objects.filter(level=Level.REGION, code=DEFAULT_REGION).exists():
        return Level.COMMUNE.value, DEFAULT_REGION
    for level in level_list_present() if levels is None else levels:
        if level["with_contours"]:
            return level["value"], ""
    return Level.COMMUNE.value, ""


def territory_choices(user=None) -> ChoiceGroups:
    """Return the territories a map can be limited to, as select option groups.

    Régions, départements, the communes divided into IRIS (for the map of their IRIS), then
    the territories `user` may see of each registered kind (their groups' territories).
    Each option is (value of `dans`, label, key to recognise the current one: Within.key).
    """
    regions = list(Zone.objects.of_level(Level.REGION).order_by("name").values_list("code", "name"))
    region_codes = {code for code, _ in regions}
    departements = Zone.objects.of_level(Level.DEPARTEMENT).order_by("code")
    # A commune with a single IRIS is not divided: its map of IRIS would be the commune.
    divided_ids = (Zone.objects.filter(level=Level.IRIS, parent__isnull=False).order_by()
                   .values("parent").annotate(count=Count("pk")).filter(count__gt=1)
                   .values("parent"))
    divided = (Zone.objects.of_level(Level.COMMUNE).filter(pk__in=divided_ids)
               .order_by("name", "code").values_list("code", "name"))
    drawn = [group for kind in within_kinds() for group in kind.choices(user)] \
        if user is not None else []
    return [*drawn,
        ("Régions", [(code, name, f"{Level.REGION}:{code}") for code, name in regions]),
        ("Départements", [
            (f"{Level.DEPARTEMENT}:{code}" if code in region_codes else code, f"{code} — {name}",
             f"{Level.DEPARTEMENT}:{code}")
            for code, name in departements.values_list("code", "name")
        ]),
        ("Communes découpées en IRIS", [
            (f"{Level.COMMUNE}:{code}", f"{name} ({code})", f"{Level.COMMUNE}:{code}")
            for code, name in divided
        ]),
    ]


def _code_query(query: str) -> str:
    """Return the query as an INSEE code prefix ("2a" → "2A"), or "" if it cannot be one."""
    code = query.strip().upper()
    return code if re.fullmatch(r"[0-9A-Z]+", code) else ""


def zone_search(*, query: str, level: str | None = None, limit: int = 20) -> list[Zone]:
    """Return zones whose name or code matches, best first.

    Exact code first, then names starting with the query, then codes starting with it, then
    names containing every word of it. Accents, case, hyphens and apostrophes are ignored.
    Each zone gets a `departement` attribute (the département holding it, or None).
    """
    name_query, code = normalize_search(query or ""), _code_query(query or "")
    if not name_query and not code:
        return []
    match = Q()
    if name_query:
        words = Q()
        for word in name_query.split():
            words &= Q(search_name__contains=word)
        match |= words
    if code:
        match |= Q(code__startswith=code)
    ranks = []
    if code:
        ranks.append(When(code=code, then=Value(0)))
    if name_query:
        ranks += [When(search_name=name_query, then=Value(1)),
                  When(search_name__startswith=name_query, then=Value(2))]
    if code:
        ranks.append(When(code__startswith=code, then=Value(3)))
    rank = Case(*ranks, default=Value(4), output_field=IntegerField())
    zones = Zone.objects.filter(match)
    if level:
        zones = zones.filter(level=level)
    zones = (zones.select_related("parent__parent").defer(*_heavy_fields(2, own_display=False))
             .annotate(rank=rank, level_order=_level_order_expression())
             .order_by("rank", "level_order", "search_name", "code"))
    results = list(zones[: max(1, min(limit, SEARCH_LIMIT_MAX))])
    for zone in results:
        zone.departement = zone_departement(zone)
    return results


def zone_departement(zone: Zone) -> Zone | None:
    """Return the département holding the zone (from its loaded parents), or None."""
    parent = zone.parent
    # Two hops reach the département from an IRIS (IRIS → commune → département).
    for _ in range(2):
        if parent is None or parent.level == Level.DEPARTEMENT:
            return parent
        parent = parent.parent
    return parent if parent is not None and parent.level == Level.DEPARTEMENT else None


def zone_children_counts(zone: Zone) -> dict[str, int]:
    """Return how many direct children the zone has, per level (largest level first)."""
    rows = zone.children.values("level").annotate(count=Count("pk"))
    counts = {row["level"]: row["count"] for row in rows}
    return dict(sorted(counts.items(), key=lambda item: level_rank(item[0])))


def zone_children_by_level(zone: Zone) -> list[dict]:
    """Return the direct children grouped by level: [{level, label, zones}], largest first."""
    labels = dict(Level.choices)
    groups: dict[str, list[Zone]] = {}
    for child in zone.children.only("pk", "level", "code", "name", "display").order_by("code"):
        groups.setdefault(child.level, []).append(child)
    return [
        {"level": level, "label": labels.get(level, level), "zones": groups[level],
         "with_contours": sum(1 for child in groups[level] if child.display)}
        for level in sorted(groups, key=level_rank)
    ]
