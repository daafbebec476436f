"""The recent activity of a group: what happened in the scenarios of the group that the
reader may see (new scenarios and steps, hypotheses, status changes, comments, meetings).

Each kind of event is one query (bounded by `limit`); the events are merged newest first.
Deleted comments are left out, and a comment shows only a plain excerpt of its text.
"""

from dataclasses import dataclass
from datetime import datetime

from terreau.accounts.models import TerritorialGroup
from terreau.core.markdown import plain_excerpt

from .models import Comment, Hypothesis, Meeting, Scenario, StatusChange, Step
from .notifications import person_name
from .queries import scenario_list_visible


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: str
    sentence: str  # "a ajouté l'étape 2 « Les revenus » au scénario « … »"
    url: str
    excerpt: str = ""
    kind: str = ""


def _title(scenario: Scenario) -> str:
    return f"« {scenario.title} »"


def _scenarios(scenarios) -> list[Event]:
    return [Event(s.created_at, person_name(s.author), f"a créé le scénario {_title(s)}",
                  s.get_absolute_url(), kind="scenario") for s in scenarios]


def _steps(steps) -> list[Event]:
    return [Event(s.created_at, person_name(s.created_by),
                  f"a ajouté l'étape {s.position} « {s.title} » au scénario "
                  f"{_title(s.scenario)}", f"{s.scenario.get_absolute_url()}#{s.anchor}",
                  kind="step") for s in steps]


def _hypothesis_url(hypothesis: Hypothesis) -> str:
    return f"{hypothesis.scenario.get_absolute_url()}#{hypothesis.anchor}"


def _changes(changes) -> list[Event]:
    events = []
    for c in changes:
        statement = plain_excerpt(c.hypothesis.statement, 120)
        if not c.old_status:
            sentence = f"a formulé une hypothèse dans {_title(c.hypothesis.scenario)}"
            events.append(Event(c.at, person_name(c.by), sentence, _hypothesis_url(c.hypothesis),
                                statement, kind="hypothesis"))
            continue
        sentence = (f"a changé le statut d'une hypothèse de {_title(c.hypothesis.scenario)} : "
                    f"{c.get_old_status_display()} → {c.get_new_status_display()}")
        events.append(Event(c.at, person_name(c.by), sentence, _hypothesis_url(c.hypothesis),
                            f"{statement} — {plain_excerpt(c.reason, 160)}", kind="status"))
    return events


def _comments(comments) -> list[Event]:
    events = []
    for c in comments:
        where = (f"l'étape {c.step.position}" if c.step_id else "une hypothèse")
        events.append(Event(c.created_at, c.display_name,
                            f"a commenté {where} de {_title(c.scenario)}",
                            f"{c.scenario.get_absolute_url()}#commentaire-{c.pk}",
                            plain_excerpt(c.body, 160), kind="comment"))
    return events


def _meetings(meetings) -> list[Event]:
    return [Event(m.started_at, person_name(m.started_by),
                  f"a animé une réunion sur {_title(m.scenario)}", m.scenario.get_absolute_url(),
                  kind="meeting") for m in meetings]


def group_activity(group: TerritorialGroup, user, limit: int = 50) -> list[Event]:
    """The last `limit` events of the group's scenarios visible to `user`, newest first."""
    visible = scenario_list_visible(user).filter(group=group)
    ids = visible.values("pk")
    events = _scenarios(visible.order_by("-created_at")[:limit])
    events += _steps(Step.objects.filter(scenario__in=ids)
                     .select_related("scenario", "created_by").order_by("-created_at")[:limit])
    events += _changes(StatusChange.objects.filter(hypothesis__scenario__in=ids)
                       .select_related("hypothesis__scenario", "by").order_by("-at")[:limit])
    events += _comments(Comment.objects.filter(scenario__in=ids, deleted_at=None)
                        .select_related("scenario", "step", "author")
                        .order_by("-created_at")[:limit])
    events += _meetings(Meeting.objects.filter(scenario__in=ids)
                        .select_related("scenario", "started_by").order_by("-started_at")[:limit])
    events.sort(key=lambda e: e.at, reverse=True)
    return events[:limit]
