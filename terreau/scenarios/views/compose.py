"""Compose and read scenarios: list, create, edit, steps, "ajouter cette vue", the reader.

Thin views over queries.py (who may read or change) and services.py (the writes). A scenario
the user may not read is a 404; one they read but may not change answers 403 on a change.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from terreau.accounts.models import TerritorialGroup
from terreau.atlas.params import ParamsError
from terreau.indicators.queries import indicator_get_visible
from terreau.territory.choices import Level
from terreau.territory.queries import within_resolve

from ..choices import VISIBILITY_ORDER, StepKind
from ..forms import AddViewForm, ScenarioForm, StepForm, add_view_save
from ..models import Scenario, Step
from ..queries import (
    groups_for_new_scenario,
    scenario_can_edit,
    scenario_list_editable,
    scenario_list_visible,
    step_list,
    user_group_ids,
)
from ..rules import scenario_blockers, visibility_refusal
from ..services import (
    ScenarioError,
    scenario_create,
    scenario_delete,
    scenario_update,
    step_delete,
    step_move,
    step_query_check,
    step_update,
)
from .access import editable, readable


def _step(request, slug: str, step_id: int) -> tuple[Scenario, Step]:
    scenario = editable(request, slug)
    return scenario, get_object_or_404(Step, pk=step_id, scenario=scenario)


def _edit_url(scenario: Scenario, anchor: str = "") -> str:
    url = reverse("scenarios:edit", args=[scenario.slug])
    return f"{url}#{anchor}" if anchor else url


# ---- List and reader --------------------------------------------------------------------


@login_not_required
def scenario_list(request):
    """The scenarios the user reads: their groups', other groups', public ones; with
    `?groupe=SLUG`, those of one group only (the link of the group's page)."""
    user = request.user
    groups = user_group_ids(user)
    sections = {"mine": [], "others": [], "public": []}
    scenarios = (scenario_list_visible(user).annotate(step_count=Count("steps"))
                 .order_by("-is_example", "-updated_at", "pk"))
    group = None
    if request.GET.get("groupe"):
        group = TerritorialGroup.objects.filter(slug=request.GET["groupe"]).first()
        scenarios = scenarios.filter(group=group)
    for scenario in scenarios:
        if scenario.group_id in groups or (user.is_authenticated
                                           and scenario.author_id == user.pk):
            sections["mine"].append(scenario)
        elif scenario.visibility == "public":
            sections["public"].append(scenario)
        else:
            sections["others"].append(scenario)
    return render(request, "scenarios/list.html", {
        "sections": [("Mes groupes", sections["mine"]), ("Autres groupes", sections["others"]),
                     ("Publics", sections["public"])],
        "group": group, "can_create": groups_for_new_scenario(user).exists()})


@login_not_required
def scenario_detail(request, slug: str):
    """The reader: one slide per step (map, narrative, discussion), then the hypotheses."""
    scenario = readable(request, slug)
    steps = step_list(scenario)
    return render(request, "scenarios/detail.html", {
        "scenario": scenario, "steps": steps,
        "can_edit": scenario_can_edit(request.user, scenario),
        "worker_url": static("vendor/maplibre-gl-worker.mjs")})


# ---- Scenario -----------------------------------------------------------------------------


def scenario_new(request):
    groups = groups_for_new_scenario(request.user)
    if not groups.exists():
        return render(request, "scenarios/form.html", {"no_group": True}, status=403)
    form = ScenarioForm(request.POST or None, groups=groups,
                        initial={"group": groups.first()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scenario = scenario_create(title=data["title"], question=data["question"],
                                       group=data["group"], author=request.user,
                                       visibility=data["visibility"])
        except ScenarioError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Scénario « {scenario.title} » créé. Ajoutez-lui des "
                                      "vues depuis l'atlas.")
            return redirect(scenario)
    return render(request, "scenarios/form.html", {"form": form})


def _visibility_options(scenario: Scenario, blockers, selected: str) -> list[dict]:
    """Each visibility with the steps that forbid it (disabled then, unless current)."""
    options = []
    for visibility in VISIBILITY_ORDER:
        refused = visibility_refusal(blockers, visibility)
        options.append({"value": visibility.value, "label": visibility.label,
                        "checked": visibility.value == selected,
                        "disabled": bool(refused) and visibility.value != scenario.visibility,
                        "reasons": [b.reason for b in refused]})
    return options


def scenario_edit(request, slug: str):
    scenario = editable(request, slug)
    steps = step_list(scenario)
    blockers = scenario_blockers(scenario, steps)
    form = ScenarioForm(request.POST or None, initial={
        "title": scenario.title, "question": scenario.question,
        "visibility": scenario.visibility})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scenario_update(scenario=scenario, title=data["title"], question=data["question"],
                            visibility=data["visibility"])
        except ScenarioError as error:
            form.add_error("visibility", str(error))
            scenario.refresh_from_db()
        else:
            messages.success(request, "Scénario enregistré.")
            return redirect(_edit_url(scenario))
    selected = form["visibility"].value() or scenario.visibility
    return render(request, "scenarios/edit.html", {
        "scenario": scenario, "form": form, "steps": steps,
        "visibility_options": _visibility_options(scenario, blockers, selected)})


def scenario_remove(request, slug: str):
    scenario = editable(request, slug)
    if request.method == "POST":
        title = scenario.title
        scenario_delete(scenario=scenario)
        messages.success(request, f"Scénario « {title} » supprimé.")
        return redirect("scenarios:list")
    return render(request, "scenarios/confirm_delete.html", {
        "scenario": scenario, "what": f"le scénario « {scenario.title} »",
        "consequence": "Ses étapes, ses hypothèses et leurs discussions seront supprimées.",
        "cancel_url": scenario.get_absolute_url()})


# ---- Steps --------------------------------------------------------------------------------


def step_edit(request, slug: str, step_id: int):
    scenario, step = _step(request, slug, step_id)
    form = StepForm(request.POST or None, initial={"title": step.title,
                                                   "narrative": step.narrative})
    if request.method == "POST" and form.is_valid():
        try:
            step_update(step=step, title=form.cleaned_data["title"],
                        narrative=form.cleaned_data["narrative"])
        except ScenarioError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Étape {step.position} enregistrée.")
            return redirect(_edit_url(scenario, step.anchor))
    return render(request, "scenarios/step_form.html", {
        "scenario": scenario, "step": step, "form": form})


@require_POST
def step_reorder(request, slug: str, step_id: int):
    """"Monter" / "Descendre": a plain POST form with the new position."""
    scenario, step = _step(request, slug, step_id)
    position = request.POST.get("position", "")
    if not position.isdigit():
        messages.error(request, "Position inconnue.")
        return redirect(_edit_url(scenario))
    step_move(step=step, position=int(position))
    step.refresh_from_db()
    messages.success(request, f"« {step.title} » est maintenant l'étape {step.position}.")
    return redirect(_edit_url(scenario, step.anchor))


def step_remove(request, slug: str, step_id: int):
    scenario, step = _step(request, slug, step_id)
    if request.method == "POST":
        step_delete(step=step)
        messages.success(request, f"Étape « {step.title} » retirée du scénario.")
        return redirect(_edit_url(scenario))
    return render(request, "scenarios/confirm_delete.html", {
        "scenario": scenario, "what": f"l'étape {step.position} « {step.title} »",
        "consequence": "Son récit et ses commentaires seront supprimés.",
        "cancel_url": _edit_url(scenario, step.anchor), "remove_step": True})


# ---- "Ajouter cette vue à un scénario" -----------------------------------------------------


def _view_title(kind: str, query: str, user) -> str:
    """"Taux de chômage — Indre-et-Loire": the indicators and the territory of the view."""
    step = Step(kind=kind, query=query)
    try:
        params = step.params()
    except ParamsError:
        return ""
    if kind == StepKind.COMPARE:
        slugs, within = [c.indicator for c in params.maps], params.maps[0].within
        level = params.maps[0].level
    else:
        slugs, within, level = [params.indicator], params.within, params.level
    labels = []
    for slug in dict.fromkeys(slugs):
        indicator = indicator_get_visible(slug=slug, user=user)
        labels.append(indicator.label if indicator else slug)
    place = within_resolve(within, user=user) if within else None
    where = place.name if place else (Level(level).label if level in Level.values else "")
    return " — ".join(part for part in (" et ".join(labels), where) if part)[:200]


def add_view(request):
    """Save the atlas view of `?page=carte|rapprochement&vue=…` as a step of a scenario."""
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("page", StepKind.MAP)
    query = source.get("vue", "")
    scenarios = scenario_list_editable(user).order_by("-updated_at")
    groups = groups_for_new_scenario(user)
    if not groups.exists() and not scenarios.exists():
        raise PermissionDenied("Il faut faire partie d'un groupe pour composer un scénario.")
    view_error = ""
    try:
        step_query_check(kind=kind, query=query, user=user)
    except ScenarioError as error:
        view_error = str(error)
    initial = {"page": kind, "vue": query, "title": _view_title(kind, query, user),
               "scenario": request.GET.get("scenario") or (
                   str(scenarios[0].pk) if scenarios else "nouveau"),
               "new_group": groups.first()}
    form = AddViewForm(request.POST or None, initial=initial, scenarios=scenarios,
                       groups=groups)
    if request.method == "POST" and form.is_valid() and not view_error:
        try:
            step = add_view_save(form, user)
        except ScenarioError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Vue ajoutée : étape {step.position} du scénario "
                                      f"« {step.scenario.title} ».")
            return redirect(f"{step.scenario.get_absolute_url()}#{step.anchor}")
    atlas = "atlas:compare" if kind == StepKind.COMPARE else "atlas:explorer"
    return render(request, "scenarios/add_view.html", {
        "form": form, "view_error": view_error,
        "atlas_url": f"{reverse(atlas)}?{QueryDict(query).urlencode()}" if query else "",
        "kind_label": StepKind(kind).label if kind in StepKind.values else kind},
        status=400 if view_error or form.errors else 200)


urlpatterns = [
    path("", scenario_list, name="list"),
    path("nouveau/", scenario_new, name="create"),
    path("ajouter-vue/", add_view, name="add_view"),
    path("<slug:slug>/", scenario_detail, name="detail"),
    path("<slug:slug>/modifier/", scenario_edit, name="edit"),
    path("<slug:slug>/supprimer/", scenario_remove, name="delete"),
    path("<slug:slug>/etapes/<int:step_id>/", step_edit, name="step_edit"),
    path("<slug:slug>/etapes/<int:step_id>/deplacer/", step_reorder, name="step_move"),
    path("<slug:slug>/etapes/<int:step_id>/retirer/", step_remove, name="step_delete"),
]
