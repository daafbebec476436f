"""JSON API of the directory's records part, under /api/v1/annuaire/: read a structure,
create one, change it (its stewards directly; anyone else signed in by a proposal, answered
202), list the proposals to review, accept or refuse them.

Same rules as the pages (queries.py): 401 for anonymous clients, 403 when the person may not
do it, 404 for what does not exist (or a proposal they may not read), 400 with the French
message and each refused field when a value breaks the data·inclusion model (nothing written).
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from terreau.accounts.models import TerritorialGroup

from .choices import ChangeVia
from .hours import hours_lines
from .models import ChangeProposal, Structure
from .queries import can_steward
from .records import NotAllowed, RecordError, changes_apply, structure_create
from .records_review import (
    proposal_approve,
    proposal_create,
    proposal_reject,
    proposals_to_review,
    proposer_label,
)
from .search import service_hours
from .v1 import service_to_v1, structure_to_v1

router = Router(tags=["annuaire"])


class ProblemOut(Schema):
    fiche: str = Field(description="« structure », l'identifiant d'un service, ou "
                                   "« nouveau-1 »… pour les services créés.")
    champ: str
    message: str


class ErrorOut(Schema):
    detail: str = Field(description="Explication en français.")
    problemes: list[ProblemOut] = []


class StructureIn(Schema):
    groupe: str | None = Field(None, description="Identifiant (slug) du groupe qui la tient "
                                                 "à jour ; vide : toute l'instance.")
    structure: dict = Field(description="Champs data·inclusion v1 (nom, adresse, "
                                        "horaires_accueil…), sans source ni id.")
    services: list[dict] = Field([], description="Ses services, champs data·inclusion v1.")


class ChangesIn(Schema):
    structure: dict = Field({}, description="Champs de la structure à changer.")
    services: dict[str, dict] = Field({}, description="Par identifiant de service : ses "
                                                      "champs à changer.")
    message: str = Field("", description="Pour les propositions : un mot aux référent·es.")


class StructureOut(Schema):
    id: int
    source: str
    source_id: str
    nom: str
    groupe: str | None
    fermee_le: str | None
    services: list[int]


class AppliedOut(Schema):
    structure: StructureOut
    modifications: int = Field(description="Fiches changées (structure, services).")


class ProposalOut(Schema):
    id: int
    structure: int
    structure_nom: str
    changements: dict
    message: str
    proposee_par: str
    statut: str = Field(description="pending, approved ou rejected.")
    recue_le: str
    note: str


class ReviewIn(Schema):
    note: str = Field("", description="Réponse à la personne qui a proposé.")


def _refused(error: RecordError):
    return Status(400, {"detail": str(error), "problemes": [
        {"fiche": e.target, "champ": e.field, "message": e.message} for e in error.errors]})


def _structure_out(structure: Structure) -> dict:
    return {"id": structure.pk, "source": structure.source, "source_id": structure.source_id,
            "nom": structure.nom, "groupe": structure.group.slug if structure.group else None,
            "fermee_le": structure.closed_on.isoformat() if structure.closed_on else None,
            "services": list(structure.services.order_by("pk").values_list("pk", flat=True))}


def _proposal_out(proposal: ChangeProposal) -> dict:
    return {"id": proposal.pk, "structure": proposal.structure_id,
            "structure_nom": proposal.structure.nom, "changements": proposal.changes,
            "message": proposal.message, "proposee_par": proposer_label(proposal),
            "statut": proposal.status, "recue_le": proposal.created_at.isoformat(),
            "note": proposal.review_note}


@router.post("/structures", response={201: StructureOut, 400: ErrorOut, 403: ErrorOut,
                                      404: ErrorOut},
             url_name="records_structure_create", summary="Ajouter une structure")
def structure_add(request: HttpRequest, body: StructureIn):
    group = None
    if body.groupe:
        group = TerritorialGroup.objects.filter(slug=body.groupe).first()
        if group is None:
            raise HttpError(404, f"Groupe « {body.groupe} » introuvable.")
    try:
        structure = structure_create(body.structure, group=group, user=request.user,
                                     via=ChangeVia.API, services=body.services)
    except NotAllowed as error:
        raise HttpError(403, str(error)) from None
    except RecordError as error:
        return _refused(error)
    return Status(201, _structure_out(structure))


@router.get("/structures/{pk}", url_name="structure_read",
            summary="Une structure et ses services (data·inclusion v1)")
def structure_detail(request: HttpRequest, pk: int):
    """A structure and its services (data·inclusion v1 fields, hours in plain French)."""
    structure = get_object_or_404(Structure, pk=pk)
    now = timezone.localtime()
    services = []
    for service in structure.services.order_by("nom", "pk"):
        hours = service_hours(service)
        services.append({**service_to_v1(service), "pk": service.pk,
                         "url": service.get_absolute_url(),
                         "ferme_le": service.closed_on.isoformat() if service.closed_on else None,
                         "horaires_en_clair": hours_lines(hours, now) if hours else []})
    return {**structure_to_v1(structure), "pk": structure.pk,
            "url": structure.get_absolute_url(),
            "position_approximative": structure.position_approximate,
            "exemple": structure.example,
            "fermee_le": structure.closed_on.isoformat() if structure.closed_on else None,
            "horaires_en_clair": (hours_lines(structure.horaires_accueil, now)
                                  if structure.horaires_accueil else []),
            "services": services}


@router.patch("/structures/{pk}", response={200: AppliedOut, 202: ProposalOut,
                                            400: ErrorOut, 404: ErrorOut},
              url_name="records_structure_change",
              summary="Changer une structure (référent·es) ou proposer un changement")
def structure_change(request: HttpRequest, pk: int, body: ChangesIn):
    structure = get_object_or_404(Structure.objects.select_related("group"), pk=pk)
    changes = {"structure": body.structure, "services": body.services}
    try:
        if can_steward(request.user, structure):
            records = changes_apply(structure, changes, user=request.user, via=ChangeVia.API,
                                    note=body.message[:300])
            structure.refresh_from_db()
            return {"structure": _structure_out(structure), "modifications": len(records)}
        proposal = proposal_create(structure, changes, via=ChangeVia.API, user=request.user,
                                   message=body.message)
    except RecordError as error:
        return _refused(error)
    return Status(202, _proposal_out(proposal))


@router.get("/propositions", response=list[ProposalOut], url_name="records_proposals",
            summary="Propositions à relire (la plus ancienne d'abord)")
def proposals_list(request: HttpRequest):
    return [_proposal_out(p) for p in proposals_to_review(request.user)]


def _proposal(request: HttpRequest, pk: int) -> ChangeProposal:
    proposal = ChangeProposal.objects.select_related("structure").filter(pk=pk).first()
    if proposal is None:
        raise HttpError(404, "Proposition introuvable.")
    if not can_steward(request.user, proposal.structure):
        if proposal.proposed_by_id != request.user.pk:
            raise HttpError(404, "Proposition introuvable.")
        raise HttpError(403, "Seul·es les référent·es des données de cette structure "
                             "relisent ses propositions.")
    return proposal


@router.post("/propositions/{pk}/accepter",
             response={200: ProposalOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             url_name="records_proposal_approve", summary="Accepter et appliquer")
def proposal_accept(request: HttpRequest, pk: int, body: ReviewIn | None = None):
    proposal = _proposal(request, pk)
    try:
        proposal_approve(proposal, request.user, body.note if body else "")
    except RecordError as error:
        return _refused(error)
    return _proposal_out(proposal)


@router.post("/propositions/{pk}/refuser",
             response={200: ProposalOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             url_name="records_proposal_reject", summary="Refuser (rien n'est écrit)")
def proposal_refuse(request: HttpRequest, pk: int, body: ReviewIn | None = None):
    proposal = _proposal(request, pk)
    try:
        proposal_reject(proposal, request.user, body.note if body else "")
    except RecordError as error:
        return _refused(error)
    return _proposal_out(proposal)
