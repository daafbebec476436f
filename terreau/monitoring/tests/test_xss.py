"""What members type in the monitoring and the actions (sessions and their minutes, names
of guests, interview notes, targets, actions, evaluation rounds, levers and obstacles) is
shown inert: classic XSS payloads run nothing on their pages."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from terreau.actions.models import Action, EvaluationRound, Factor, Task, Verdict
from terreau.monitoring.models import Interview, Target, WorkSession
from terreau.scenarios.models import Hypothesis, Scenario
from terreau.scenarios.tests.test_xss_payloads import PAYLOADS, active_content

from .factories import person_make, session_make

pytestmark = pytest.mark.django_db
COUNT = 12  # each object carries a different payload in each of its texts


def _payload(n: int, k: int = 0) -> str:
    return PAYLOADS[(n + k) % len(PAYLOADS)]


@pytest.fixture
def hostile(group, fanny, people):
    sessions, actions = [], []
    scenario = Scenario.objects.create(slug="s", title=_payload(0), group=group, author=fanny,
                                       visibility="group")
    for n in range(COUNT):
        guest = person_make(group, _payload(n)[:200], structure=_payload(n, 1)[:300],
                            mission=_payload(n, 2)[:300])
        session = session_make(group, datetime.date(2025, 5, 1 + n), title=_payload(n, 3)[:300],
                               people=[people["mehdi"]], guests=[guest], inhabitants=2)
        WorkSession.objects.filter(pk=session.pk).update(
            place=_payload(n, 4)[:300], agenda=_payload(n, 5), minutes=_payload(n, 6),
            decisions=_payload(n, 7))
        sessions.append(session)
        Interview.objects.create(group=group, date=datetime.date(2025, 6, 1 + n),
                                 person_kind="habitant", interviewer=fanny,
                                 structure=_payload(n)[:300], topic=_payload(n, 1)[:300],
                                 notes=_payload(n, 2))
        Target.objects.create(group=group, year=1, label=_payload(n)[:300],
                              unit=_payload(n, 1)[:60], value=Decimal(5), metric="saisie",
                              done_typed=Decimal(1), done_note=_payload(n, 2))
        hypothesis = Hypothesis.objects.create(scenario=scenario, statement=_payload(n, 3),
                                               created_by=fanny)
        action = Action.objects.create(group=group, slug=f"action-{n}", title=_payload(n)[:200],
                                       aim=_payload(n, 1), leader=_payload(n, 2)[:300],
                                       inhabitants_role=_payload(n, 3), created_by=fanny,
                                       starts_on=datetime.date(2025, 5, 1))
        action.hypotheses.add(hypothesis)
        Task.objects.create(action=action, title=_payload(n, 4)[:300], assignee=fanny,
                            due_on=datetime.date(2025, 7, 1))
        round_ = EvaluationRound.objects.create(
            action=action, number=1, held_on=datetime.date(2025, 9, 1),
            what_happened=_payload(n, 5), decision="adapter", decision_note=_payload(n, 6),
            improvements=_payload(n, 7))
        Factor.objects.create(round=round_, kind="levier", text=_payload(n, 8))
        Factor.objects.create(round=round_, kind="frein", text=_payload(n, 9))
        Verdict.objects.create(round=round_, hypothesis=hypothesis, new_status="confirmee",
                               reason=_payload(n, 10))
        actions.append(action)
    return sessions, actions


def test_no_monitoring_or_action_page_runs_what_members_typed(client, group, fanny, hostile):
    sessions, actions = hostile
    client.force_login(fanny)
    slug = group.slug
    pages = [reverse("monitoring:index"), reverse("monitoring:dashboard", args=[slug]),
             reverse("monitoring:project"), reverse("monitoring:sessions", args=[slug]),
             reverse("monitoring:people", args=[slug]),
             reverse("monitoring:interviews", args=[slug]),
             reverse("monitoring:targets", args=[slug]),
             reverse("monitoring:report", args=[slug, 1]) + "?noms=1",
             reverse("monitoring:project_report", args=[1]),
             reverse("actions:list"), reverse("actions:register")]
    for session in sessions:
        pages += [reverse("monitoring:session_detail", args=[slug, session.pk]),
                  reverse("monitoring:attendance", args=[slug, session.pk])]
    for interview in Interview.objects.all():
        pages.append(reverse("monitoring:interview_detail", args=[slug, interview.pk]))
    for action in actions:
        pages += [reverse("actions:detail", args=[action.slug]),
                  reverse("actions:round_detail", args=[action.slug, 1])]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert active_content(response.content.decode()) == [], url
    page = client.get(reverse("monitoring:session_detail", args=[slug, sessions[0].pk]))
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page.content.decode()
