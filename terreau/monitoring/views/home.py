"""The monitoring's front pages: the groups one follows (/suivi/), a group's dashboard
(targets of each project year with a bar, what is late first, the year's key figures, the
self-evaluation's summary) and the whole project's page (calendar settings for instance
admins; counts of every group for everyone signed in, never names).

Figures come from tally.tally (the counting rules) and targets.target_progress.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.timezone import localdate
from django.views.decorators.http import require_http_methods

from terreau.accounts.models import TerritorialGroup

from .. import selfeval
from ..forms_targets import CalendarForm, OffsetsForm
from ..queries import (
    administers,
    can_manage,
    group_get_readable,
    groups_readable,
    project_calendar,
    project_years,
    sessions_in_year,
)
from ..tally import tally
from ..targets import group_offsets, progress_rows, targets_of
from ..years import ProjectYears


def year_shown(years: ProjectYears, today: date) -> int:
    """The current project year; before the project the first, after it the last."""
    current = years.current(today)
    if current is not None:
        return current
    return 1 if today < years.bounds(1)[0] else years.count


def _group_card(group: TerritorialGroup, today: date) -> dict:
    years = project_years(group)
    year = year_shown(years, today)
    return {"group": group, "year": year, "year_label": years.label(year),
            "running": years.current(today) is not None,
            "figures": tally(sessions_in_year(group, year, years))}


def index(request):
    today = localdate()
    return render(request, "monitoring/index.html", {
        "cards": [_group_card(g, today) for g in groups_readable(request.user)],
        "administers": administers(request.user)})


def _year_columns(group: TerritorialGroup | None, years: ProjectYears, today: date) -> list:
    targets = list(targets_of(group))
    current = years.current(today)
    columns = []
    for index_ in range(1, years.count + 1):
        columns.append({"year": index_, "label": years.label(index_),
                        "funder_label": "N" if index_ == 1 else f"N+{index_ - 1}",
                        "current": index_ == current,
                        "rows": progress_rows([t for t in targets if t.year == index_], today)})
    whole = progress_rows([t for t in targets if t.year is None], today)
    return columns, whole


def dashboard(request, group: str):
    """For the group's members: targets of each year and of the whole project."""
    group_obj = group_get_readable(request.user, group)
    if group_obj is None:
        raise Http404("Groupe introuvable, ou dont vous ne faites pas partie.")
    today = localdate()
    years = project_years(group_obj)
    columns, whole = _year_columns(group_obj, years, today)
    year = year_shown(years, today)
    first, last = years.whole()
    late = [row for column in columns for row in column["rows"] if row.progress["late"]]
    late += [row for row in whole if row.progress["late"]]
    return render(request, "monitoring/dashboard.html", {
        "group": group_obj, "columns": columns, "whole": whole, "late": late,
        "year": year, "year_label": years.label(year), "years": years,
        "project_first": first, "project_last": last, "today": today,
        "figures": tally(sessions_in_year(group_obj, year, years)),
        "selfeval": selfeval.summary(group_obj, year),
        "can_manage": can_manage(request.user, group_obj),
        "offset": years.offset})


def _settings_forms(request, calendar):
    """The admins' forms, bound to the one that was sent."""
    sent = request.POST.get("formulaire") if request.method == "POST" else None
    groups = TerritorialGroup.objects.order_by("name")
    calendar_form = CalendarForm.for_calendar(
        calendar, request.POST if sent == "calendrier" else None)
    offsets_form = OffsetsForm(request.POST if sent == "decalages" else None, groups=groups,
                               offsets=group_offsets())
    return sent, calendar_form, offsets_form


@require_http_methods(["GET", "POST"])
def project(request):
    """Everyone signed in: the whole project's targets and counts per group. Instance
    admins also set the calendar, the groups' offsets and the instance's targets."""
    is_admin = administers(request.user)
    if request.method == "POST" and not is_admin:
        raise PermissionDenied("Seule l'administration de l'instance règle le calendrier.")
    calendar = project_calendar()
    sent, calendar_form, offsets_form = _settings_forms(request, calendar)
    if sent == "calendrier" and calendar_form.is_valid() and calendar_form.save(
            by=request.user):
        messages.success(request, "Le calendrier du projet est enregistré.")
        return redirect("monitoring:project")
    if sent == "decalages" and offsets_form.is_valid():
        with transaction.atomic():
            saved = offsets_form.save(by=request.user)
        if saved:
            messages.success(request, "Les décalages des groupes sont enregistrés.")
            return redirect("monitoring:project")
    today = localdate()
    years = project_years(None)
    columns, whole = _year_columns(None, years, today)
    year = year_shown(years, today)
    return render(request, "monitoring/project.html", {
        "calendar": calendar, "is_admin": is_admin, "calendar_form": calendar_form,
        "offsets_form": offsets_form, "columns": columns, "whole": whole, "year": year,
        "year_label": years.label(year), "figures": tally(sessions_in_year(None, year, years)),
        "cards": [_group_card(g, today) for g in TerritorialGroup.objects.order_by("name")],
        "today": today,
        "edit_base": reverse("monitoring:project") + "objectifs/" if is_admin else ""})


urlpatterns = [
    path("", index, name="index"),
    path("groupes/<slug:group>/", dashboard, name="dashboard"),
    path("projet/", project, name="project"),
]
