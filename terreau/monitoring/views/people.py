"""The group's register of people. Facilitators see everyone with their presences, add
guests and erase anyone; a member sees only their own presences and may erase themself.
Erasing keeps every count (the rows stay, anonymous)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from ..forms_sessions import PersonForm
from ..models import Attendance, Person
from ..queries import can_manage, can_see_names
from ..sessions import SessionError, person_create, person_erase
from ..tally import HOURS
from .sessions import group_readable


def _register(group):
    return (Person.objects.filter(group=group)
            .annotate(presences=Count("attendances"),
                      hours=Sum(F("attendances__count") * F("attendances__hours"),
                                output_field=HOURS))
            .order_by(F("erased_at").asc(nulls_first=True), "name", "pk"))


def _own_presences(group, user):
    return (Attendance.objects.filter(session__group=group, person__user=user)
            .select_related("session", "person").order_by("-session__date"))


@require_http_methods(["GET", "POST"])
def people(request, group: str):
    group_obj = group_readable(request, group)
    names = can_see_names(request.user, group_obj)
    form = PersonForm(request.POST or None) if names else None
    if request.method == "POST":
        if not can_manage(request.user, group_obj):
            raise PermissionDenied("Seule l'animation du groupe ajoute des personnes au registre.")
        if form.is_valid():
            try:
                person = person_create(group=group_obj, by=request.user, **form.cleaned_data)
            except SessionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{person.name} est ajouté·e au registre.")
                return redirect("monitoring:people", group_obj.slug)
    own = list(_own_presences(group_obj, request.user))
    me = Person.objects.filter(group=group_obj, user=request.user).first()
    return render(request, "monitoring/people.html", {
        "group": group_obj, "names": names, "form": form,
        "register": _register(group_obj) if names else [],
        "own": own, "me": me, "own_hours": sum(r.hours * r.count for r in own)})


@require_http_methods(["GET", "POST"])
def person_erase_page(request, group: str, pk: int):
    group_obj = group_readable(request, group)
    person = get_object_or_404(Person, group=group_obj, pk=pk)
    itself = person.user_id is not None and person.user_id == request.user.pk
    if not (itself or can_manage(request.user, group_obj)):
        raise Http404("Personne introuvable.")  # others' entries are not revealed
    if person.erased_at is not None:
        messages.info(request, "Cette personne est déjà effacée.")
        return redirect("monitoring:people", group_obj.slug)
    if request.method == "POST":
        try:
            person_erase(person=person, by=request.user)
        except PermissionDenied as error:
            raise Http404(str(error)) from None
        messages.success(request, "Les informations sont effacées ; les présences restent "
                                  "comptées sans nom.")
        return redirect("monitoring:people", group_obj.slug)
    return render(request, "monitoring/person_erase.html", {
        "group": group_obj, "person": person, "itself": itself,
        "presences": person.attendances.count()})


urlpatterns = [
    path("groupes/<slug:group>/personnes/", people, name="people"),
    path("groupes/<slug:group>/personnes/<int:pk>/effacer/", person_erase_page,
         name="person_erase"),
]
