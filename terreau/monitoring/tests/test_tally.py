"""The counting rules of sessions, in the database."""

from datetime import date

import pytest

from terreau.monitoring.choices import SessionType
from terreau.monitoring.models import Person, WorkSession
from terreau.monitoring.queries import sessions_in_year
from terreau.monitoring.tally import tally

from .factories import session_make

pytestmark = pytest.mark.django_db


def test_a_person_at_two_sessions_counts_once_as_participant_and_twice_in_hours(group, people):
    fanny = people["fanny"]
    session_make(group, date(2025, 5, 1), hours=3, people=[fanny])
    session_make(group, date(2025, 6, 1), hours=3, people=[fanny])
    figures = tally(WorkSession.objects.filter(group=group))
    assert figures.sessions == 2
    assert figures.participants == 1
    assert figures.person_hours == 6.0


def test_inhabitants_count_in_hours_but_not_as_participants(group, people):
    session_make(group, date(2025, 5, 1), hours=2, people=[people["fanny"]],
                 guests=[people["lea"]], inhabitants=4, type=SessionType.LOCAL_PRESENTATION)
    figures = tally(WorkSession.objects.filter(group=group))
    assert (figures.participants, figures.inhabitants, figures.presences) == (2, 4, 6)
    assert figures.person_hours == 12.0
    assert figures.by_type == {"restitution_locale": {"sessions": 1, "person_hours": 12.0,
                                                      "participants": 2}}
    assert figures.by_kind["habitant"] == {"presences": 4, "person_hours": 8.0}


def test_an_erased_person_still_counts_once(group, people):
    lea = people["lea"]
    session_make(group, date(2025, 5, 1), people=[lea])
    session_make(group, date(2025, 6, 1), people=[lea])
    Person.objects.filter(pk=lea.pk).delete()  # the rows lose their link, not their key
    assert tally(WorkSession.objects.filter(group=group)).participants == 1


def test_the_year_of_a_session_on_31_march_is_the_one_that_ends(group, people):
    session_make(group, date(2026, 3, 31), people=[people["fanny"]])
    session_make(group, date(2026, 4, 1), people=[people["fanny"]])
    assert tally(sessions_in_year(group, 1)).sessions == 1
    assert tally(sessions_in_year(group, 2)).sessions == 1
    assert tally(sessions_in_year(group, None)).sessions == 2


def test_no_session_gives_zeros(group):
    assert tally(WorkSession.objects.filter(group=group)).as_dict() == {
        "sessions": 0, "person_hours": 0.0, "participants": 0, "inhabitants": 0,
        "presences": 0, "by_type": {}, "by_kind": {}}
