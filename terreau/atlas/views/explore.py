"""The map explorer of one indicator (/atlas/).

The page is its form: a GET form whose fields have the names of the URL state (the
permalink). Without JavaScript the server draws the legend and the table from the same
payload as /api/v1/atlas/carte; with it, explorer.js repaints everything in place.
"""

import json
from urllib.parse import quote, urlencode

from django.db.models import Max, Min
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from terreau.indicators.audit import indicator_access_record
from terreau.indicators.queries import indicator_list_visible
from terreau.territory.choices import Level
from terreau.territory.models import Zone
from terreau.territory.queries import (
    level_list_present,
    map_default,
    territory_choices,
    within_resolve,
    zone_list_for_layer,
)

from ..classify import MAX_CLASSES, METHODS, MIN_CLASSES
from ..legend import format_value, legend_rows
from ..palettes import PALETTES
from ..params import MapParams, ParamsError
from ..queries import IndicatorNotFound, atlas_map_json, map_read

TABLE_MAX_ROWS = 2000
COUNT_KINDS = ("count", "amount")
PALETTE_GROUPS = (("sequential", "Palettes séquentielles (du clair au foncé)"),
                  ("diverging", "Palettes divergentes (de part et d'autre d'une référence)"))
def _params(query) -> tuple[MapParams, list[str]]:
    """Read the URL; a bad parameter is dropped (and explained) so that the form stays usable."""
    query = query.copy()
    errors = []
    for _ in range(len(query) + 1):
        try:
            return MapParams.from_query(query), errors
        except ParamsError as error:
            errors.append(str(error))
            names = [error.param] + (["methode"] if error.param == "bornes" else [])
            for name in names:
                query.pop(name, None)
    return MapParams(), errors


def _bbox(row: dict) -> str:
    if row["w"] is None:
        return ""
    return json.dumps([row["w"], row["s"], row["e"], row["n"]])


BBOX = {"w": Min("min_lon"), "s": Min("min_lat"), "e": Max("max_lon"), "n": Max("max_lat")}


def _territory_options(user, current: str) -> list[tuple[str, list[dict]]]:
    """territory_choices() with the bounding box of each option (to fit the map) and the
    level a commune's option implies (its IRIS).

    The current territory is recognised by its key ("dans=region:24" is the option "24"); one
    that the list lacks (a commune without IRIS: Vierzon) is added, so that it stays chosen.
    """
    groups = territory_choices(user)
    current_within = within_resolve(current, user=user) if current else None
    current_key = current_within.key if current_within is not None else None
    keys = {key for _, options in groups for _, _, key in options if ":" in key}
    boxes = {}
    by_level: dict[str, set[str]] = {}
    for key in keys:
        level, _, code = key.partition(":")
        if level in Level.values:
            by_level.setdefault(level, set()).add(code)
    for level, codes in by_level.items():
        for row in Zone.objects.filter(level=level, code__in=codes).values("code", "min_lon",
                                                                           "min_lat", "max_lon",
                                                                           "max_lat"):
            if row["min_lon"] is not None:
                boxes[f"{level}:{row['code']}"] = json.dumps(
                    [row["min_lon"], row["min_lat"], row["max_lon"], row["max_lat"]])
    out = []
    for label, options in groups:
        items = []
        for value, text, key in options:
            bbox = boxes.get(key, "")
            if not bbox and key.split(":")[0] not in Level.values:
                within = within_resolve(value, user=user)
                if within is not None:
                    bbox = _bbox(Zone.objects.filter(pk__in=within.zone_ids).aggregate(**BBOX))
            level = Level.IRIS.value if key.startswith(f"{Level.COMMUNE}:") else ""
            items.append({"value": value, "label": text, "bbox": bbox, "level": level,
                          "selected": value == current or key == current_key})
        out.append((label, items))
    if current_within is not None and not any(i["selected"] for _, items in out for i in items):
        bbox = _bbox(Zone.objects.filter(pk__in=current_within.zone_ids).aggregate(**BBOX))
        out.insert(0, ("Territoire choisi", [{"value": current, "label": current_within.name,
                                              "bbox": bbox, "level": "", "selected": True}]))
    return out


def _levels(current: str) -> list[dict]:
    levels = level_list_present()
    boxes = {row["level"]: _bbox(row) for row in Zone.objects.values("level").annotate(**BBOX)}
    for level in levels:
        level["bbox"] = boxes.get(level["value"], "")
        level["selected"] = level["value"] == current
    if not any(level["selected"] for level in levels):
        levels.append({"value": current, "label": Level(current).label if current in Level.values
                       else current, "count": 0, "bbox": "", "selected": True})
    return levels


def _palettes(current: str, k: int) -> list[tuple[str, list[dict]]]:
    return [(label, [{"name": p.name, "label": p.label_fr, "kind": p.kind,
                      "colours": p.colors.get(5) or p.colors[min(p.colors)],
                      "checked": p.name == current}
                     for p in PALETTES.values() if p.kind == kind])
            for kind, label in PALETTE_GROUPS]


ROW = ('<tr data-code="{}"><th scope="row" data-sort="{}"><a href="{}">{}</a></th>'
       '<td class="num{}" data-sort="{}">{}</td><td class="class-cell" data-sort="{}">'
       '<span class="swatch{}" aria-hidden="true"{}></span>{}</td>'
       '<td class="num" data-sort="{}">{}</td></tr>')


def _table_rows(payload: dict, legend: list[dict]) -> str:
    """The table's rows, best rank first (up to 2,000: a template loop would be too slow)."""
    indicator = payload["indicateur"]
    with_value = sum(1 for zone in payload["zones"] if zone["valeur"] is not None)
    zones = sorted(payload["zones"], key=lambda z: (z["rang"] is None, z["rang"] or 0, z["nom"]))
    template = reverse("territory:zone", args=[payload["niveau"], "__code__"])

    def cells(zone):
        value, classe, rank = zone["valeur"], zone["classe"], zone["rang"]
        colour = legend[classe]["colour"] if classe is not None else ""
        return (zone["code"], zone["nom"], template.replace("__code__", quote(zone["code"])),
                zone["nom"], "" if value is not None else " missing",
                "" if value is None else repr(value),
                format_value(value, indicator) if value is not None
                else (zone["raison"] or "sans valeur"),
                "" if classe is None else classe, "" if classe is not None else " swatch-missing",
                format_html(' style="background-color: {}"', colour) if colour else "",
                f"{classe + 1} : {legend[classe]['label']}" if classe is not None
                else "sans valeur",
                rank or "", f"{rank}/{with_value}" if rank else "—")

    return format_html_join("\n", ROW, (cells(zone) for zone in zones[:TABLE_MAX_ROWS]))


def _has_contours(params: MapParams, user) -> bool:
    """Tell whether some zone of the map has a contour (else the map stays empty)."""
    within = within_resolve(params.within, user=user) if params.within else None
    if params.within and within is None:
        return True  # an unknown territory is explained elsewhere
    try:
        zones = zone_list_for_layer(level=params.level, within=within)
    except ValueError:  # a level larger than a drawn territory's zones: explained by the API
        return True
    return zones.exclude(display="").exists()


def _export_url(name: str, fallback: str) -> str:
    try:
        return reverse(f"atlas:{name}")
    except NoReverseMatch:
        return reverse("atlas:explorer") + fallback


def explorer(request):
    """The map explorer of one indicator: choropleth, legend, threshold, table, exports."""
    user = request.user
    params, errors = _params(request.GET)
    indicators = list(indicator_list_visible(user))
    if not params.indicator and indicators:
        params = params.with_changes(indicator=indicators[0].slug)
    if "niveau" not in request.GET and "dans" not in request.GET:
        level, dans = map_default()
        params = params.with_changes(level=level, within=dans)
    payload, body, status = None, "", 400 if errors else 200
    if params.indicator:
        try:
            read = map_read(params.indicator, user)
            raw, _ = atlas_map_json(params, user, read=read)
        except IndicatorNotFound as error:
            errors.append(f"{error} Il n'existe pas ou vous n'avez pas accès à ses données : "
                          "choisissez un autre indicateur dans la liste.")
            status = 404
        except ParamsError as error:
            errors.append(str(error))
            status = 400
        else:
            indicator_access_record(request=request, indicator=read.indicator, via="atlas",
                                    level=params.level, within=params.within,
                                    period=params.period, restricted=read.restricted)
            body = raw.decode().replace("<", "\\u003c").replace(">", "\\u003e").replace(
                "&", "\\u0026")
            payload = json.loads(raw)
    legend = legend_rows(payload) if payload else []
    layer_url = reverse("api:territory_layer", args=[params.level])
    if params.within:
        layer_url += "?" + urlencode({"dans": params.within})
    territories = _territory_options(user, params.within)
    levels = _levels(params.level)
    selected = [t for _, group in territories for t in group if t["selected"]]
    bbox = selected[0]["bbox"] if params.within and selected else ""
    context = {
        "params": params, "payload": payload, "payload_json": body, "errors": errors,
        "indicators": indicators, "legend": legend,
        "symbol_indicators": [i for i in indicators if i.kind in COUNT_KINDS],
        "territories": territories, "levels": levels,
        "methods": METHODS, "class_range": range(MIN_CLASSES, MAX_CLASSES + 1),
        "palettes": _palettes(params.palette, params.k),
        "breaks_text": ",".join(f"{b:g}" for b in params.breaks),
        "threshold_text": ",".join(f"{v:g}" for v in params.threshold),
        "extent_text": ",".join(f"{v:g}" for v in params.extent) if params.extent else "",
        "table_rows": _table_rows(payload, legend) if payload else "",
        "table_max": TABLE_MAX_ROWS,
        "no_contours": bool(payload and payload["zones"]) and not _has_contours(params, user),
        "bbox": bbox or next((lv["bbox"] for lv in levels if lv["selected"]), ""),
        "layer_url": layer_url, "worker_url": static("vendor/maplibre-gl-worker.mjs"),
        "zone_url_template": reverse("territory:zone", args=["__niveau__", "__code__"]),
        "layer_url_template": reverse("api:territory_layer", args=["commune"]).replace(
            "/commune", "/__niveau__"),
        "export_png": _export_url("export_png", "export.png"),
        "export_svg": _export_url("export_svg", "export.svg"),
        "querystring": params.querystring(),
    }
    return render(request, "atlas/explorer.html", context, status=status)
