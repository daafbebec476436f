"""API: meeting state (followed by phones and the projector), votes, comments, copies.

A participant is recognised by the token their session holds (meetings.py): those routes take
no account (`auth=None`) and check the CSRF token themselves, as ninja does for sessions.
Changing the projected step and reading the tally are for the scenario's editors.
"""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.utils import check_csrf

from terreau.accounts.models import TerritorialGroup

from .meetings import (
    SESSION_KEY,
    code_normalize,
    meeting_comment,
    meeting_set_step,
    meeting_state,
    meeting_tally,
    participant_from_request,
    vote_cast,
)
from .models import Meeting, Scenario
from .queries import groups_for_new_scenario, scenario_can_edit, scenario_get_visible
from .services import ScenarioError
from .sharing import scenario_copy

router = Router(tags=["scénarios"])

NOT_JOINED = "Rejoignez d'abord la réunion avec son code."


class VoteIn(Schema):
    hypothese: int = Field(description="Identifiant de l'hypothèse.")
    choix: str = Field(description="pour, contre ou ne_sait_pas.")


class CommentIn(Schema):
    texte: str = Field(description="Le commentaire (Markdown).")
    etape: int | None = Field(None, description="Position de l'étape ; défaut : l'étape "
                                                "projetée.")
    hypothese: int | None = Field(None, description="Ou l'identifiant d'une hypothèse.")


class PositionIn(Schema):
    position: int = Field(description="Position de l'étape projetée (1, 2…).")


class CopyIn(Schema):
    groupe: str = Field(description="Identifiant du groupe qui reçoit la copie.")
    dans: str = Field(description="Le territoire de la copie (valeur de `dans`).")
    titre: str = Field("", description="Titre ; défaut : le titre d'origine et le territoire.")


def _joined(request: HttpRequest, code: str):
    """The meeting of `code` this session joined (latest first) and its participant."""
    ids = [int(pk) for pk in request.session.get(SESSION_KEY, {}) if pk.isdigit()]
    meeting = (Meeting.objects.select_related("scenario")
               .filter(code=code_normalize(code), pk__in=ids).order_by("-started_at").first())
    participant = participant_from_request(request, meeting) if meeting else None
    if participant is None:
        raise HttpError(403, NOT_JOINED)
    return meeting, participant


def _csrf(request: HttpRequest) -> None:
    if check_csrf(request) is not None:
        raise HttpError(403, "Jeton CSRF manquant ou invalide : rechargez la page.")


@router.get("reunions/{code}", auth=None, url_name="meeting_state",
            summary="État d'une réunion pour un·e participant·e")
def meeting_state_api(request: HttpRequest, code: str):
    meeting, participant = _joined(request, code)
    return meeting_state(meeting, participant)


@router.post("reunions/{code}/votes", auth=None, url_name="meeting_vote",
             summary="Voter sur une hypothèse (le vote se change tant que la réunion dure)")
def meeting_vote_api(request: HttpRequest, code: str, payload: VoteIn):
    _csrf(request)
    meeting, participant = _joined(request, code)
    hypothesis = meeting.scenario.hypotheses.filter(pk=payload.hypothese).first()
    if hypothesis is None:
        raise HttpError(404, "Hypothèse introuvable.")
    try:
        vote = vote_cast(meeting=meeting, participant=participant, hypothesis=hypothesis,
                         choice=payload.choix)
    except ScenarioError as error:
        raise HttpError(400, str(error)) from error
    return {"hypothese": hypothesis.pk, "vote": vote.choice}


@router.post("reunions/{code}/commentaires", auth=None, url_name="meeting_comment",
             response={201: dict}, summary="Commenter l'étape projetée (ou une hypothèse)")
def meeting_comment_api(request: HttpRequest, code: str, payload: CommentIn):
    _csrf(request)
    meeting, participant = _joined(request, code)
    scenario = meeting.scenario
    step = scenario.steps.filter(position=payload.etape).first() if payload.etape else None
    hypothesis = (scenario.hypotheses.filter(pk=payload.hypothese).first()
                  if payload.hypothese else None)
    if (payload.etape and step is None) or (payload.hypothese and hypothesis is None):
        raise HttpError(404, "Étape ou hypothèse introuvable.")
    try:
        comment = meeting_comment(meeting=meeting, participant=participant, body=payload.texte,
                                  step=step, hypothesis=hypothesis)
    except ScenarioError as error:
        raise HttpError(400, str(error)) from error
    return Status(201, {"id": comment.pk})


def _editable_meeting(request: HttpRequest, slug: str, pk: int) -> Meeting:
    scenario = scenario_get_visible(slug=slug, user=request.user)
    meeting = scenario.meetings.filter(pk=pk).first() if scenario else None
    if meeting is None:
        raise HttpError(404, "Réunion introuvable.")
    if not scenario_can_edit(request.user, scenario):
        raise HttpError(403, "Seules les personnes qui modifient ce scénario mènent la réunion.")
    return meeting


@router.post("{slug}/reunions/{pk}/etape", url_name="meeting_step",
             summary="Changer l'étape projetée")
def meeting_step_api(request: HttpRequest, slug: str, pk: int, payload: PositionIn):
    meeting = _editable_meeting(request, slug, pk)
    try:
        meeting_set_step(meeting=meeting, position=payload.position)
    except ScenarioError as error:
        raise HttpError(400, str(error)) from error
    return {"position": meeting.current_position}


@router.get("{slug}/reunions/{pk}/decompte", url_name="meeting_tally",
            summary="Participant·es, votes par hypothèse et nouveaux commentaires")
def meeting_tally_api(request: HttpRequest, slug: str, pk: int, depuis: int = 0):
    return meeting_tally(_editable_meeting(request, slug, pk), since=depuis)


@router.post("{slug}/copie", url_name="scenario_copy", response={201: dict},
             summary="Adapter un scénario à son territoire (copie dans un de ses groupes)")
def scenario_copy_api(request: HttpRequest, slug: str, payload: CopyIn):
    source: Scenario | None = scenario_get_visible(slug=slug, user=request.user)
    if source is None:
        raise HttpError(404, "Scénario introuvable.")
    group: TerritorialGroup | None = (groups_for_new_scenario(request.user)
                                      .filter(slug=payload.groupe).first())
    if group is None:
        raise HttpError(403, "Choisissez un de vos groupes.")
    try:
        copy = scenario_copy(source=source, group=group, within=payload.dans,
                             user=request.user, title=payload.titre)
    except ScenarioError as error:
        raise HttpError(400, str(error)) from error
    return Status(201, {"slug": copy.slug, "titre": copy.title,
                        "url": copy.get_absolute_url(), "credit": copy.credit})
