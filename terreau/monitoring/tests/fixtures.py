"""Fixtures shared by the monitoring and actions tests: a group with its people, the pilot's
project years.

People: `fanny` facilitator of the Tours group, `mehdi` member of it, `olga` member of the
Vierzon group, `camille` signed in without a group, `ada` admin (of the instance).
"""

from datetime import date

import pytest

from terreau.accounts.tests.factories import group_make, user_make
from terreau.core.tests.fixtures import run_cli, shared_data  # noqa: F401
from terreau.monitoring.models import ProjectCalendar
from terreau.monitoring.tests.factories import person_make


@pytest.fixture
def calendar(db):
    """The pilot's calendar: three years from 1 April 2025."""
    return ProjectCalendar.objects.create(name="Projet pilote", first_day=date(2025, 4, 1),
                                          years=3)


@pytest.fixture
def group(db, calendar):
    return group_make("tours-insertion", "Tours — insertion")


@pytest.fixture
def other_group(db):
    return group_make("vierzon-sante", "Vierzon — santé")


@pytest.fixture
def fanny(group):
    return user_make("fanny", group=group, role="facilitator")


@pytest.fixture
def mehdi(group):
    return user_make("mehdi", group=group, role="member")


@pytest.fixture
def olga(other_group):
    return user_make("olga", group=other_group, role="member")


@pytest.fixture
def camille(db):
    return user_make("camille")


@pytest.fixture
def ada(other_group):
    return user_make("ada", group=other_group, role="admin")


@pytest.fixture
def people(group, fanny, mehdi):
    """Fanny and Mehdi in the group's register, plus a guest from a partner structure."""
    return {
        "fanny": person_make(group, "Fanny Martin", structure="Centre social Pluriel",
                             mission="Animatrice", user=fanny),
        "mehdi": person_make(group, "Mehdi Benali", structure="Mission locale",
                             mission="Conseiller", user=mehdi),
        "lea": person_make(group, "Léa Durand", structure="CCAS de Tours",
                           mission="Travailleuse sociale"),
    }
