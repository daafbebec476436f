"""The interview register of a group: the list with counts per year and per kind of person
(members), an interview's page (notes for the interviewer and the facilitators only, each
reading audited), and the form to record or change one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from ..forms_interviews import InterviewForm
from ..interviews import (
    InterviewError,
    can_edit,
    can_record,
    interview_counts,
    interview_create,
    interview_list,
    interview_notes_read,
    interview_update,
    interviewer_name,
)
from ..models import Interview
from ..queries import can_manage, can_read_notes, group_get_readable

NOT_FOUND = "Groupe introuvable."
INTERVIEW_NOT_FOUND = "Entretien introuvable."
NOT_EDITOR = ("Seules la personne qui a mené l'entretien et l'animation du groupe le "
              "modifient.")


def _group(request, slug):
    group = group_get_readable(request.user, slug)
    if group is None:
        raise Http404(NOT_FOUND)
    return group


def _interview(group, pk) -> Interview:
    interview = Interview.objects.filter(group=group, pk=pk).select_related(
        "interviewer", "group").first()
    if interview is None:
        raise Http404(INTERVIEW_NOT_FOUND)
    return interview


def interviews_view(request, group):
    group = _group(request, group)
    rows = [{"interview": interview, "interviewer": interviewer_name(interview.interviewer),
             "own": interview.interviewer_id == request.user.pk}
            for interview in interview_list(group)]
    return render(request, "monitoring/interviews.html", {
        "group": group, "rows": rows, "counts": interview_counts(group),
        "can_record": can_record(request.user, group),
        "manages": can_manage(request.user, group),
    })


def interview_detail_view(request, group, pk):
    group = _group(request, group)
    interview = _interview(group, pk)
    return render(request, "monitoring/interview_detail.html", {
        "group": group, "interview": interview,
        "interviewer": interviewer_name(interview.interviewer),
        "reads_notes": can_read_notes(request.user, interview),
        "notes_html": interview_notes_read(interview=interview, user=request.user,
                                           request=request),
        "can_edit": can_edit(request.user, interview),
    })


def _save(request, form, group, interview):
    values = dict(form.cleaned_data)
    try:
        if interview is None:
            return interview_create(group=group, by=request.user, **values)
        return interview_update(interview=interview, by=request.user, **values)
    except InterviewError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return None


@require_http_methods(["GET", "POST"])
def interview_form_view(request, group, pk=None):
    group = _group(request, group)
    interview = _interview(group, pk) if pk is not None else None
    if interview is None and not can_record(request.user, group):
        raise PermissionDenied("Seuls les membres du groupe enregistrent des entretiens.")
    if interview is not None and not can_edit(request.user, interview):
        raise PermissionDenied(NOT_EDITOR)
    manages = can_manage(request.user, group)
    initial = None
    if interview is not None:
        initial = {"date": interview.date, "person_kind": interview.person_kind,
                   "structure": interview.structure, "interviewer": interview.interviewer_id,
                   "topic": interview.topic, "notes": interview.notes}
    form = InterviewForm(request.POST or None, initial=initial, group=group,
                         user=request.user, manages=manages)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, group, interview)
        if saved is not None:
            messages.success(request, "Entretien enregistré.")
            return redirect("monitoring:interview_detail", group=group.slug, pk=saved.pk)
    elif request.method == "GET" and interview is not None:
        interview_notes_read(interview=interview, user=request.user, request=request)
    return render(request, "monitoring/interview_form.html", {
        "group": group, "interview": interview, "form": form,
        "cancel_url": (reverse("monitoring:interview_detail", args=[group.slug, interview.pk])
                       if interview is not None
                       else reverse("monitoring:interviews", args=[group.slug])),
    })


urlpatterns = [
    path("groupes/<slug:group>/entretiens/", interviews_view, name="interviews"),
    path("groupes/<slug:group>/entretiens/nouveau/", interview_form_view,
         name="interview_create"),
    path("groupes/<slug:group>/entretiens/<int:pk>/", interview_detail_view,
         name="interview_detail"),
    path("groupes/<slug:group>/entretiens/<int:pk>/modifier/", interview_form_view,
         name="interview_edit"),
]
