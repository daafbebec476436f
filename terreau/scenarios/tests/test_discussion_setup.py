"""Fixtures of the discussion tests (hypotheses, comments, notifications, XSS): a group
scenario of tours-insertion with two steps, its author Mehdi and other people."""

import pytest

from terreau.indicators.tests.factories import user_make
from terreau.scenarios.models import Step
from terreau.scenarios.services import scenario_create

__all__ = ["fanny", "mehdi", "olga", "sarah", "scenario", "step1", "with_email"]


def with_email(user, first_name=""):
    user.email = f"{user.username}@example.org"
    user.first_name = first_name
    user.save()
    return user


@pytest.fixture
def mehdi(tours_member):
    return with_email(tours_member, "Mehdi")


@pytest.fixture
def sarah(tours_group):
    """Another member of tours-insertion (an identifier with a dot)."""
    return with_email(user_make("sarah.benali", group=tours_group), "Sarah")


@pytest.fixture
def fanny(tours_group):
    """The facilitator of tours-insertion (moderates its comments)."""
    return with_email(user_make("fanny", group=tours_group, role="facilitator"), "Fanny")


@pytest.fixture
def olga(outsider):
    """A member of another group: the group scenario is not visible to her."""
    return with_email(outsider, "Olga")


@pytest.fixture
def scenario(tours_group, mehdi):
    """A group scenario with two steps (stored as they are; the views are not computed)."""
    scenario = scenario_create(title="Chômage à Tours", group=tours_group, author=mehdi,
                               question="Où le chômage pèse-t-il le plus ?")
    for position, title in ((1, "Le chômage par commune"), (2, "Les revenus")):
        Step.objects.create(scenario=scenario, position=position, title=title,
                            query="indicateur=chomage&niveau=commune", created_by=mehdi)
    return scenario


@pytest.fixture
def step1(scenario):
    return scenario.steps.get(position=1)
