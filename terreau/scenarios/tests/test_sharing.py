"""Adapting another group's scenario to one's own territory ("adapter à mon territoire")."""

import pytest
from django.urls import reverse

from terreau.atlas.params import MapParams
from terreau.scenarios.choices import Status, Visibility
from terreau.scenarios.models import Hypothesis, Scenario, StatusChange, Step
from terreau.scenarios.services import ScenarioError, scenario_create, step_add
from terreau.scenarios.sharing import scenario_copy

VIEW = ("indicateur=chomage&niveau=commune&dans=37&methode=fisher_jenks&classes=4"
        "&palette=RdBu&reference=departement:37&seuil=10&carte=0.69,47.39,9")


@pytest.fixture
def source(chomage, cher_communes, tours_group, steward):
    """A scenario of tours-insertion, visible to every group, on the communes of the 37."""
    scenario = scenario_create(title="Chômage en Touraine", group=tours_group, author=steward,
                               question="Où le chômage pèse-t-il ?",
                               visibility=Visibility.INSTANCE)
    step = step_add(scenario=scenario, kind="carte", query=VIEW, title="Taux de chômage",
                    narrative="Le **nord** du département.", user=steward)
    hypothesis = Hypothesis.objects.create(scenario=scenario, statement="Le chômage suit "
                                           "la vallée.", status=Status.CONFIRMED)
    hypothesis.steps.add(step)
    hypothesis.indicators.add(chomage)
    return scenario


def test_a_copy_keeps_the_settings_on_the_new_territory_without_the_extent(source, outsider,
                                                                             other_group):
    copy = scenario_copy(source=source, group=other_group, within="18", user=outsider)

    assert copy.group == other_group and copy.author == outsider
    assert copy.visibility == Visibility.GROUP and copy.copied_from == source
    assert copy.title == "Chômage en Touraine — Cher"
    assert copy.credit.startswith("Adapté du scénario « Chômage en Touraine » du groupe ")
    step = copy.steps.get()
    params = step.params()
    assert isinstance(params, MapParams)
    assert (params.indicator, params.level, params.within) == ("chomage", "commune", "18")
    assert (params.method, params.k, params.palette) == ("fisher_jenks", 4, "RdBu")
    assert params.extent is None and params.reference == "" and params.threshold == (10.0,)
    assert step.narrative == "Le **nord** du département."


def test_copied_hypotheses_start_again_to_check_with_their_evidence(source, outsider,
                                                                     other_group, chomage):
    copy = scenario_copy(source=source, group=other_group, within="18", user=outsider)

    hypothesis = copy.hypotheses.get()
    assert hypothesis.status == Status.TO_CHECK
    assert list(hypothesis.steps.all()) == list(copy.steps.all())
    assert list(hypothesis.indicators.all()) == [chomage]
    change = StatusChange.objects.get(hypothesis=hypothesis)
    assert change.reason == "Copiée du scénario « Chômage en Touraine »"
    assert copy.comments.count() == 0 and copy.meetings.count() == 0


def test_the_copy_page_previews_the_steps_and_credits_the_original(client, source, outsider,
                                                                   other_group):
    client.force_login(outsider)
    url = reverse("scenarios:copy", args=[source.slug])
    page = client.get(url, {"groupe": other_group.pk, "dans": "18", "titre": ""})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Étape 1 : Taux de chômage — communes — département Cher (18)" in text

    response = client.post(url, {"groupe": other_group.pk, "dans": "18", "titre": ""})
    copy = Scenario.objects.get(copied_from=source)
    assert response.status_code == 302 and response["Location"] == copy.get_absolute_url()
    reader = client.get(copy.get_absolute_url()).content.decode()
    assert "Adapté du scénario « Chômage en Touraine » du groupe" in reader


def test_a_copy_is_refused_whole_when_an_indicator_is_the_other_groups_data(
        source, chomage_groupe, steward, outsider, other_group, client):
    # A step whose data became group-only after it was added (step_add refuses it now).
    Step.objects.create(scenario=source, position=2, kind="carte",
                        title="Chômage (données du groupe)",
                        query="indicateur=chomage-tours&niveau=commune&dans=37")

    with pytest.raises(ScenarioError, match="Étape 2 « Chômage"):
        scenario_copy(source=source, group=other_group, within="18", user=outsider)
    client.force_login(outsider)
    response = client.post(reverse("scenarios:copy", args=[source.slug]),
                           {"groupe": other_group.pk, "dans": "18"})
    assert response.status_code == 400
    assert "Indicateur introuvable" in response.content.decode()
    assert Scenario.objects.count() == 1


def test_a_scenario_one_may_not_read_is_404_and_a_member_without_group_403(
        client, source, member, other_group, tours_group, steward):
    hidden = scenario_create(title="Brouillon", group=tours_group, author=steward,
                             visibility=Visibility.AUTHOR)
    Scenario.objects.filter(pk=source.pk).update(visibility=Visibility.PUBLIC)
    client.force_login(member)
    assert client.get(reverse("scenarios:copy", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("scenarios:copy", args=[source.slug])).status_code == 403


def test_the_copy_api_answers_the_new_scenario(client, source, outsider, other_group):
    client.force_login(outsider)
    response = client.post(reverse("api:scenario_copy", args=[source.slug]),
                           {"groupe": other_group.slug, "dans": "18", "titre": "À Bourges"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["slug"] == Scenario.objects.get(title="À Bourges").slug


def test_a_rapprochement_moves_each_map_and_drops_the_shared_view(source, steward, outsider,
                                                                  other_group, population):
    step_add(scenario=source, kind="rapprochement", title="Chômage et population",
             query="carte=chomage,commune,37,&carte=population,commune,37261,"
                   "&palette=Blues&vue=0.69,47.39,9", user=steward)

    copy = scenario_copy(source=source, group=other_group, within="18", user=outsider)

    params = copy.steps.get(position=2).params()
    assert [(m.indicator, m.level, m.within) for m in params.maps] == [
        ("chomage", "commune", "18"), ("population", "commune", "18")]
    assert params.palette == "Blues" and params.view is None


def test_a_group_copies_onto_its_drawn_territory_unless_a_map_is_coarser(
        source, steward, tours_member, tours_group, agglo_tours):
    copy = scenario_copy(source=source, group=tours_group, within=agglo_tours.within_param,
                         user=tours_member)
    assert copy.steps.get().params().within == agglo_tours.within_param
    assert copy.title == "Chômage en Touraine — Agglomération de Tours"

    step_add(scenario=source, kind="carte", title="Par département", user=steward,
             query="indicateur=chomage&niveau=departement&dans=24")
    with pytest.raises(ScenarioError, match="Étape 2 « Par département »"):
        scenario_copy(source=source, group=tours_group, within=agglo_tours.within_param,
                      user=tours_member)
    assert Scenario.objects.count() == 2


def test_a_territory_the_copier_may_not_see_is_refused(source, outsider, other_group,
                                                       agglo_tours):
    with pytest.raises(ScenarioError, match="Choisissez un territoire"):
        scenario_copy(source=source, group=other_group, within=agglo_tours.within_param,
                      user=outsider)
