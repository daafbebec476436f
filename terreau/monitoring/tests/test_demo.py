"""The demo's monitoring of the Tours group: loads, loads nothing twice, the year-1 figures
are counted from its sessions, the action has one concluded round."""

from datetime import date

from terreau.accounts.tests.factories import group_make, user_make
from terreau.actions.models import Action
from terreau.monitoring.demo import ACTION_SLUG, SESSIONS, TARGETS, demo_monitoring_load
from terreau.monitoring.metrics import realisation
from terreau.monitoring.models import (
    Interview,
    Person,
    ProjectCalendar,
    Target,
    WorkSession,
)
from terreau.monitoring.queries import sessions_in_year
from terreau.monitoring.tally import tally


def _demo_accounts(group):
    user_make("animateur", group=group, role="facilitator")
    user_make("membre", group=group)


def _counts():
    return (WorkSession.objects.count(), Person.objects.count(), Target.objects.count(),
            Interview.objects.count(), Action.objects.count(),
            ProjectCalendar.objects.count())


def test_loads_once_and_counts_year_one(group):
    _demo_accounts(group)
    line = demo_monitoring_load()
    assert "chargé" in line
    first = _counts()
    assert first[0] == len(SESSIONS) and first[2] == len(TARGETS)
    assert "déjà présent" in demo_monitoring_load()
    assert _counts() == first
    figures = tally(sessions_in_year(group, 1))
    assert figures.sessions == len(SESSIONS)
    assert figures.participants > 0 and figures.person_hours > 0 and figures.inhabitants > 0
    assert figures.by_type["formation"]["sessions"] == 2
    assert all("(exemple)" in s.title and s.is_example for s in WorkSession.objects.all())
    assert all("(exemple)" in t.label and t.is_example for t in Target.objects.all())


def test_the_action_has_one_concluded_round(group):
    _demo_accounts(group)
    demo_monitoring_load()
    action = Action.objects.get(slug=ACTION_SLUG)
    assert action.is_example and action.group == group and "(exemple)" in action.title
    assert action.tasks.count() == 2
    rounds = list(action.rounds.all())
    assert len(rounds) == 1 and rounds[0].concluded_at is not None
    assert rounds[0].decision == "adapter"
    assert {factor.kind for factor in rounds[0].factors.all()} == {"levier", "frein"}
    assert action.sessions.count() == 1


def test_targets_are_counted_by_the_application(group):
    _demo_accounts(group)
    demo_monitoring_load()
    trained = Target.objects.get(year=1, metric="formes")
    assert realisation(trained) > 0
    interviews = Target.objects.get(year=1, metric="entretiens")
    assert realisation(interviews) == 4


def test_creates_the_pilot_calendar_when_there_is_none(db):
    group = group_make("tours-insertion", "Tours — insertion")
    _demo_accounts(group)
    demo_monitoring_load()
    calendar = ProjectCalendar.objects.get()
    assert calendar.first_day == date(2025, 4, 1) and calendar.years == 3


def test_without_the_group_it_says_so(db):
    assert "absent" in demo_monitoring_load()
    assert not WorkSession.objects.exists()
