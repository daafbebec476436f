"""The secret update link (stewards make it; the structure's staff use it without an
account) and the review of proposals (the structure's stewards accept or refuse them).

The staff's page answers a plain 404 to a token it does not know (replaced, removed or never
made), without saying which. How often tokens may be tried is not limited here: a token has
256 random bits, and rate limits belong to the web server in front of Terreau.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache

from ..choices import ChangeVia, ProposalStatus
from ..forms_records import ProposerForm, ReviewForm, ServiceForm, StructureForm
from ..models import ChangeProposal, Structure
from ..queries import can_steward
from ..records import NotAllowed, RecordError
from ..records_display import proposal_rows
from ..records_review import (
    proposal_approve,
    proposal_create,
    proposal_reject,
    proposals_to_review,
    proposer_label,
    secret_link_create,
    secret_link_remove,
    structure_for_token,
)

NOT_STEWARD = ("Seul·es les référent·es des données de cette structure peuvent faire cela : "
               "proposez plutôt une modification.")


# Not "no-referrer": Chromium then posts forms with "Origin: null", which CSRF refuses.
SAME_ORIGIN = "same-origin"


def structure_get(pk: int) -> Structure:
    return get_object_or_404(Structure.objects.select_related("group"), pk=pk)


@never_cache
def secret_link(request, pk: int):
    """Make (or replace, or remove) the link; a new link is shown on this answer only."""
    structure = structure_get(pk)
    if not can_steward(request.user, structure):
        raise PermissionDenied(NOT_STEWARD)
    context = {"structure": structure}
    if request.method == "POST" and request.POST.get("action") == "supprimer":
        secret_link_remove(structure, user=request.user)
        messages.success(request, "Lien supprimé : il ne marche plus.")
        return redirect("directory:secret_link", structure.pk)
    if request.method == "POST":
        token = secret_link_create(structure, user=request.user)
        url = request.build_absolute_uri(reverse("directory:secret_update", args=[token]))
        # segno draws the QR code from our own URL (no user text): its SVG is safe to inline.
        context.update(url=url, qr_svg=segno.make(url, error="m").svg_inline(
            scale=4, title="Code QR du lien de mise à jour"))
    context["latest"] = (structure.history.filter(changes__has_key="update_link")
                         .select_related("by").first())
    response = render(request, "directory/secret_link.html", context)
    response["Referrer-Policy"] = SAME_ORIGIN
    return response


def _staff_forms(request, structure):
    data = request.POST if request.method == "POST" else None
    services = list(structure.services.filter(closed_on__isnull=True).order_by("nom", "pk"))
    return (StructureForm(data, instance=structure, prefix="structure"),
            [(s, ServiceForm(data, instance=s, prefix=f"service-{s.pk}")) for s in services],
            ProposerForm(data))


def _staff_refusal(error: RecordError, form, service_forms) -> None:
    by_target = {str(s.pk): f for s, f in service_forms}
    for item in error.errors:
        target = form if item.target == "structure" else by_target.get(item.target, form)
        target.errors_add([item])
    if not error.errors:
        form.add_error(None, str(error))


def _secret_response(request, template: str, context: dict):
    response = render(request, template, context)
    # The token is in the address: never send it to another site, never keep the page.
    response["Referrer-Policy"] = SAME_ORIGIN
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
@never_cache
def secret_update(request, token: str):
    """The structure's staff see their record and propose changes, without an account."""
    structure = structure_for_token(token)
    if structure is None:
        raise Http404("Lien inconnu.")
    form, service_forms, proposer = _staff_forms(request, structure)
    valid = request.method == "POST" and all(
        [form.is_valid(), proposer.is_valid(), *[f.is_valid() for _, f in service_forms]])
    if valid:
        changes = {"structure": form.values(),
                   "services": {str(s.pk): f.values() for s, f in service_forms}}
        try:
            proposal_create(structure, changes, via=ChangeVia.SECRET_LINK,
                            name=proposer.cleaned_data["nom"],
                            message=proposer.cleaned_data["message"])
        except RecordError as error:
            _staff_refusal(error, form, service_forms)
        else:
            return redirect("directory:secret_thanks", token)
    pending = structure.proposals.filter(status=ProposalStatus.PENDING,
                                         via=ChangeVia.SECRET_LINK).count()
    closed = structure.services.filter(closed_on__isnull=False).order_by("nom")
    return _secret_response(request, "directory/secret_update.html", {
        "structure": structure, "form": form, "service_forms": service_forms,
        "proposer": proposer, "pending": pending, "closed_services": closed,
        "failed": request.method == "POST"})


@login_not_required
@never_cache
def secret_thanks(request, token: str):
    structure = structure_for_token(token)
    if structure is None:
        raise Http404("Lien inconnu.")
    return _secret_response(request, "directory/secret_thanks.html",
                            {"structure": structure, "token": token})


def review_list(request):
    to_review = list(proposals_to_review(request.user))
    mine = (ChangeProposal.objects.filter(proposed_by=request.user)
            .select_related("structure").order_by("-created_at")[:50])
    return render(request, "directory/review_list.html", {
        "proposals": [(p, proposer_label(p), _count(p)) for p in to_review], "mine": mine})


def _count(proposal: ChangeProposal) -> int:
    """How many fields the proposal changes (structure and services together)."""
    changes = proposal.changes or {}
    return len(changes.get("structure") or {}) + sum(
        len(values) for values in (changes.get("services") or {}).values())


def proposal_detail(request, pk: int):
    """The diff in plain words; the structure's stewards accept or refuse it with a note.
    The proposer reads their own proposal; anyone else gets a 404."""
    proposal = get_object_or_404(ChangeProposal.objects.select_related(
        "structure", "proposed_by", "reviewed_by"), pk=pk)
    steward = can_steward(request.user, proposal.structure)
    if not steward and proposal.proposed_by_id != request.user.pk:
        raise Http404("Proposition introuvable.")
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not steward:
            raise PermissionDenied("Seul·es les référent·es des données de cette structure "
                                   "relisent ses propositions.")
        if form.is_valid():
            done = _decide(request, proposal, request.POST.get("decision"),
                           form.cleaned_data["note"], form)
            if done:
                return redirect("directory:review_list")
    return render(request, "directory/proposal.html", {
        "proposal": proposal, "rows": proposal_rows(proposal), "steward": steward,
        "form": form, "proposer": proposer_label(proposal),
        "pending": proposal.status == ProposalStatus.PENDING})


def _decide(request, proposal, decision: str | None, note: str, form) -> bool:
    try:
        if decision == "accepter":
            records = proposal_approve(proposal, request.user, note)
            messages.success(request, f"Proposition acceptée : {len(records)} fiche"
                                      f"{'s' if len(records) > 1 else ''} mise"
                                      f"{'s' if len(records) > 1 else ''} à jour.")
        elif decision == "refuser":
            proposal_reject(proposal, request.user, note)
            messages.success(request, "Proposition refusée : la fiche n'a pas changé.")
        else:
            form.add_error(None, "Choisissez « Accepter » ou « Refuser ».")
            return False
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except RecordError as error:
        form.add_error(None, str(error))
        return False
    return True


urlpatterns = [
    path("structures/<int:pk>/lien-de-mise-a-jour/", secret_link, name="secret_link"),
    path("relecture/", review_list, name="review_list"),
    path("propositions/<int:pk>/", proposal_detail, name="proposal"),
    path("mise-a-jour/<str:token>/", secret_update, name="secret_update"),
    path("mise-a-jour/<str:token>/merci/", secret_thanks, name="secret_thanks"),
]
