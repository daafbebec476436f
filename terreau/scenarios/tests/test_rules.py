"""Who reads a scenario, and how far its data lets it go (queries.py, rules.py, services.py)."""

import pytest

from terreau.indicators.tests.factories import user_make
from terreau.scenarios.choices import Visibility
from terreau.scenarios.queries import (
    scenario_can_comment,
    scenario_can_contribute,
    scenario_can_edit,
    scenario_get_visible,
    scenario_list_editable,
)
from terreau.scenarios.rules import export_refusal, scenario_blockers, widest_visibility
from terreau.scenarios.services import (
    RESERVED_SLUGS,
    ScenarioError,
    scenario_create,
    scenario_update,
    step_add,
    step_delete,
    step_move,
)

CHOMAGE_37 = "indicateur={slug}&niveau=commune&dans=37&carte=0.7,47.3,8"


@pytest.fixture
def scenario(tours_group, tours_member):
    return scenario_create(title="Le chômage en Indre-et-Loire", group=tours_group,
                           author=tours_member, question="Où agir ?")


def _add(scenario, user, slug, title="Étape"):
    return step_add(scenario=scenario, kind="carte", query=CHOMAGE_37.format(slug=slug),
                    title=title, user=user)


@pytest.mark.parametrize("visibility, readers", [
    (Visibility.AUTHOR, {"mehdi"}),
    (Visibility.GROUP, {"mehdi", "fanny"}),
    (Visibility.INSTANCE, {"mehdi", "fanny", "olga"}),
    (Visibility.PUBLIC, {"mehdi", "fanny", "olga", "camille", None}),
])
def test_each_visibility_has_its_readers(scenario, tours_group, outsider, member, chomage,
                                         visibility, readers):
    facilitator = user_make("fanny", group=tours_group, role="facilitator")
    _add(scenario, scenario.author, chomage.slug)
    scenario_update(scenario=scenario, title=scenario.title, question="",
                    visibility=visibility)
    from django.contrib.auth.models import AnonymousUser

    people = {"mehdi": scenario.author, "fanny": facilitator, "olga": outsider,
              "camille": member, None: AnonymousUser()}
    seen = {name for name, user in people.items()
            if scenario_get_visible(slug=scenario.slug, user=user) is not None}
    assert seen == readers


def test_author_and_facilitators_edit_members_contribute(scenario, tours_group, outsider):
    colleague = user_make("leo", group=tours_group, role="member")
    facilitator = user_make("fanny", group=tours_group, role="facilitator")
    assert scenario_can_edit(scenario.author, scenario)
    assert scenario_can_edit(facilitator, scenario)
    assert not scenario_can_edit(colleague, scenario)
    assert scenario_can_contribute(colleague, scenario)
    assert not scenario_can_contribute(outsider, scenario)
    assert not scenario_can_comment(outsider, scenario)  # cannot read it (group visibility)
    assert list(scenario_list_editable(colleague)) == []
    assert list(scenario_list_editable(facilitator)) == [scenario]


def test_open_data_may_go_public_and_be_exported(scenario, chomage):
    _add(scenario, scenario.author, chomage.slug)
    blockers = scenario_blockers(scenario)
    assert blockers == [] and widest_visibility(blockers) == Visibility.PUBLIC
    assert export_refusal(blockers, for_group=False) == ""


def test_group_data_keeps_the_scenario_in_its_group(scenario, steward, chomage,
                                                   chomage_groupe):
    _add(scenario, steward, chomage.slug, "Chômage (ouvert)")
    _add(scenario, steward, chomage_groupe.slug, "Chômage du groupe")
    blockers = scenario_blockers(scenario)
    assert widest_visibility(blockers) == Visibility.GROUP
    with pytest.raises(ScenarioError) as error:
        scenario_update(scenario=scenario, title=scenario.title, question="",
                        visibility=Visibility.PUBLIC)
    assert "Étape 2 « Chômage du groupe »" in str(error.value)
    assert "Étape 1" not in str(error.value)
    scenario.refresh_from_db()
    assert scenario.visibility == Visibility.GROUP  # nothing changed
    assert "--group" in export_refusal(blockers, for_group=False)
    assert export_refusal(blockers, for_group=True) == ""


def test_restricted_data_never_leaves(scenario, steward, chomage_restreint):
    with pytest.raises(ScenarioError, match="Réduisez d'abord la visibilité"):
        _add(scenario, steward, chomage_restreint.slug, "Données restreintes")
    assert scenario.steps.count() == 0
    scenario_update(scenario=scenario, title=scenario.title, question="",
                    visibility=Visibility.AUTHOR)
    _add(scenario, steward, chomage_restreint.slug, "Données restreintes")
    blockers = scenario_blockers(scenario)
    assert widest_visibility(blockers) == Visibility.AUTHOR
    assert "restreintes" in export_refusal(blockers, for_group=True)


def test_a_drawn_territory_stays_with_its_group(scenario, agglo_tours, chomage):
    step_add(scenario=scenario, kind="carte", user=scenario.author, title="Agglo",
             query=f"indicateur={chomage.slug}&dans={agglo_tours.within_param}")
    blockers = scenario_blockers(scenario)
    assert widest_visibility(blockers) == Visibility.GROUP
    assert "Agglomération de Tours" in blockers[0].reason


def test_steps_are_checked_ordered_and_renumbered(scenario, chomage, population,
                                                  revenu_median):
    with pytest.raises(ScenarioError, match="introuvable"):
        _add(scenario, scenario.author, "inconnu")
    with pytest.raises(ScenarioError, match="classes"):
        step_add(scenario=scenario, kind="carte", user=scenario.author, title="x",
                 query=f"indicateur={chomage.slug}&classes=42")
    assert scenario.steps.count() == 0  # refused views write nothing
    first = _add(scenario, scenario.author, chomage.slug, "Un")
    second = _add(scenario, scenario.author, population.slug, "Deux")
    third = _add(scenario, scenario.author, revenu_median.slug, "Trois")
    step_move(step=third, position=1)
    assert [s.title for s in scenario.steps.all()] == ["Trois", "Un", "Deux"]
    step_delete(step=first)
    assert [(s.position, s.title) for s in scenario.steps.all()] == [(1, "Trois"), (2, "Deux")]
    second.refresh_from_db()
    assert second.atlas_url().startswith("/atlas/?indicateur=")
    assert "carte=0.7%2C47.3%2C8" in second.query  # the extent is kept, as in the permalink


def test_slugs_are_unique_and_never_a_word_of_the_app(tours_group, tours_member):
    first = scenario_create(title="Nouveau", group=tours_group, author=tours_member)
    second = scenario_create(title="Nouveau", group=tours_group, author=tours_member)
    assert first.slug not in RESERVED_SLUGS
    assert first.slug != second.slug
