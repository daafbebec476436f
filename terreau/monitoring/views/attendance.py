"""Who came to a session (facilitators): typing back the paper sheet in one form, and the
printable attendance sheet (PDF with the names of the invited, audited)."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from terreau.accounts.models import Membership

from ..choices import AttendeeKind
from ..forms_sessions import AttendanceForm, attendance_candidates
from ..models import Person
from ..sessions import (
    Presence,
    SessionError,
    attendance_set,
    guest_find_or_create,
    inhabitants_of,
    person_for_user,
)
from ..sheet import attendance_sheet_pdf
from .sessions import group_managed, session_get


def _person_of(session, candidate_id: str) -> Person:
    if candidate_id.startswith("u"):  # a member ticked before having a register entry
        membership = Membership.objects.select_related("user").get(
            group=session.group, user_id=int(candidate_id[1:]))
        return person_for_user(session.group, membership.user)
    return Person.objects.get(pk=int(candidate_id[1:]), group=session.group)


def _save(request, session, form: AttendanceForm) -> None:
    """Resolve the ticked lines and the typed guests to register entries, then record the
    attendance; all in one transaction so that a refusal leaves the register unchanged."""
    with transaction.atomic():
        named = [Presence(_person_of(session, c.id), c.kind, hours)
                 for c, hours in form.ticked()]
        seen = {p.person.pk for p in named}
        for guest in form.guests():
            person = guest_find_or_create(group=session.group, by=request.user, **guest)
            if person.pk in seen:
                raise SessionError(f"{person.name} est noté·e deux fois.")
            seen.add(person.pk)
            named.append(Presence(person, AttendeeKind.GUEST))
        attendance_set(session=session, named=named,
                       inhabitants=form.cleaned_data.get("habitants") or 0, by=request.user)


@require_http_methods(["GET", "POST"])
def attendance(request, group: str, pk: int):
    group_obj = group_managed(request, group)
    session = session_get(group_obj, pk)
    candidates = attendance_candidates(session)
    initial = {"habitants": inhabitants_of(session)}
    form = AttendanceForm(request.POST or None, session=session, candidates=candidates,
                          initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, session, form)
        except SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Les présences sont enregistrées.")
            return redirect(session.get_absolute_url())
    register = Person.objects.filter(group=group_obj, erased_at__isnull=True,
                                     user__isnull=True).order_by("name")
    return render(request, "monitoring/attendance_form.html", {
        "group": group_obj, "session": session, "form": form,
        "register": register, "left_early": any(c.hours for c in candidates)})


def attendance_sheet(request, group: str, pk: int):
    group_obj = group_managed(request, group)
    session = session_get(group_obj, pk)
    pdf = attendance_sheet_pdf(session, user=request.user, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="emargement-{group_obj.slug}-'
                                       f'{session.date:%Y-%m-%d}.pdf"')
    return response


urlpatterns = [
    path("groupes/<slug:group>/seances/<int:pk>/presences/", attendance, name="attendance"),
    path("groupes/<slug:group>/seances/<int:pk>/feuille.pdf", attendance_sheet,
         name="attendance_sheet"),
]
