"""Pages of the territories: the map, the zone page and the zone search."""

import json
from urllib.parse import quote, urlencode

from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html_join

from .choices import Level
from .models import ZoneLayerCache
from .queries import (
    MAP_TABLE_MAX_ROWS,
    layer_summary,
    level_list_present,
    map_default,
    territory_choices,
    within_resolve,
    zone_children_by_level,
    zone_get,
    zone_list_for_layer,
    zone_search,
    zone_within_param,
)
from .within import WithinLevelError

SEARCH_PAGE_LIMIT = 50
LAYER_WITHIN_MAX = ZoneLayerCache._meta.get_field("within").max_length


def _maplibre_urls() -> dict:
    return {"worker_url": static("vendor/maplibre-gl-worker.mjs"),
            "zone_url_template": reverse("territory:zone", args=["__niveau__", "__code__"])}


def _table_rows(level: str, rows) -> str:
    """Render the rows of the zones table (up to thousands: a template loop is too slow)."""
    prefix = reverse("territory:zone", args=[level, "__code__"])
    return format_html_join(
        "\n", '<tr><td>{}</td><td><a href="{}" data-zone-id="{}">{}</a></td></tr>',
        ((code, prefix.replace("__code__", quote(code)), pk, name) for pk, code, name in rows))


def map_view(request):
    """Draw the zones of a level inside a territory (a région, a département, a commune for its
    IRIS, a group's own territory), with their table beside."""
    levels = level_list_present()
    level, dans = request.GET.get("niveau", ""), request.GET.get("dans", "").strip()
    if not level and "dans" not in request.GET:
        level, dans = map_default(levels)
    if level not in Level.values:
        level = Level.COMMUNE.value
    within = within_resolve(dans, user=request.user) if dans else None
    context = {"level": level, "level_label": Level(level).label, "dans": dans, "within": within,
               "within_key": within.key if within else "",
               "levels": levels, "territories": territory_choices(user=request.user),
               "table_max": MAP_TABLE_MAX_ROWS, **_maplibre_urls()}
    if dans and within is None:
        return render(request, "territory/map.html", {**context, "unknown_territory": True},
                      status=404)
    try:
        zones = zone_list_for_layer(level=level, within=within)
    except WithinLevelError as error:
        return render(request, "territory/map.html", {**context, "level_error": str(error)},
                      status=400)
    summary = layer_summary(zones)
    layer_url = reverse("api:territory_layer", args=[level])
    if dans:
        layer_url += "?" + urlencode({"dans": dans})
    context.update(
        summary=summary, layer_url=layer_url,
        bbox=json.dumps(summary.bbox) if summary.bbox else "",
        table_rows=_table_rows(level, zones.values_list("pk", "code", "name")[:MAP_TABLE_MAX_ROWS]),
    )
    return render(request, "territory/map.html", context)


def zone_view(request, level: str, code: str):
    """Show one zone: where it sits, what it contains, its contour on a small map."""
    zone = zone_get(level=level, code=code) if level in Level.values else None
    if zone is None:
        return render(request, "territory/zone_not_found.html",
                      {"level": level, "code": code}, status=404)
    children = zone_children_by_level(zone)
    for group in children:
        zones = ((child.pk, child.code, child.name) for child in group["zones"])
        group["rows"] = _table_rows(group["level"], zones)
    drawn_children = next((group for group in children if group["with_contours"]), None)
    context = {
        "zone": zone, "parents": zone.ancestors(), "children": children,
        "geometry": json.loads(zone.display) if zone.display else None,
        "bbox": json.dumps(zone.bbox) if zone.bbox else "",
        **_maplibre_urls(),
    }
    dans = zone_within_param(zone) if zone.display and drawn_children else ""
    if dans and len(dans) <= LAYER_WITHIN_MAX:
        context["children_layer_url"] = (
            reverse("api:territory_layer", args=[drawn_children["level"]])
            + "?" + urlencode({"dans": dans}))
    return render(request, "territory/zone.html", context)


def search_view(request):
    """Find a zone by name or code; HTMX asks for the results only, as the user types."""
    query = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("niveau", "")
    level = level if level in Level.values else ""
    results = []
    if query:
        results = zone_search(query=query, level=level or None, limit=SEARCH_PAGE_LIMIT)
    context = {"query": query, "level": level, "results": results, "levels": Level.choices,
               "limit": SEARCH_PAGE_LIMIT}
    if request.headers.get("HX-Request") == "true":
        return render(request, "territory/partials/search_results.html", context)
    return render(request, "territory/search.html", context)
