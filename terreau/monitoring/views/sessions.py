"""The group's sessions: the agenda (coming sessions, past ones per project year with their
counts), a session's page, creating and editing (facilitators), and the calendar feed.

Who sees what (queries.py): members read sessions and counts; names of who came (and of
who is invited) only for the facilitators — and each person sees their own presence. The
feed (agenda.ics) opens with its secret key, without signing in, and holds no names.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from terreau.accounts.models import TerritorialGroup

from ..choices import SessionType
from ..forms_sessions import SessionForm, TypeFilterForm
from ..ical import calendar_ical, feed_for_token, feed_of, feed_token_renew
from ..models import WorkSession
from ..queries import can_manage, can_see_names, group_get_readable, project_years
from ..sessions import (
    NOT_MANAGER,
    SessionError,
    attendance_rows,
    session_create,
    session_delete,
    session_invite_members,
    session_update,
)
from ..tally import per_session, tally

NOT_FOUND = "Groupe introuvable, ou dont vous ne faites pas partie."
SAME_ORIGIN = "same-origin"  # the feed's secret key must not leak through Referer


def group_readable(request, slug: str) -> TerritorialGroup:
    group = group_get_readable(request.user, slug)
    if group is None:
        raise Http404(NOT_FOUND)
    return group


def group_managed(request, slug: str) -> TerritorialGroup:
    group = group_readable(request, slug)
    if not can_manage(request.user, group):
        raise PermissionDenied(NOT_MANAGER)
    return group


def session_get(group: TerritorialGroup, pk: int) -> WorkSession:
    return get_object_or_404(WorkSession.objects.select_related("group", "action"),
                             group=group, pk=pk)


def sessions(request, group: str):
    """Coming sessions first, then the past ones grouped by project year with the year's
    figures (tally) and each session's presences."""
    group_obj = group_readable(request, group)
    filters = TypeFilterForm(request.GET or None)
    chosen = filters.cleaned_data["type"] if filters.is_valid() else ""
    queryset = WorkSession.objects.filter(group=group_obj)
    if chosen:
        queryset = queryset.filter(type=chosen)
    today = date.today()
    all_sessions = list(queryset.order_by("date", "start_time", "pk"))
    counts = per_session(all_sessions)
    for session in all_sessions:
        session.counts = counts.get(session.pk)
    coming = [s for s in all_sessions if s.date >= today]
    years = project_years(group_obj)
    past_years = []
    for index in range(years.count, 0, -1):
        first, last = years.bounds(index)
        rows = [s for s in reversed(all_sessions) if first <= s.date <= last and s.date < today]
        if rows:
            in_year = queryset.filter(date__gte=first, date__lte=min(last, today))
            past_years.append({"label": years.label(index), "sessions": rows,
                               "figures": tally(in_year.exclude(date__gte=today))})
    first_day, last_day = years.whole()
    outside = [s for s in reversed(all_sessions)
               if s.date < today and not first_day <= s.date <= last_day]
    return render(request, "monitoring/sessions.html", {
        "group": group_obj, "coming": coming, "past_years": past_years, "outside": outside,
        "filters": filters, "chosen": chosen, "type_label": dict(SessionType.choices).get(chosen),
        "can_manage": can_manage(request.user, group_obj), "empty": not all_sessions})


def _form_fields(form: SessionForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("invite_members")
    data.pop("invited")
    return data


@require_http_methods(["GET", "POST"])
def session_create_page(request, group: str):
    group_obj = group_managed(request, group)
    form = SessionForm(request.POST or None, group=group_obj,
                       initial={"date": request.GET.get("date") or None})
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(group=group_obj, by=request.user,
                                     invited=list(form.cleaned_data["invited"]),
                                     **_form_fields(form))
            if form.cleaned_data["invite_members"]:
                session_invite_members(session, by=request.user)
        except SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"La séance « {session.title} » est enregistrée.")
            return redirect(session.get_absolute_url())
    return render(request, "monitoring/session_form.html", {
        "group": group_obj, "form": form, "session": None})


@require_http_methods(["GET", "POST"])
def session_edit(request, group: str, pk: int):
    group_obj = group_managed(request, group)
    session = session_get(group_obj, pk)
    if request.method == "POST" and request.POST.get("action") == "supprimer":
        title = session.title
        session_delete(session, by=request.user)
        messages.success(request, f"La séance « {title} » est supprimée.")
        return redirect("monitoring:sessions", group_obj.slug)
    form = SessionForm(request.POST or None, instance=session, group=group_obj)
    if request.method == "POST" and form.is_valid():
        try:
            session_update(session, by=request.user,
                           invited=list(form.cleaned_data["invited"]), **_form_fields(form))
            if form.cleaned_data["invite_members"]:
                session_invite_members(session, by=request.user)
        except SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La séance est modifiée.")
            return redirect(session.get_absolute_url())
    return render(request, "monitoring/session_form.html", {
        "group": group_obj, "form": form, "session": session})


def session_detail(request, group: str, pk: int):
    group_obj = group_readable(request, group)
    session = session_get(group_obj, pk)
    names = can_see_names(request.user, group_obj)
    rows = attendance_rows(session)
    mine = [r for r in rows if r.person and r.person.user_id == request.user.pk]
    invited = list(session.invited.order_by("name", "pk"))
    return render(request, "monitoring/session_detail.html", {
        "group": group_obj, "session": session, "names": names,
        "figures": tally(WorkSession.objects.filter(pk=session.pk)),
        "named_rows": [r for r in rows if r.person_key] if names else [],
        "mine": mine[0] if mine else None,
        "invited": invited if names else [],
        "invited_count": len(invited),
        "me_invited": any(p.user_id == request.user.pk for p in invited),
        "can_manage": can_manage(request.user, group_obj)})


@login_not_required
@never_cache
def calendar_feed(request, group: str):
    """The feed for calendar applications: a 404 for an unknown or renewed key."""
    group_obj = TerritorialGroup.objects.filter(slug=group).first()
    feed = feed_for_token(group_obj, request.GET.get("cle", "")) if group_obj else None
    if feed is None:
        raise Http404("Adresse d'agenda inconnue ou renouvelée.")
    body = calendar_ical(group_obj, lambda s: request.build_absolute_uri(s.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="seances-{group_obj.slug}.ics"'
    response["Referrer-Policy"] = SAME_ORIGIN
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def calendar_subscribe(request, group: str):
    """Make or renew the member's secret address; shown on the answer that makes it."""
    group_obj = group_readable(request, group)
    context = {"group": group_obj, "feed": feed_of(group_obj, request.user)}
    if request.method == "POST":
        token = feed_token_renew(group_obj, request.user)
        url = request.build_absolute_uri(
            reverse("monitoring:calendar_feed", args=[group_obj.slug]) + f"?cle={token}")
        context.update(https_url=url, webcal_url="webcal://" + url.split("://", 1)[1],
                       feed=feed_of(group_obj, request.user),
                       renewed=request.POST.get("action") == "renouveler")
    response = render(request, "monitoring/calendar_subscribe.html", context)
    response["Referrer-Policy"] = SAME_ORIGIN
    return response


urlpatterns = [
    path("groupes/<slug:group>/seances/", sessions, name="sessions"),
    path("groupes/<slug:group>/seances/nouvelle/", session_create_page, name="session_create"),
    path("groupes/<slug:group>/seances/<int:pk>/", session_detail, name="session_detail"),
    path("groupes/<slug:group>/seances/<int:pk>/modifier/", session_edit, name="session_edit"),
    path("groupes/<slug:group>/agenda.ics", calendar_feed, name="calendar_feed"),
    path("groupes/<slug:group>/agenda/", calendar_subscribe, name="calendar_subscribe"),
]
