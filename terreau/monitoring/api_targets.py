"""JSON API of the targets, under /api/v1/suivi/: a group's targets with what is done, the
share done and whether it is late; adding one (facilitators and admins of the group); the
instance's targets (every signed-in person, counts only).

Same rules as the pages: 401 for anonymous clients (the API does it), 404 for a group one
does not belong to, 403 for a member who reads but may not set targets, 400 with a French
`detail` for bad input (checked by targets.py, as in the form).
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.timezone import localdate
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from terreau.catalog.models import DataHolder
from terreau.core.api_schemas import ErrorOut

from .models import Target
from .queries import group_get_readable
from .targets import TargetError, target_create, target_progress, targets_of

router = Router()


class TargetOut(Schema):
    id: int
    groupe: str | None = Field(description="Slug du groupe ; vide pour un objectif du projet.")
    annee: int | None = Field(description="Année du projet (1, 2…) ; vide : tout le projet.")
    debut: date = Field(description="Premier jour compté.")
    fin: date = Field(description="Dernier jour compté.")
    objectif: str
    unite: str
    cible: float
    mesure: str = Field(description="Comment la réalisation est comptée (voir mesure_libelle).")
    mesure_libelle: str
    type_seance: str
    producteur: int | None
    realise: float | None = Field(description="Ce qui est fait ; vide si rien n'est saisi.")
    part: float | None = Field(description="Part faite (0 à 1).")
    part_attendue: float = Field(description="Part de la période écoulée aujourd'hui (0 à 1).")
    en_retard: bool
    etat: str = Field(description="La même chose en mots.")
    precisions: str


class TargetIn(Schema):
    objectif: str = ""
    unite: str = ""
    cible: float | str | None = None
    mesure: str = Field("saisie", description="Façon de compter (« saisie » : à la main).")
    annee: int | None = Field(None, description="Année du projet ; vide : tout le projet.")
    type_seance: str = ""
    producteur: int | None = Field(None, description="Numéro d'un producteur de données.")


def _out(target: Target, today: date) -> dict:
    progress = target_progress(target, today)
    return {"id": target.pk, "groupe": target.group.slug if target.group else None,
            "annee": target.year, "debut": progress["first"], "fin": progress["last"],
            "objectif": target.label, "unite": target.unit, "cible": progress["target"],
            "mesure": target.metric, "mesure_libelle": target.get_metric_display(),
            "type_seance": target.session_type, "producteur": target.holder_id,
            "realise": progress["done"], "part": progress["share"],
            "part_attendue": progress["expected_share"], "en_retard": progress["late"],
            "etat": progress["status"], "precisions": target.done_note}


def _group(request: HttpRequest, slug: str):
    group = group_get_readable(request.user, slug)
    if group is None:
        raise HttpError(404, f"Groupe introuvable, ou dont vous ne faites pas partie : "
                             f"« {slug} ».")
    return group


@router.get("/projet/objectifs", response=list[TargetOut], url_name="project_targets",
            summary="Les objectifs du projet (tous les groupes ensemble)")
def project_targets(request: HttpRequest):
    today = localdate()
    return [_out(t, today) for t in targets_of(None)]


@router.get("/{group}/objectifs", response={200: list[TargetOut], 404: ErrorOut},
            url_name="group_targets", summary="Les objectifs d'un groupe et leur réalisation")
def group_targets(request: HttpRequest, group: str):
    group_obj = _group(request, group)
    today = localdate()
    return Status(200, [_out(t, today) for t in targets_of(group_obj)])


@router.post("/{group}/objectifs",
             response={201: TargetOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             url_name="group_target_create", summary="Ajouter un objectif au groupe")
def group_target_create(request: HttpRequest, group: str, body: TargetIn):
    group_obj = _group(request, group)
    holder = None
    if body.producteur is not None:
        holder = DataHolder.objects.filter(pk=body.producteur).first()
        if holder is None:
            raise HttpError(400, f"Producteur de données inconnu : {body.producteur}.")
    try:
        target = target_create(group=group_obj, by=request.user, label=body.objectif,
                               unit=body.unite, value=body.cible, metric=body.mesure,
                               year=body.annee, session_type=body.type_seance, holder=holder)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    except TargetError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _out(target, localdate()))
