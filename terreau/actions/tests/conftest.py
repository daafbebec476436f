"""Fixtures of the actions tests: the monitoring's people and calendar, a scenario with a
hypothesis the action tests."""

import pytest

from terreau.monitoring.tests.fixtures import *  # noqa: F403
from terreau.scenarios.models import Hypothesis, Scenario


@pytest.fixture
def scenario(group, fanny):
    return Scenario.objects.create(slug="chomage-nord", title="Le chômage au nord de Tours",
                                   group=group, author=fanny, visibility="group")


@pytest.fixture
def hypothesis(scenario, fanny):
    return Hypothesis.objects.create(scenario=scenario, created_by=fanny,
                                     statement="Les jeunes du nord ne connaissent pas la "
                                               "Mission locale.")
