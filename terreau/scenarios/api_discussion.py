"""API: comments (threads), hypotheses and their status, notifications.

Same rules as the pages: signed-in clients only (401; comments are never shown to anonymous
readers, even of a public scenario), a scenario the client may not read is a 404, a change
they may not make a 403, a refused change a 400 whose `detail` is a French sentence.
"""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut
from terreau.core.markdown import MAX_LENGTH

from . import discussion, hypotheses
from .api_access import readable
from .models import Scenario
from .notifications import notifications_list, notifications_unread_count
from .queries import scenario_can_comment, scenario_can_contribute
from .services import ScenarioError

router = Router(tags=["scénarios"])


class CommentOut(Schema):
    id: int
    auteur: str
    texte: str = Field(description="Markdown (vide une fois supprimé).")
    html: str = Field(description="HTML nettoyé, mentions marquées.")
    etape: int | None
    hypothese: int | None
    parent: int | None
    cree_le: str
    modifie_le: str | None
    supprime: str = Field(description="« Commentaire supprimé », « … retiré par l'animation » "
                                      "ou vide.")
    reponses: list["CommentOut"] = []


class CommentIn(Schema):
    texte: str = Field(max_length=MAX_LENGTH)
    etape: int | None = None
    hypothese: int | None = None
    parent: int | None = None


class CommentChangeIn(Schema):
    texte: str = Field(max_length=MAX_LENGTH)


class HypothesisIn(Schema):
    enonce: str
    etapes: list[int] = []
    indicateurs: list[str] = Field([], description="Identifiants (slug) des indicateurs.")
    jeux_de_donnees: list[int] = []
    autres_elements: str = Field("", max_length=MAX_LENGTH)


class HistoryOut(Schema):
    date: str
    par: str
    ancien: str
    nouveau: str
    raison: str


class HypothesisOut(Schema):
    id: int
    enonce: str
    statut: str
    statut_libelle: str
    historique: list[HistoryOut]


class StatusIn(Schema):
    statut: str = Field(description="a_verifier, confirmee, infirmee ou abandonnee.")
    raison: str


class NotificationOut(Schema):
    id: int
    type: str
    texte: str
    lien: str
    scenario: str
    cree_le: str
    lue: bool


class NotificationsOut(Schema):
    non_lues: int
    notifications: list[NotificationOut]


def _comment_out(view) -> dict:
    c = view.comment
    return {"id": c.pk, "auteur": view.author, "texte": c.body, "html": str(view.html),
            "etape": c.step_id, "hypothese": c.hypothesis_id, "parent": c.parent_id,
            "cree_le": c.created_at.isoformat(),
            "modifie_le": c.edited_at.isoformat() if c.edited_at else None,
            "supprime": view.deleted_label, "reponses": [_comment_out(r) for r in view.replies]}


def _single(comment) -> dict:
    view = discussion.CommentView(comment=comment, html=discussion.comment_html(comment),
                                  author=comment.display_name,
                                  deleted_label=discussion.deleted_label(comment),
                                  can_edit=False, can_delete=False, can_reply=False)
    return _comment_out(view)


@router.get("{slug}/commentaires", response={200: list[CommentOut], 404: ErrorOut},
            url_name="scenario_comments", summary="Les discussions d'un scénario")
def comments(request: HttpRequest, slug: str):
    """Every thread of the scenario: steps in order, then hypotheses."""
    scenario = readable(request, slug)
    threads = []
    for step in scenario.steps.order_by("position"):
        threads += discussion.thread(user=request.user, step=step)
    for hypothesis in hypotheses.hypothesis_list(scenario):
        threads += discussion.thread(user=request.user, hypothesis=hypothesis)
    return [_comment_out(view) for view in threads]


def _target(scenario: Scenario, body: CommentIn) -> dict:
    target = {}
    if body.etape is not None:
        target["step"] = scenario.steps.filter(pk=body.etape).first()
        if target["step"] is None:
            raise HttpError(404, "Étape introuvable.")
    if body.hypothese is not None:
        target["hypothesis"] = hypotheses.hypothesis_get(scenario=scenario, pk=body.hypothese)
        if target["hypothesis"] is None:
            raise HttpError(404, "Hypothèse introuvable.")
    if body.parent is not None:
        target["parent"] = discussion.comment_get(scenario=scenario, pk=body.parent)
        if target["parent"] is None:
            raise HttpError(404, "Commentaire introuvable.")
    return target


@router.post("{slug}/commentaires", response={201: CommentOut, 400: ErrorOut, 403: ErrorOut,
                                               404: ErrorOut},
             url_name="scenario_comment_add", summary="Commenter une étape ou une hypothèse")
def comment_new(request: HttpRequest, slug: str, body: CommentIn):
    scenario = readable(request, slug)
    if not scenario_can_comment(request.user, scenario):
        raise HttpError(403, "Seuls les membres d'un groupe commentent les scénarios.")
    try:
        comment = discussion.comment_add(scenario=scenario, author=request.user,
                                         body=body.texte, **_target(scenario, body))
    except ScenarioError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _single(comment))


def _comment(request: HttpRequest, slug: str, comment_id: int):
    scenario = readable(request, slug)
    comment = discussion.comment_get(scenario=scenario, pk=comment_id)
    if comment is None:
        raise HttpError(404, "Commentaire introuvable.")
    return comment


@router.patch("{slug}/commentaires/{comment_id}",
              response={200: CommentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
              url_name="scenario_comment_update", summary="Modifier son commentaire")
def comment_change(request: HttpRequest, slug: str, comment_id: int, body: CommentChangeIn):
    comment = _comment(request, slug, comment_id)
    try:
        discussion.comment_edit(comment=comment, body=body.texte, by=request.user)
    except discussion.NotAllowed as error:
        raise HttpError(403, str(error)) from None
    except ScenarioError as error:
        raise HttpError(400, str(error)) from None
    return _single(comment)


@router.delete("{slug}/commentaires/{comment_id}",
               response={204: None, 403: ErrorOut, 404: ErrorOut},
               url_name="scenario_comment_delete", summary="Supprimer un commentaire")
def comment_remove(request: HttpRequest, slug: str, comment_id: int):
    comment = _comment(request, slug, comment_id)
    try:
        discussion.comment_delete(comment=comment, by=request.user)
    except discussion.NotAllowed as error:
        raise HttpError(403, str(error)) from None
    return Status(204, None)


def _hypothesis_out(hypothesis) -> dict:
    history = [{"date": row.at.isoformat(), "par": row.who, "ancien": row.old,
                "nouveau": row.new, "raison": row.reason}
               for row in hypotheses.status_history(hypothesis, with_names=True)]
    return {"id": hypothesis.pk, "enonce": hypothesis.statement, "statut": hypothesis.status,
            "statut_libelle": hypothesis.get_status_display(), "historique": history}


def _contributable(request: HttpRequest, slug: str) -> Scenario:
    scenario = readable(request, slug)
    if not scenario_can_contribute(request.user, scenario):
        raise HttpError(403, "Seuls les membres du groupe du scénario formulent des "
                             "hypothèses et changent leur statut.")
    return scenario


@router.post("{slug}/hypotheses", response={201: HypothesisOut, 400: ErrorOut, 403: ErrorOut,
                                             404: ErrorOut},
             url_name="scenario_hypothesis_add", summary="Formuler une hypothèse")
def hypothesis_new(request: HttpRequest, slug: str, body: HypothesisIn):
    scenario = _contributable(request, slug)
    try:
        hypothesis = hypotheses.hypothesis_add(
            scenario=scenario, statement=body.enonce, by=request.user, step_ids=body.etapes,
            indicators=body.indicateurs, dataset_ids=body.jeux_de_donnees,
            evidence_note=body.autres_elements)
    except ScenarioError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _hypothesis_out(hypothesis))


@router.post("{slug}/hypotheses/{hypothesis_id}/statut",
             response={200: HypothesisOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             url_name="scenario_hypothesis_status", summary="Changer le statut d'une hypothèse")
def hypothesis_status(request: HttpRequest, slug: str, hypothesis_id: int, body: StatusIn):
    scenario = _contributable(request, slug)
    hypothesis = hypotheses.hypothesis_get(scenario=scenario, pk=hypothesis_id)
    if hypothesis is None:
        raise HttpError(404, "Hypothèse introuvable.")
    try:
        hypotheses.hypothesis_set_status(hypothesis=hypothesis, status=body.statut,
                                         reason=body.raison, by=request.user)
    except ScenarioError as error:
        raise HttpError(400, str(error)) from None
    return _hypothesis_out(hypothesis)


@router.get("notifications", response=NotificationsOut, url_name="notifications_list",
            summary="Mes notifications")
def notifications(request: HttpRequest):
    rows = [{"id": n.pk, "type": n.kind, "texte": n.text, "lien": n.url,
             "scenario": n.scenario.slug, "cree_le": n.created_at.isoformat(),
             "lue": n.read_at is not None} for n in notifications_list(request.user)]
    return {"non_lues": notifications_unread_count(request.user), "notifications": rows}
