"""Planning actions: the list and its map (/actions/), planning and changing an action, its
page, its tasks. Rights: queries.py (404 for an action one may not read, 403 for one read
but not changed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau.core.markdown import render_markdown
from terreau.scenarios.queries import scenario_list_visible

from ..forms_plans import ActionForm, FilterForm, TaskForm
from ..map import actions_geojson, bbox_of, map_data_url
from ..models import Action, Task
from ..plans import (
    PlanError,
    action_create,
    action_update,
    members_replace,
    person_name,
    task_add,
    task_delete,
    task_done,
    task_undone,
)
from ..queries import (
    action_can_edit,
    action_get_readable,
    action_is_own_group,
    action_list_visible,
    groups_for_actions,
)

WORKER_URL = "vendor/maplibre-gl-worker.mjs"


def _filtered(request):
    visible = action_list_visible(request.user)
    form = FilterForm(request.GET or None, actions=visible, user=request.user)
    if form.is_bound:
        form.is_valid()
    actions = form.apply(visible)
    if request.GET.get("action"):  # one action's zones (its page's small map)
        actions = actions.filter(slug=request.GET["action"])
    actions = actions.select_related("group").prefetch_related("zones")
    return form, actions


@login_required
@require_GET
def action_list(request):
    form, actions = _filtered(request)
    actions = list(actions.order_by(*Action._meta.ordering))
    for action in actions:
        action.own = action_is_own_group(request.user, action)
    return render(request, "actions/list.html", {
        "form": form, "actions": actions, "bbox": bbox_of(actions),
        "map_url": map_data_url(request.GET.urlencode()), "worker_url": static(WORKER_URL),
        "has_zones": any(a.zones.all() for a in actions),
        "can_create": groups_for_actions(request.user).exists(),
    })


@login_required
@require_GET
def map_data(request):
    _, actions = _filtered(request)
    return JsonResponse(actions_geojson(actions, request.user),
                        content_type="application/geo+json",
                        json_dumps_params={"ensure_ascii": False})


def _save(request, form, action=None):
    """Save the form through plans.py; a PlanError goes back to the form (nothing written)."""
    fields = form.plan_fields()
    try:
        if action is None:
            action = action_create(group=form.cleaned_data["group"], by=request.user, **fields)
        else:
            action = action_update(action=action, by=request.user, **fields)
        if form.member_rows:
            members_replace(action=action, by=request.user, members=form.cleaned_data["members"])
    except PlanError as error:
        form.add_error(None, str(error))
        return None
    return action


@login_required
@require_http_methods(["GET", "POST"])
def action_create_view(request):
    if not groups_for_actions(request.user).exists():
        raise PermissionDenied("Vous ne faites partie d'aucun groupe.")
    initial = {}
    if request.GET.get("hypothese", "").isdigit():
        initial["hypotheses"] = [request.GET["hypothese"]]
    form = ActionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = _save(request, form)
        if action is not None:
            messages.success(request, f"L'action « {action.title} » est planifiée.")
            return redirect(action)
    return render(request, "actions/form.html", {"form": form, "action": None},
                  status=400 if form.errors else 200)


def _readable(request, slug: str) -> Action:
    action = action_get_readable(request.user, slug)
    if action is None:
        raise Http404("Action introuvable.")
    return action


def _editable(request, slug: str) -> Action:
    action = _readable(request, slug)
    if not action_can_edit(request.user, action):
        raise PermissionDenied("Seul·es l'auteur·rice de l'action, ses participant·es et "
                               "l'animation du groupe peuvent la modifier.")
    return action


@login_required
@require_http_methods(["GET", "POST"])
def action_edit_view(request, slug: str):
    action = _editable(request, slug)
    form = ActionForm(request.POST or None, user=request.user, action=action,
                      initial=ActionForm.initial_of(action))
    if request.method == "POST" and form.is_valid():
        if _save(request, form, action) is not None:
            messages.success(request, "Action enregistrée.")
            return redirect(action)
    return render(request, "actions/form.html", {"form": form, "action": action},
                  status=400 if form.errors else 200)


def _hypothesis_rows(user, action: Action) -> list[dict]:
    """The hypotheses tested; a scenario the person cannot read shows no statement."""
    readable = set(scenario_list_visible(user).values_list("pk", flat=True))
    rows = []
    for h in action.hypotheses.select_related("scenario").order_by("scenario__title", "position"):
        if h.scenario_id in readable:
            rows.append({"hypothesis": h, "scenario": h.scenario,
                         "url": f"{h.scenario.get_absolute_url()}#{h.anchor}"})
        else:
            rows.append({"hypothesis": None})
    return rows


@login_required
@require_GET
def action_detail(request, slug: str):
    return _detail(request, _readable(request, slug))


def _detail(request, action: Action, task_form=None):
    own = action_is_own_group(request.user, action)
    can_edit = action_can_edit(request.user, action)
    context = {
        "action": action, "own": own, "can_edit": can_edit,
        "aim_html": render_markdown(action.aim),
        "hypotheses": _hypothesis_rows(request.user, action),
        "zones": list(action.zones.order_by("name")),
        "structures": list(action.structures.order_by("nom")),
        "map_url": reverse_map(action), "worker_url": static(WORKER_URL),
    }
    if own:
        members = action.members.select_related("user", "skill").order_by(
            "user__first_name", "user__username")
        context["members"] = [{"name": person_name(m.user), "member": m} for m in members]
        context["tasks"] = [{"task": t, "who": person_name(t.assignee) if t.assignee else ""}
                            for t in action.tasks.select_related("assignee")]
        if can_edit:
            context["task_form"] = task_form or TaskForm(action=action)
    context["bbox"] = bbox_of([action])
    return render(request, "actions/detail.html", context,
                  status=400 if task_form is not None else 200)


def reverse_map(action: Action) -> str:
    return map_data_url(f"action={action.slug}")


@login_required
@require_POST
def tasks_view(request, slug: str):
    action = _editable(request, slug)
    form = TaskForm(request.POST, action=action)
    if form.is_valid():
        try:
            task = task_add(action=action, by=request.user, **form.cleaned_data)
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Tâche « {task.title} » ajoutée.")
            return redirect(f"{action.get_absolute_url()}#taches")
    return _detail(request, action, task_form=form)


TASK_OPERATIONS = {"faite": task_done, "a-refaire": task_undone, "supprimer": task_delete}
TASK_MESSAGES = {"faite": "Tâche « {} » marquée comme faite.",
                 "a-refaire": "Tâche « {} » remise à faire.",
                 "supprimer": "Tâche « {} » supprimée."}


@login_required
@require_POST
def task_view(request, slug: str, pk: int):
    action = _editable(request, slug)
    task = get_object_or_404(Task, pk=pk, action=action)
    operation = request.POST.get("operation", "")
    if operation not in TASK_OPERATIONS:
        messages.error(request, "Opération inconnue sur la tâche.")
    else:
        TASK_OPERATIONS[operation](task=task, by=request.user)
        messages.success(request, TASK_MESSAGES[operation].format(task.title))
    return redirect(f"{action.get_absolute_url()}#taches")


# "nouvelle/" and "carte.geojson" before an action's slug.
urlpatterns = [
    path("", action_list, name="list"),
    path("nouvelle/", action_create_view, name="create"),
    path("carte.geojson", map_data, name="map_data"),
    path("<slug:slug>/", action_detail, name="detail"),
    path("<slug:slug>/modifier/", action_edit_view, name="edit"),
    path("<slug:slug>/taches/", tasks_view, name="tasks"),
    path("<slug:slug>/taches/<int:pk>/", task_view, name="task"),
]
