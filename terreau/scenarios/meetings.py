"""Meeting mode: a scenario projected in a room, followed and voted on from phones.

A facilitator starts a meeting and gets a short code; anyone in the room joins with it (no
account needed) under a first name or a pseudonym, follows the projected step, votes on the
hypotheses and comments. The raw participant token lives only in the joiner's session; the
database keeps its sha256. Votes and comments stay with the scenario, dated by the meeting.

A scenario has at most one open meeting: starting a new one ends the one still open (the
facilitator who closed the projector tab without ending it starts afresh; phones of the old
meeting then read "réunion terminée"). The reader offers to resume an open meeting instead.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from terreau.core.markdown import render_markdown

from .choices import VoteChoice
from .models import Comment, Hypothesis, Meeting, Participant, Scenario, Step, Vote
from .queries import scenario_can_edit
from .services import ScenarioError

# No 0/O, 1/I/L: a code read on a wall projection must not be misread. 31 characters.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
NAME_MAX = 80
SESSION_KEY = "terreau_meetings"  # {meeting pk: raw token} in the participant's session

UNKNOWN_CODE = "Ce code ne correspond à aucune réunion en cours."
MEETING_ENDED = "Cette réunion est terminée."


class MeetingError(ScenarioError):
    """A meeting action refused (French message)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def code_normalize(code: str) -> str:
    """The code as typed on a phone ("abc 234", "abc-234") in its stored form."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:CODE_LENGTH + 2]


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def meeting_open_for(scenario: Scenario) -> Meeting | None:
    return scenario.meetings.filter(ended_at=None).first()


def meeting_start(*, scenario: Scenario, user) -> Meeting:
    """Start a meeting (ending the scenario's open one); its code is unique among open ones."""
    if not scenario_can_edit(user, scenario):
        raise MeetingError("Seules les personnes qui modifient ce scénario lancent une réunion.")
    for _ in range(20):
        try:
            with transaction.atomic():
                scenario.meetings.filter(ended_at=None).update(ended_at=timezone.now())
                return Meeting.objects.create(scenario=scenario, code=_new_code(),
                                              started_by=user)
        except IntegrityError:  # the code is taken by another open meeting: draw again
            continue
    raise MeetingError("Impossible de trouver un code libre, réessayez.")


def meeting_set_step(*, meeting: Meeting, position: int) -> Meeting:
    if not meeting.is_open:
        raise MeetingError(MEETING_ENDED)
    count = meeting.scenario.steps.count()
    meeting.current_position = max(1, min(int(position), max(count, 1)))
    meeting.save(update_fields=["current_position"])
    return meeting


def meeting_end(*, meeting: Meeting) -> Meeting:
    if meeting.is_open:
        meeting.ended_at = timezone.now()
        meeting.save(update_fields=["ended_at"])
    return meeting


def meeting_get_open(code: str) -> Meeting | None:
    code = code_normalize(code)
    if len(code) != CODE_LENGTH:
        return None
    return (Meeting.objects.select_related("scenario").filter(code=code, ended_at=None)
            .first())


def meeting_join(*, code: str, name: str, user=None) -> tuple[Participant, str]:
    """Join the open meeting of `code`: the participant and the raw token for the session."""
    meeting = meeting_get_open(code)
    if meeting is None:
        raise MeetingError(UNKNOWN_CODE)
    name = " ".join((name or "").split())
    if not name:
        raise MeetingError("Indiquez un prénom ou un pseudonyme.")
    if len(name) > NAME_MAX:
        raise MeetingError(f"Le nom dépasse {NAME_MAX} caractères.")
    token = secrets.token_urlsafe(32)
    signed_in = user is not None and user.is_authenticated
    participant = (meeting.participants.filter(user=user).first() if signed_in else None)
    if participant is None:
        participant = Participant(meeting=meeting, user=user if signed_in else None)
    participant.name = name
    participant.token_hash = _hash(token)
    participant.save()
    return participant, token


def session_remember(session, participant: Participant, token: str) -> None:
    tokens = dict(session.get(SESSION_KEY, {}))
    tokens[str(participant.meeting_id)] = token
    session[SESSION_KEY] = tokens


def participant_from_request(request, meeting: Meeting) -> Participant | None:
    """The participant whose token this browser's session holds for `meeting`, or None."""
    token = request.session.get(SESSION_KEY, {}).get(str(meeting.pk))
    if not token:
        return None
    return meeting.participants.filter(token_hash=_hash(token)).first()


def _require_open(meeting: Meeting) -> None:
    if not meeting.is_open:
        raise MeetingError(MEETING_ENDED)


def vote_cast(*, meeting: Meeting, participant: Participant, hypothesis: Hypothesis,
              choice: str) -> Vote:
    """Record (or change) the participant's vote on a hypothesis while the meeting is open."""
    _require_open(meeting)
    if participant.meeting_id != meeting.pk or hypothesis.scenario_id != meeting.scenario_id:
        raise MeetingError("Cette hypothèse n'est pas celle de la réunion.")
    if choice not in VoteChoice.values:
        raise MeetingError("Choisissez D'accord, Pas d'accord ou Je ne sais pas.")
    vote, _ = Vote.objects.update_or_create(meeting=meeting, hypothesis=hypothesis,
                                            participant=participant,
                                            defaults={"choice": choice})
    return vote


def meeting_comment(*, meeting: Meeting, participant: Participant, body: str,
                    step: Step | None = None, hypothesis: Hypothesis | None = None) -> Comment:
    """A comment made in the room (on the projected step unless told otherwise)."""
    from .discussion import comment_add

    _require_open(meeting)
    scenario = meeting.scenario
    if hypothesis is not None and hypothesis.scenario_id != scenario.pk:
        raise MeetingError("Cette hypothèse n'est pas celle de la réunion.")
    if hypothesis is None:
        step = step or scenario.steps.filter(position=meeting.current_position).first()
        if step is None or step.scenario_id != scenario.pk:
            raise MeetingError("Aucune étape à commenter.")
    user = participant.user
    return comment_add(scenario=scenario, body=body, author=user,
                       author_name="" if user else participant.name,
                       step=None if hypothesis is not None else step,
                       hypothesis=hypothesis, meeting=meeting)


@dataclass(frozen=True)
class HypothesisTally:
    hypothesis: Hypothesis
    pour: int
    contre: int
    ne_sait_pas: int

    @property
    def total(self) -> int:
        return self.pour + self.contre + self.ne_sait_pas

    def share(self, count: int) -> int:
        """Percentage of the votes (for the bars)."""
        return round(100 * count / self.total) if self.total else 0


@dataclass(frozen=True)
class MeetingResults:
    meeting: Meeting
    participants: int
    tallies: list[HypothesisTally]
    comments: int


def meeting_tallies(meeting: Meeting) -> list[HypothesisTally]:
    counts = {choice: Count("votes", filter=Q(votes__meeting=meeting, votes__choice=choice))
              for choice in VoteChoice.values}
    hypotheses = meeting.scenario.hypotheses.order_by("position", "pk").annotate(**counts)
    return [HypothesisTally(h, getattr(h, VoteChoice.AGREE), getattr(h, VoteChoice.DISAGREE),
                            getattr(h, VoteChoice.UNSURE)) for h in hypotheses]


def meeting_comments(meeting: Meeting):
    return (meeting.comments.filter(deleted_at=None).select_related("step", "hypothesis")
            .order_by("created_at", "pk"))


def meeting_results(meeting: Meeting) -> MeetingResults:
    """Votes per hypothesis (pour, contre, ne sait pas), participants and comments made."""
    return MeetingResults(meeting=meeting, participants=meeting.participants.count(),
                          tallies=meeting_tallies(meeting),
                          comments=meeting_comments(meeting).count())


def participant_votes(participant: Participant) -> dict[int, str]:
    """{hypothesis pk: choice} of one participant (their buttons show it)."""
    return dict(participant.votes.values_list("hypothesis_id", "choice"))


# ---- What the phones and the projector poll ---------------------------------------------


def meeting_state(meeting: Meeting, participant: Participant) -> dict:
    """The projected step for a phone: title, narrative (sanitised HTML), hypotheses, own votes.

    No one else's name is in it.
    """
    scenario = meeting.scenario
    step = scenario.steps.filter(position=meeting.current_position).first()
    votes = participant_votes(participant)
    linked = set(step.hypotheses.values_list("pk", flat=True)) if step else set()
    return {
        "code": meeting.code, "ouverte": meeting.is_open, "scenario": scenario.title,
        "position": meeting.current_position, "nombre_etapes": scenario.steps.count(),
        "etape": {"position": step.position, "titre": step.title,
                  "recit_html": render_markdown(step.narrative)} if step else None,
        "hypotheses": [{"id": h.pk, "enonce": h.statement, "statut": h.get_status_display(),
                        "liee": h.pk in linked, "vote": votes.get(h.pk)}
                       for h in scenario.hypotheses.order_by("position", "pk")],
    }


def meeting_tally(meeting: Meeting, *, since: int = 0) -> dict:
    """The projector's live tally: participants, votes per hypothesis, comments after `since`."""
    comments = meeting_comments(meeting).filter(pk__gt=since)
    return {
        "ouverte": meeting.is_open, "participants": meeting.participants.count(),
        "position": meeting.current_position,
        "hypotheses": [{"id": t.hypothesis.pk, "enonce": t.hypothesis.statement,
                        VoteChoice.AGREE: t.pour, VoteChoice.DISAGREE: t.contre,
                        VoteChoice.UNSURE: t.ne_sait_pas, "total": t.total}
                       for t in meeting_tallies(meeting)],
        "commentaires": [{"id": c.pk, "texte_html": render_markdown(c.body),
                          "etape": c.step.position if c.step else None,
                          "hypothese": c.hypothesis_id}
                         for c in comments],
    }
