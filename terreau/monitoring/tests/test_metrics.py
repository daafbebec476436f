"""Realisations counted from the application's data, over the target's year and group."""

from datetime import date
from decimal import Decimal

import pytest

from terreau.monitoring.choices import Metric, SessionType
from terreau.monitoring.metrics import realisation
from terreau.monitoring.models import GroupCalendar, Interview, Target

from .factories import session_make

pytestmark = pytest.mark.django_db


def target(group, metric, year=1, **fields):
    return Target.objects.create(group=group, year=year, label="Objectif", unit="u",
                                 value=Decimal(10), metric=metric, **fields)


def test_sessions_metrics_count_the_targets_year_only(group, people):
    session_make(group, date(2025, 5, 1), hours=3, people=[people["fanny"], people["lea"]])
    session_make(group, date(2026, 5, 1), hours=3, people=[people["fanny"]])
    session_make(group, date(2025, 9, 1), hours=7, type=SessionType.TRAINING,
                 people=[people["mehdi"]], inhabitants=2)
    assert realisation(target(group, Metric.SESSIONS)) == 2
    assert realisation(target(group, Metric.PERSON_HOURS)) == 6 + 21
    assert realisation(target(group, Metric.PERSON_DAYS)) == round(27 / 7, 2)
    assert realisation(target(group, Metric.PARTICIPANTS)) == 3
    assert realisation(target(group, Metric.INHABITANTS)) == 2
    assert realisation(target(group, Metric.TRAINED)) == 1
    assert realisation(target(group, Metric.SESSIONS, year=None)) == 3
    typed = target(group, Metric.SESSIONS, session_type=SessionType.TRAINING)
    assert realisation(typed) == 1


def test_a_group_that_started_later_counts_on_its_own_years(group, people):
    GroupCalendar.objects.create(group=group, offset_years=1)
    session_make(group, date(2025, 5, 1), people=[people["fanny"]])
    session_make(group, date(2026, 5, 1), people=[people["fanny"]])
    assert realisation(target(group, Metric.SESSIONS)) == 1
    assert realisation(target(group, Metric.SESSIONS, year=3)) == 0


def test_an_instance_target_counts_every_group(group, other_group, people):
    session_make(group, date(2025, 5, 1), people=[people["fanny"]])
    session_make(other_group, date(2025, 6, 1), inhabitants=3)
    assert realisation(target(None, Metric.SESSIONS)) == 2
    assert realisation(target(None, Metric.INHABITANTS)) == 3


def test_interviews_are_counted_and_typed_targets_read_what_was_typed(group):
    Interview.objects.create(group=group, date=date(2025, 10, 2), person_kind="habitant")
    assert realisation(target(group, Metric.INTERVIEWS)) == 1
    typed = target(group, Metric.TYPED)
    assert realisation(typed) is None
    typed.done_typed = Decimal("2.5")
    assert realisation(typed) == 2.5
