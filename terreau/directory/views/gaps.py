"""The maps of needs without answers ("ecarts"): the group's list, a new map, one map.

Members of a map's group read it (its table is computed when the page opens, with today's
services); its facilitators, stewards and admins make maps and recompute them (which
publishes a new version of the offer to the atlas). Anyone else gets 404: a group's map is
not revealed outside it (queries.gap_maps_visible, can_make_gap_maps).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from terreau.accounts.models import TerritorialGroup

from ..forms_gaps import GapMapForm
from ..gap_needs import GapError, need_describe
from ..gap_publish import (
    NO_RIGHT,
    compare_url,
    gap_map_create,
    gap_map_refresh,
    published,
)
from ..gap_queries import LEVELS, GapSpec, gap_run, gap_spec
from ..models import GapMap
from ..queries import MAKER_ROLES, can_make_gap_maps, gap_maps_visible

NOT_FOUND = "Carte introuvable."
TABLE_ROWS = 1000  # a page shows this many zones; the API and the command give them all


def maker_groups(user):
    """The groups in which the user makes gap maps."""
    groups = TerritorialGroup.objects.order_by("name")
    if user.is_superuser:
        return groups
    return groups.filter(memberships__user=user,
                         memberships__role__in=MAKER_ROLES).distinct()


def _visible(request, slug: str) -> GapMap:
    gap_map = gap_maps_visible(request.user).filter(slug=slug).first()
    if gap_map is None:
        raise Http404(NOT_FOUND)
    return gap_map


def gap_maps(request):
    maps = list(gap_maps_visible(request.user).order_by("group__name", "title"))
    by_group: dict = {}
    for gap_map in maps:
        by_group.setdefault(gap_map.group, []).append(
            {"map": gap_map, "need": need_describe(gap_map.need or {})})
    return render(request, "directory/gap_maps.html", {
        "groups": by_group.items(), "can_make": maker_groups(request.user).exists()})


def gap_map_new(request):
    groups = maker_groups(request.user)
    if not groups.exists():
        raise PermissionDenied(NO_RIGHT)
    form = GapMapForm(request.POST or None, user=request.user, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = GapSpec(data["theme"], form.need(), data["level"], data["within"])
        try:
            gap_map, _, _ = gap_map_create(group=data["group"], title=data["title"],
                                           spec=spec, user=request.user)
        except GapError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Carte calculée et publiée dans l'atlas.")
            return redirect(gap_map)
    status = 400 if form.errors else 200
    return render(request, "directory/gap_map_form.html", {"form": form}, status=status)


def gap_map(request, slug: str):
    gap_map = _visible(request, slug)
    context = {"gap_map": gap_map, "result": None, "error": "",
               "need": need_describe(gap_map.need or {}),
               "level_label": LEVELS.get(gap_map.level, gap_map.level),
               "can_make": can_make_gap_maps(request.user, gap_map.group_id),
               "rows_shown": TABLE_ROWS}
    try:
        result = gap_run(gap_spec(gap_map), user=request.user, group=gap_map.group)
    except GapError as error:
        context["error"] = str(error)
    else:
        context.update(result=result, rows=result.table.rows[:TABLE_ROWS],
                       gaps=len(result.table.gaps))
    indicators = published(gap_map)
    if all(indicators[key] for key in ("services", "distance")):
        context["compare_distance"] = compare_url(gap_map, "distance")
        context["compare_services"] = compare_url(gap_map, "services")
    return render(request, "directory/gap_map.html", context)


@require_POST
def gap_map_recompute(request, slug: str):
    gap_map = _visible(request, slug)
    if not can_make_gap_maps(request.user, gap_map.group_id):
        raise PermissionDenied(NO_RIGHT)
    try:
        _, publication = gap_map_refresh(gap_map, user=request.user)
    except GapError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Carte recalculée : version {publication.version} de "
                                  "l'offre publiée dans l'atlas.")
    return redirect(gap_map)


urlpatterns = [
    path("ecarts/", gap_maps, name="gap_maps"),
    path("ecarts/nouvelle/", gap_map_new, name="gap_map_create"),
    path("ecarts/<slug:slug>/", gap_map, name="gap_map"),
    path("ecarts/<slug:slug>/recalculer/", gap_map_recompute, name="gap_map_recompute"),
]
