"""JSON API of the evaluation rounds and of the register of levers and obstacles, under
/api/v1/actions/.

Same rules as the pages: 401 for anonymous clients (the API does it), 404 for an action one
may not read, 403 for one read but not changed (or a verdict on a hypothesis one may not
change), 400 with a French `detail` for bad input (fields are read as text and checked
here, so that no English validation message reaches the user)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut
from terreau.indicators.models import Indicator
from terreau.scenarios.models import Hypothesis
from terreau.territory.models import Zone

from .evaluation import (
    EvaluationError,
    FactorInput,
    VerdictInput,
    WatchedInput,
    round_conclude,
    round_get,
    round_save,
    watched_rows,
)
from .models import Action, EvaluationRound
from .queries import action_can_edit, action_get_readable
from .register import RegisterFilters, counts_by_theme, factors_visible

router = Router()


class WatchedIn(Schema):
    indicateur: str = Field(description="Identifiant (slug) de l'indicateur.")
    zone: str = Field("", description="Code de la zone (une zone de l'action), ou "
                                      "« niveau:code ».")
    periode_avant: str = ""
    valeur_avant: float | None = Field(None, description="Seulement si le catalogue n'a pas "
                                                         "de valeur pour cette période.")
    periode_apres: str = ""
    valeur_apres: float | None = None
    commentaire: str = ""


class FactorIn(Schema):
    type: str = Field(description="« levier » ou « frein ».")
    theme: str = "autre"
    texte: str


class VerdictIn(Schema):
    hypothese: int = Field(description="Numéro (id) d'une hypothèse que l'action teste.")
    statut: str = Field(description="a_verifier, confirmee, infirmee ou abandonnee.")
    raison: str


class RoundIn(Schema):
    date: str = Field(description="AAAA-MM-JJ.")
    ce_qui_s_est_passe: str = ""
    decision: str = Field("", description="continuer, adapter, arreter, nouvelle_action "
                                          "(vide : pas encore décidée).")
    pourquoi: str = ""
    ameliorations: str = ""
    indicateurs: list[WatchedIn] = []
    leviers_freins: list[FactorIn] = []
    conclusions: list[VerdictIn] = []


class RegisterIn(Schema):
    type: str = ""
    theme: str = ""
    groupe: str = ""
    action: str = ""
    annee: int | None = None


def _round_out(round: EvaluationRound, user) -> dict:
    return {
        "numero": round.number, "date": round.held_on.isoformat(),
        "ce_qui_s_est_passe": round.what_happened, "decision": round.decision,
        "pourquoi": round.decision_note, "ameliorations": round.improvements,
        "conclue_le": round.concluded_at.isoformat() if round.concluded_at else None,
        "url": round.get_absolute_url(),
        "indicateurs": [{
            "indicateur": r["watched"].indicator.slug, "libelle": r["watched"].indicator.label,
            "zone": r["watched"].zone.code if r["watched"].zone else None,
            "periode_avant": r["watched"].before_period,
            "valeur_avant": r["watched"].before_value, "source_avant": r["before_source"],
            "periode_apres": r["watched"].after_period,
            "valeur_apres": r["watched"].after_value, "source_apres": r["after_source"],
            "evolution": r["change"], "commentaire": r["watched"].note,
        } for r in watched_rows(round)],
        "leviers_freins": [{"type": f.kind, "theme": f.theme, "texte": f.text}
                           for f in round.factors.all()],
        "conclusions": [{"hypothese": v.hypothesis_id, "statut": v.new_status,
                         "raison": v.reason, "appliquee": v.status_change_id is not None}
                        for v in round.verdicts.all()],
    }


def _action(request, slug: str) -> Action:
    action = action_get_readable(request.user, slug)
    if action is None:
        raise HttpError(404, "Action introuvable.")
    return action


def _editable(request, action: Action) -> None:
    if not action_can_edit(request.user, action):
        raise HttpError(403, "Seuls l'auteur de l'action, ses participant·es et l'animation "
                             "du groupe modifient ses évaluations.")


def _zone(action: Action, text: str) -> Zone | None:
    text = text.strip()
    if not text:
        return None
    level, _, code = text.rpartition(":")
    zones = action.zones.filter(code=code)
    zone = (zones.filter(level=level) if level else zones).first()
    if zone is None:
        raise EvaluationError(f"Zone « {text} » : ce n'est pas une zone de l'action.")
    return zone


def _inputs(action: Action, body: RoundIn):
    try:
        held_on = date.fromisoformat(body.date.strip())
    except ValueError:
        raise EvaluationError(f"date : « {body.date} » n'est pas une date AAAA-MM-JJ.") from None
    watched = []
    for line, row in enumerate(body.indicateurs, start=1):
        indicator = Indicator.objects.filter(slug=row.indicateur.strip()).first()
        if indicator is None:
            raise EvaluationError(f"Indicateur {line} : « {row.indicateur} » est inconnu.")
        watched.append(WatchedInput(indicator, _zone(action, row.zone), row.periode_avant,
                                    row.valeur_avant, row.periode_apres, row.valeur_apres,
                                    row.commentaire))
    verdicts = []
    for row in body.conclusions:
        hypothesis = Hypothesis.objects.filter(pk=row.hypothese, actions=action).first()
        if hypothesis is None:
            raise EvaluationError(f"Hypothèse {row.hypothese} : l'action ne la teste pas.")
        verdicts.append(VerdictInput(hypothesis, row.statut.strip(), row.raison))
    fields = {"held_on": held_on, "what_happened": body.ce_qui_s_est_passe,
              "decision": body.decision.strip(), "decision_note": body.pourquoi,
              "improvements": body.ameliorations}
    factors = [FactorInput(f.type.strip(), f.theme.strip(), f.texte)
               for f in body.leviers_freins]
    return fields, watched, factors, verdicts


@router.get("/leviers-et-freins", url_name="actions_register",
            summary="Registre des leviers et des freins des actions que vous lisez")
def register_list(request: HttpRequest, query: Query[RegisterIn]):
    filters = RegisterFilters(kind=query.type.strip(), theme=query.theme.strip(),
                              group=query.groupe.strip(), action=query.action.strip(),
                              year=query.annee)
    factors = factors_visible(request.user, filters)
    return {
        "par_theme": [{"theme": c["theme"], "libelle": c["label"], "leviers": c["levers"],
                       "freins": c["obstacles"]} for c in counts_by_theme(factors)],
        "elements": [{"type": f.kind, "theme": f.theme, "texte": f.text,
                      "action": f.round.action.slug, "groupe": f.round.action.group.slug,
                      "evaluation": f.round.number, "date": f.round.held_on.isoformat(),
                      "url": f.round.get_absolute_url()} for f in factors],
    }


@router.get("/{slug}/evaluations", response={200: list[dict], 404: ErrorOut},
            url_name="actions_rounds", summary="Les temps d'évaluation d'une action")
def rounds_list(request: HttpRequest, slug: str):
    action = _action(request, slug)
    return [_round_out(r, request.user) for r in action.rounds.order_by("number")]


@router.post("/{slug}/evaluations",
             response={201: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             url_name="actions_round_create", summary="Enregistrer un temps d'évaluation")
def round_create(request: HttpRequest, slug: str, body: RoundIn):
    action = _action(request, slug)
    _editable(request, action)
    try:
        fields, watched, factors, verdicts = _inputs(action, body)
        round = round_save(action=action, by=request.user, fields=fields, indicators=watched,
                           factors=factors, verdicts=verdicts)
    except EvaluationError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _round_out(round, request.user))


@router.post("/{slug}/evaluations/{number}/conclure",
             response={200: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             url_name="actions_round_conclude",
             summary="Conclure un temps d'évaluation (applique ses conclusions aux hypothèses)")
def round_conclude_api(request: HttpRequest, slug: str, number: int):
    action = _action(request, slug)
    round = round_get(action, number)
    if round is None:
        raise HttpError(404, "Temps d'évaluation introuvable.")
    _editable(request, action)
    try:
        changes = round_conclude(round=round, by=request.user)
    except EvaluationError as error:
        raise HttpError(400, str(error)) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    round.refresh_from_db()
    return {**_round_out(round, request.user),
            "changements": [{"hypothese": c.hypothesis_id, "ancien_statut": c.old_status,
                             "nouveau_statut": c.new_status} for c in changes]}
