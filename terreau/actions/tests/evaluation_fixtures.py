"""Fixtures of the evaluation tests: an action of the Tours group on the commune of Tours that
tests the scenario's hypothesis, and the real population indicator (INSEE comparateur, 2013
and 2018) it watches. Import them in a test module: `from .evaluation_fixtures import *`."""

from datetime import date

import pytest

from terreau.actions.models import Action
from terreau.indicators.services import indicator_create
from terreau.indicators.tests.factories import comparateur_read, dataset_make
from terreau.territory.models import Zone

TOURS = "37261"


@pytest.fixture
def tours(cvl_zones):
    return Zone.objects.get(level="commune", code=TOURS)


@pytest.fixture
def population(cvl_zones, data_dir, fanny):
    """Population of the communes (open data): periods 2013 and 2018."""
    dataset_make(data_dir)
    return indicator_create(slug="population", label="Population", unit="habitants",
                            formula="comparateur.pop", kind="count", decimals=0, user=fanny)


@pytest.fixture
def tours_population(data_dir):
    """The comparateur's population of Tours, {period: value}, read beside the app."""
    row = comparateur_read(data_dir).set_index("CODGEO").loc[TOURS]
    return {"2013": float(row["P13_POP"]), "2018": float(row["P18_POP"])}


@pytest.fixture
def action(group, fanny, hypothesis, tours):
    action = Action.objects.create(group=group, slug="permanence-mission-locale",
                                   title="Permanence de la Mission locale au centre social",
                                   created_by=fanny, starts_on=date(2025, 9, 1))
    action.hypotheses.add(hypothesis)
    action.zones.add(tours)
    return action


@pytest.fixture
def bare_action(group, fanny, hypothesis):
    """The same kind of action without zones (no indicator values to read)."""
    action = Action.objects.create(group=group, slug="forum-emploi", title="Forum de l'emploi",
                                   created_by=fanny)
    action.hypotheses.add(hypothesis)
    return action
