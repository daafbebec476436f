"""Scenarios shared by the bundle and export tests (fixtures only: no test here).

Real indicators of the atlas fixtures (terreau/atlas/tests/maps.py) on the 272 communes of
Indre-et-Loire: an open two-step scenario, one on the group's data, one on restricted data.
"""

import pytest

from terreau.scenarios.choices import Visibility
from terreau.scenarios.services import scenario_create, step_add

CHOMAGE_37 = "indicateur=chomage&niveau=commune&dans=37"
COMPARE_37 = "carte=population,commune,37,2013&carte=population,commune,37,2018"


def scenario_with_steps(*, slug, group, author, visibility, steps):
    """A scenario with `steps`: (kind, query, title, narrative) tuples."""
    scenario = scenario_create(title=f"Scénario {slug}", group=group, author=author,
                               question="Où le chômage a-t-il augmenté ?",
                               visibility=visibility, slug=slug)
    for kind, query, title, narrative in steps:
        step_add(scenario=scenario, kind=kind, query=query, title=title, user=author,
                 narrative=narrative)
    return scenario


@pytest.fixture
def open_scenario(chomage, population, tours_group, steward):
    """Public, two steps: the rate in 2018, then the population in 2013 and 2018."""
    return scenario_with_steps(
        slug="chomage-37", group=tours_group, author=steward, visibility=Visibility.PUBLIC,
        steps=[("carte", CHOMAGE_37, "Le chômage en 2018", "Le **centre** de Tours."),
               ("rapprochement", COMPARE_37, "Cinq ans plus tôt",
                "La population en 2013 et en 2018.")])


@pytest.fixture
def group_scenario(chomage_groupe, tours_group, steward):
    return scenario_with_steps(
        slug="chomage-groupe", group=tours_group, author=steward, visibility=Visibility.GROUP,
        steps=[("carte", "indicateur=chomage-tours&niveau=commune&dans=37",
                "Nos chiffres", "")])


@pytest.fixture
def restricted_scenario(chomage_restreint, tours_group, steward):
    return scenario_with_steps(
        slug="chomage-restreint", group=tours_group, author=steward,
        visibility=Visibility.AUTHOR,
        steps=[("carte", "indicateur=chomage-restreint&niveau=commune&dans=37",
                "Données fines", "")])
