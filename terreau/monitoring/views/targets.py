"""Pages of the targets: a group's list per project year (read by its members; set by its
facilitators and admins), the form to create or change one — with what the application
already counts for each way of counting —, typing what is done, deleting, moving up and
down. The instance's targets (projet/objectifs/…) are set by instance admins.

A group one does not belong to is a 404; a member who may read but not set targets gets 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from ..choices import Metric, SessionType
from ..forms_targets import DoneForm, TargetForm
from ..models import Target
from ..queries import administers, can_manage, group_get_readable, project_years
from ..targets import (
    TargetError,
    already_counted,
    can_edit_targets,
    progress_rows,
    target_create,
    target_delete,
    target_move,
    target_progress,
    target_record_done,
    target_update,
    targets_of,
)
from . import home
from .home import year_shown


def _readable_group(request, slug: str):
    group = group_get_readable(request.user, slug)
    if group is None:
        raise Http404("Groupe introuvable, ou dont vous ne faites pas partie.")
    return group


def _require_edit(request, group) -> None:
    if not can_edit_targets(request.user, group):
        raise PermissionDenied(
            "Seule l'administration de l'instance fixe les objectifs du projet." if group is None
            else "Seules l'animation et l'administration du groupe fixent ses objectifs.")


def _list_url(group) -> str:
    return (reverse("monitoring:targets", args=[group.slug]) if group
            else reverse("monitoring:project"))


def targets(request, group: str):
    group_obj = _readable_group(request, group)
    today = home.localdate()
    years = project_years(group_obj)
    all_targets = list(targets_of(group_obj))
    sections = [{"year": i, "label": years.label(i),
                 "rows": progress_rows([t for t in all_targets if t.year == i], today,
                                       late_first=False)}
                for i in range(1, years.count + 1)]
    sections.append({"year": None, "label": "Tout le projet",
                     "rows": progress_rows([t for t in all_targets if t.year is None], today,
                                           late_first=False)})
    return render(request, "monitoring/targets.html", {
        "group": group_obj, "sections": sections,
        "can_manage": can_manage(request.user, group_obj)})


def _chosen_year(form: TargetForm, years) -> int | None:
    raw = form.data.get("year") if form.is_bound else form.initial.get("year")
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return None
    return year if 1 <= year <= years.count else None


def _chosen_session_type(form: TargetForm) -> str:
    chosen = form.data.get("session_type", "") if form.is_bound else ""
    return chosen if chosen in SessionType.values else ""


def _form_page(request, group, target: Target | None):
    years = project_years(group)
    initial = {}
    if target is not None:
        initial = {"label": target.label, "unit": target.unit, "value": target.value,
                   "year": target.year, "metric": target.metric,
                   "session_type": target.session_type, "holder": target.holder_id}
    elif request.GET.get("annee", "").isdigit():
        initial = {"year": int(request.GET["annee"])}
    else:
        initial = {"year": year_shown(years, home.localdate())}
    sent = request.POST.get("formulaire", "objectif") if request.method == "POST" else None
    form = TargetForm(request.POST if sent in ("objectif", "apercu") else None, group=group,
                      years=years, initial=initial)
    done_form = None
    if target is not None and target.metric == Metric.TYPED:
        done_form = DoneForm(request.POST if sent == "realise" else None,
                             initial={"done": target.done_typed, "note": target.done_note})
    if sent == "objectif" and form.is_valid():
        if target is None:
            target = target_create(group=group, by=request.user, **form.target_fields())
            messages.success(request, f"L'objectif « {target.label} » est ajouté.")
        else:
            target_update(target=target, by=request.user, **form.target_fields())
            messages.success(request, f"L'objectif « {target.label} » est enregistré.")
        return redirect(_list_url(group))
    if sent == "realise" and done_form is not None and done_form.is_valid():
        try:
            target_record_done(target=target, by=request.user, **done_form.cleaned_data)
        except TargetError as error:
            done_form.add_error("done", str(error))
        else:
            messages.success(request, f"Le réalisé de « {target.label} » est enregistré.")
            return redirect(_list_url(group))
    chosen_metric = (form.data.get("metric") if form.is_bound else initial.get("metric")) or ""
    year = _chosen_year(form, years)
    return render(request, "monitoring/target_form.html", {
        "group": group, "target": target, "form": form, "done_form": done_form,
        "counted": already_counted(group, year, session_type=_chosen_session_type(form)),
        "counted_label": (
            years.label(year) if year else "tout le projet"),
        "chosen_metric": chosen_metric, "list_url": _list_url(group),
        "progress": target_progress(target, home.localdate()) if target else None,
        "preview": sent == "apercu"})


def _target_of(group, pk: int) -> Target:
    target = Target.objects.select_related("group", "holder").filter(pk=pk, group=group).first()
    if target is None:
        raise Http404("Objectif introuvable.")
    return target


def _edit(request, group, pk: int):
    target = _target_of(group, pk)
    _require_edit(request, group)
    if request.method == "POST" and request.POST.get("formulaire") == "supprimer":
        target_delete(target=target, by=request.user)
        messages.success(request, f"L'objectif « {target.label} » est supprimé.")
        return redirect(_list_url(group))
    if request.method == "POST" and request.POST.get("formulaire") == "deplacer":
        target_move(target=target, up=request.POST.get("sens") == "haut", by=request.user)
        return redirect(_list_url(group))
    return _form_page(request, group, target)


@require_http_methods(["GET", "POST"])
def target_create_page(request, group: str):
    group_obj = _readable_group(request, group)
    _require_edit(request, group_obj)
    return _form_page(request, group_obj, None)


@require_http_methods(["GET", "POST"])
def target_edit(request, group: str, pk: int):
    return _edit(request, _readable_group(request, group), pk)


@require_http_methods(["GET", "POST"])
def project_target_create(request):
    _require_edit(request, None)
    return _form_page(request, None, None)


@require_http_methods(["GET", "POST"])
def project_target_edit(request, pk: int):
    if not administers(request.user):
        raise PermissionDenied("Seule l'administration de l'instance fixe les objectifs du "
                               "projet.")
    return _edit(request, None, pk)


urlpatterns = [
    path("groupes/<slug:group>/objectifs/", targets, name="targets"),
    path("groupes/<slug:group>/objectifs/nouveau/", target_create_page, name="target_create"),
    path("groupes/<slug:group>/objectifs/<int:pk>/", target_edit, name="target_edit"),
    path("projet/objectifs/nouveau/", project_target_create, name="project_target_create"),
    path("projet/objectifs/<int:pk>/", project_target_edit, name="project_target_edit"),
]
