"""Pages of the territories a group draws ("territoires vécus"): draw, read, change, delete.

A member picks zones on a map (a click toggles a zone) or in a list (search + checkboxes),
among the zones of one level inside a search area (a département, a commune for its IRIS…),
and saves them under a name. Only the members of the group (and instance admins) reach these
pages; the others get 404, as for a group they do not belong to.
"""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html_join

from terreau.territory.choices import Level
from terreau.territory.models import Zone
from terreau.territory.queries import (
    layer_summary,
    level_list_present,
    map_default,
    territory_choices,
    within_resolve,
    zone_list_for_layer,
    zone_within_param,
)
from terreau.territory.within import WithinLevelError

from .models import GroupTerritory, TerritorialGroup
from .queries import group_get_visible, group_territory_get_visible
from .services import (
    TERRITORY_MAX_ZONES,
    group_territory_create,
    group_territory_delete,
    group_territory_update,
)

CHOSEN_NAMES_MAX = 8
AREA_UNKNOWN = "La zone de recherche « {dans} » est inconnue : choisissez-en une dans la liste."
AREA_TOO_LARGE = ("Cette zone de recherche compte {count} zones de ce niveau : seules les "
                  "{max} premières sont listées. Choisissez une zone de recherche plus petite.")


def _group_or_404(request, slug: str) -> TerritorialGroup:
    group = group_get_visible(user=request.user, slug=slug)
    if group is None:
        raise Http404("Groupe introuvable.")
    return group


def _territory_or_404(request, slug: str, territory_slug: str) -> GroupTerritory:
    territory = group_territory_get_visible(user=request.user, group_slug=slug,
                                            slug=territory_slug)
    if territory is None:
        raise Http404("Territoire introuvable.")
    return territory


def _default_area(level: str, anchor: Zone | None) -> str:
    """Return where to look for zones: the commune of an IRIS, else the zone's département."""
    if anchor is None:
        return map_default()[1]
    chain = [anchor, *anchor.ancestors()]
    wanted = Level.COMMUNE if level == Level.IRIS else Level.DEPARTEMENT
    found = next((zone for zone in chain if zone.level == wanted), None)
    found = found or next((zone for zone in chain if zone.level in (Level.DEPARTEMENT,
                                                                    Level.REGION)), None)
    return zone_within_param(found) if found else ""


def _anchor(group: TerritorialGroup, territory: GroupTerritory | None) -> Zone | None:
    zones = territory.zones if territory is not None else group.zones
    return zones.select_related("parent__parent__parent").order_by("code").first()


def _chosen_ids(values) -> set[int]:
    return {int(value) for value in values if str(value).isdigit()}


def _chosen_names(names: list[str]) -> str:
    """Name the zones chosen, the first CHOSEN_NAMES_MAX of them (territory-draw.js agrees)."""
    shown = ", ".join(names[:CHOSEN_NAMES_MAX])
    return shown + (f" et {len(names) - CHOSEN_NAMES_MAX} autres" if len(names) >
                    CHOSEN_NAMES_MAX else "")


def _checklist(zones: list[tuple[int, str, str, str]], chosen: set[int]) -> str:
    """Render the checkboxes of the zones (up to thousands: a template loop is slow)."""
    return format_html_join(
        "\n", '<li data-search="{} {}"><input type="checkbox" name="zones" value="{}" '
              'id="zone-{}"{}> <label for="zone-{}">{} <span class="code">({})</span></label></li>',
        ((search, code.lower(), pk, pk, " checked" if pk in chosen else "", pk, name, code)
         for pk, code, name, search in zones))


def _draw_context(request, group: TerritorialGroup, territory: GroupTerritory | None,
                  chosen: set[int] | None) -> dict:
    """Read the level and the search area asked for; list their zones and the chosen ones."""
    source = request.GET
    level = source.get("niveau") or (territory.level if territory else Level.COMMUNE)
    level = level if level in Level.values else Level.COMMUNE.value
    dans = (source.get("dans") if "dans" in source
            else _default_area(level, _anchor(group, territory))).strip()[:20]
    if chosen is None:
        chosen = (_chosen_ids(source.getlist("zones")) if "zones" in source
                  else set(territory.zones.values_list("pk", flat=True)) if territory else set())
    context = {"group": group, "territory": territory, "level": level, "dans": dans,
               "levels": level_list_present(),
               "territories": territory_choices(user=request.user),
               "worker_url": static("vendor/maplibre-gl-worker.mjs")}
    area = within_resolve(dans, user=request.user) if dans else None
    context["area_key"] = area.key if area else ""
    if dans and area is None:
        context["area_error"] = AREA_UNKNOWN.format(dans=dans)
        zones = Zone.objects.none()
    else:
        try:
            zones = zone_list_for_layer(level=level, within=area)
        except WithinLevelError as error:
            context["area_error"] = str(error)
            zones = Zone.objects.none()
    summary = layer_summary(zones)
    if summary.count > TERRITORY_MAX_ZONES:
        context["area_error"] = AREA_TOO_LARGE.format(count=summary.count, max=TERRITORY_MAX_ZONES)
    fields = ("pk", "code", "name", "search_name")
    listed = list(zones.values_list(*fields)[:TERRITORY_MAX_ZONES])
    shown = {row[0] for row in listed}
    # The zones already chosen stay listed (and checked) even outside the search area.
    listed += list(Zone.objects.filter(pk__in=chosen - shown, level=level).values_list(*fields))
    chosen &= {row[0] for row in listed}
    listed.sort(key=lambda row: (row[3], row[1]))
    context.update(checklist=_checklist(listed, chosen), zone_count=len(listed),
                   chosen_count=len(chosen), level_label=Level(level).label,
                   chosen_names=_chosen_names([row[2] for row in listed if row[0] in chosen]))
    if summary.with_contours:
        layer_url = reverse("api:territory_layer", args=[level])
        context.update(layer_url=layer_url + ("?" + urlencode({"dans": dans}) if dans else ""),
                       bbox=json.dumps(summary.bbox) if summary.bbox else "")
    return context


def _draw_page(request, group: TerritorialGroup, territory: GroupTerritory | None = None):
    errors, chosen = {}, None
    values = {"name": territory.name if territory else "",
              "description": territory.description if territory else ""}
    if request.method == "POST":
        values = {"name": request.POST.get("name", ""),
                  "description": request.POST.get("description", "")}
        zone_ids = request.POST.getlist("zones")
        try:
            if territory is None:
                territory = group_territory_create(group=group, zone_ids=zone_ids,
                                                   user=request.user, **values)
                done = "enregistré"
            else:
                territory = group_territory_update(territory=territory, zone_ids=zone_ids,
                                                   **values)
                done = "modifié"
        except ValidationError as error:
            errors, chosen = error.message_dict, _chosen_ids(zone_ids)
        else:
            messages.success(request, f"Territoire « {territory.name} » {done}. Choisissez-le "
                                      "dans la liste « Territoire » des cartes et des indicateurs.")
            return redirect(group)
    elif "name" in request.GET:  # the search area changed: keep what was typed
        values = {"name": request.GET.get("name", ""),
                  "description": request.GET.get("description", "")}
    context = _draw_context(request, group, territory, chosen)
    context.update(values=values, errors=errors,
                   error_list=[message for field in errors.values() for message in field])
    return render(request, "accounts/territory_form.html", context, status=400 if errors else 200)


def territory_add(request, slug: str):
    """Draw a new territory of the group (any member of the group)."""
    return _draw_page(request, _group_or_404(request, slug))


def territory_edit(request, slug: str, territory_slug: str):
    """Change the name or the zones of a territory of the group."""
    territory = _territory_or_404(request, slug, territory_slug)
    return _draw_page(request, territory.group, territory)


def territory_detail(request, slug: str, territory_slug: str):
    """Show a territory: its zones on a map and in a list, where to use it."""
    territory = _territory_or_404(request, slug, territory_slug)
    zones = territory.zones.order_by("name", "code")
    summary = layer_summary(zones)
    dans = territory.within_param
    context = {"territory": territory, "group": territory.group, "summary": summary,
               "zones": zones.only("pk", "level", "code", "name"),
               "map_url": reverse("territory:map") + "?" + urlencode(
                   {"niveau": territory.level, "dans": dans}),
               "atlas_url": reverse("atlas:explorer") + "?" + urlencode(
                   {"niveau": territory.level, "dans": dans}),
               "indicators_url": reverse("indicators:list")}
    if summary.with_contours:
        context.update(
            layer_url=reverse("api:territory_layer", args=[territory.level]) + "?"
            + urlencode({"dans": dans}),
            bbox=json.dumps(summary.bbox) if summary.bbox else "",
            worker_url=static("vendor/maplibre-gl-worker.mjs"),
            zone_url_template=reverse("territory:zone", args=["__niveau__", "__code__"]))
    return render(request, "accounts/territory_detail.html", context)


def territory_delete(request, slug: str, territory_slug: str):
    """Ask for confirmation, then delete a territory of the group (POST only)."""
    territory = _territory_or_404(request, slug, territory_slug)
    if request.method == "POST":
        group, name = territory.group, territory.name
        group_territory_delete(territory=territory)
        messages.success(request, f"Territoire « {name} » supprimé.")
        return redirect(group)
    return render(request, "accounts/territory_confirm_delete.html",
                  {"territory": territory, "group": territory.group,
                   "zone_count": territory.zones.count()})
