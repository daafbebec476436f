"""Pages that keep records up to date: create a structure, change it (stewards directly,
anyone else by a proposal), add and change its services, close them, read the history.

The secret link, the staff's update page and the review of proposals are in
records_review.py; its routes are listed here so that urls.py reads one list.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from ..choices import ChangeVia
from ..forms_records import GroupChoiceForm, MessageForm, ServiceForm, StructureForm
from ..models import Service, Structure
from ..queries import can_import, can_steward, groups_stewarded_by
from ..records import (
    NotAllowed,
    RecordError,
    changes_apply,
    closed_set,
    service_create,
    structure_create,
)
from ..records_display import history_entries
from ..records_review import history, proposal_create
from . import records_review
from .records_review import NOT_STEWARD, structure_get

PROPOSED = ("Merci : votre proposition est enregistrée. Un·e référent·e de l'annuaire la "
            "relira avant qu'elle apparaisse sur la fiche.")


def refusal_show(form, error: RecordError) -> None:
    """Put the refused values' French messages on their fields (else on the form)."""
    if error.errors:
        form.errors_add(error.errors)
    else:
        form.add_error(None, str(error))


def _saved(request, records) -> None:
    if records:
        messages.success(request, "Modifications enregistrées (elles sont dans l'historique).")
    else:
        messages.info(request, "Rien n'a changé.")


def structure_new(request):
    user = request.user
    if not groups_stewarded_by(user).exists() and not can_import(user, None):
        raise PermissionDenied("Seul·es les référent·es des données d'un groupe ajoutent des "
                               "structures à l'annuaire.")
    group_form = GroupChoiceForm(request.POST or None, user=user)
    form = StructureForm(request.POST or None)
    if request.method == "POST" and group_form.is_valid() and form.is_valid():
        try:
            structure = structure_create(form.values(), group=group_form.group(), user=user)
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        except RecordError as error:
            refusal_show(form, error)
        else:
            messages.success(request, f"Structure « {structure.nom} » ajoutée. Ajoutez "
                                      "maintenant ses services.")
            return redirect("directory:structure_edit", structure.pk)
    return render(request, "directory/record_form.html",
                  {"form": form, "group_form": group_form, "creating": True})


def _apply_or_propose(request, structure: Structure, changes: dict, form,
                      message_form) -> bool:
    """Apply the changes (stewards: message_form is None) or file them as a proposal; on a
    refusal, show it on the form and say False."""
    try:
        if message_form is None:
            _saved(request, changes_apply(structure, changes, user=request.user))
        else:
            proposal_create(structure, changes, via=ChangeVia.FORM, user=request.user,
                            message=message_form.cleaned_data["message"])
            messages.success(request, PROPOSED)
    except RecordError as error:
        refusal_show(form, error)
        return False
    return True


def structure_edit(request, pk: int):
    """Stewards change the structure; anyone else signed in proposes the change."""
    structure = structure_get(pk)
    steward = can_steward(request.user, structure)
    form = StructureForm(request.POST or None, instance=structure)
    message_form = None if steward else MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (steward or message_form.is_valid()):
        if _apply_or_propose(request, structure, {"structure": form.values()}, form,
                             message_form):
            return redirect(structure)
    return render(request, "directory/record_form.html", {
        "form": form, "message_form": message_form, "structure": structure,
        "steward": steward, "services": structure.services.order_by("closed_on", "nom")})


def service_new(request, pk: int):
    structure = structure_get(pk)
    if not can_steward(request.user, structure):
        raise PermissionDenied(NOT_STEWARD)
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service = service_create(structure, form.values(), user=request.user)
        except RecordError as error:
            refusal_show(form, error)
        else:
            messages.success(request, f"Service « {service.nom} » ajouté.")
            return redirect("directory:structure_edit", structure.pk)
    return render(request, "directory/record_service_form.html",
                  {"form": form, "structure": structure, "steward": True})


def service_edit(request, pk: int):
    service = get_object_or_404(Service.objects.select_related("structure"), pk=pk)
    structure = service.structure
    steward = can_steward(request.user, structure)
    form = ServiceForm(request.POST or None, instance=service)
    message_form = None if steward else MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (steward or message_form.is_valid()):
        changes = {"services": {str(service.pk): form.values()}}
        if _apply_or_propose(request, structure, changes, form, message_form):
            return redirect(service)
    return render(request, "directory/record_service_form.html", {
        "form": form, "message_form": message_form, "structure": structure,
        "service": service, "steward": steward})


def _close_page(request, obj, structure: Structure):
    if not can_steward(request.user, structure):
        raise PermissionDenied(NOT_STEWARD)
    if request.method == "POST":
        closing = request.POST.get("action") == "fermer"
        closed_set(obj, closing, user=request.user,
                   note=request.POST.get("note", "").strip()[:300])
        done = "fermeture enregistrée" if closing else "réouverture enregistrée"
        messages.success(request, f"« {obj.nom} » : {done}.")
        return redirect(obj)
    return render(request, "directory/record_close.html",
                  {"obj": obj, "structure": structure, "is_structure": obj is structure})


def structure_close(request, pk: int):
    structure = structure_get(pk)
    return _close_page(request, structure, structure)


def service_close(request, pk: int):
    service = get_object_or_404(Service.objects.select_related("structure"), pk=pk)
    return _close_page(request, service, service.structure)


def structure_history(request, pk: int):
    """Every signed-in person reads what changed and when; who changed it and their notes
    (names given through the secret link among them) only the structure's stewards."""
    structure = structure_get(pk)
    return render(request, "directory/history.html", {
        "structure": structure, "steward": can_steward(request.user, structure),
        "entries": history_entries(history(structure)[:500])})


urlpatterns = [
    path("structures/nouvelle/", structure_new, name="structure_create"),
    path("structures/<int:pk>/modifier/", structure_edit, name="structure_edit"),
    path("structures/<int:pk>/fermer/", structure_close, name="structure_close"),
    path("structures/<int:pk>/historique/", structure_history, name="history"),
    path("structures/<int:pk>/services/nouveau/", service_new, name="service_create"),
    path("services/<int:pk>/modifier/", service_edit, name="service_edit"),
    path("services/<int:pk>/fermer/", service_close, name="service_close"),
    *records_review.urlpatterns,
]
