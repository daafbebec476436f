"""Fixtures of the plans' tests: real communes (Tours, Joué-lès-Tours, Vierzon), a structure
of the directory, the shared skills, actions of both groups. Imported by the test modules."""

import datetime

import pytest

from terreau.actions.plans import action_create
from terreau.core import testing
from terreau.directory.models import Structure
from terreau.directory.skills import skill_list

TOURS, JOUE, VIERZON = "37261", "37122", "18279"


@pytest.fixture
def zones(db, data_dir):
    """Three communes with their contours, as the territory app stores them."""
    from terreau.territory.models import Zone

    geo = data_dir / "geo"
    testing.load_zones_from_geojson(geo / "communes-37-indre-et-loire.geojson", "commune",
                                    codes=[TOURS, JOUE])
    testing.load_zones_from_geojson(geo / "communes-18-cher.geojson", "commune",
                                    codes=[VIERZON])
    return {z.code: z for z in Zone.objects.filter(level="commune")}


@pytest.fixture
def structure(db):
    return Structure.objects.create(source="tests", source_id="pluriel",
                                    nom="Centre social Pluriel", commune="Tours",
                                    code_insee=TOURS, date_maj=datetime.date(2026, 1, 5))


@pytest.fixture
def skills(db):
    return {s.slug: s for s in skill_list()}


@pytest.fixture
def action(group, fanny, hypothesis, zones, structure):
    """The Tours group's action, shared, testing the hypothesis in Tours."""
    return action_create(group=group, by=fanny, title="Permanence de la Mission locale",
                         aim="Faire connaître la **Mission locale**.",
                         starts_on=datetime.date(2026, 1, 10),
                         ends_on=datetime.date(2026, 6, 30), zones=[zones[TOURS]],
                         hypotheses=[hypothesis], structures=[structure],
                         inhabitants_count=12, inhabitants_role="Ils tiennent le stand.")


@pytest.fixture
def other_action(other_group, olga, zones):
    """The Vierzon group's action in Vierzon, shared."""
    return action_create(group=other_group, by=olga, title="Bus santé", zones=[zones[VIERZON]],
                         status="en_cours")


@pytest.fixture
def private_action(other_group, olga):
    """An action of the Vierzon group that it does not share."""
    return action_create(group=other_group, by=olga, title="Réunion interne", shared=False)
