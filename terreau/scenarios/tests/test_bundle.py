"""The maps of a step (bundle.py) and their API: legend, value texts, errors, side by side."""

import re

import pytest
from django.urls import reverse

from terreau.core.models import AuditEvent
from terreau.scenarios.bundle import step_bundle
from terreau.scenarios.models import Step

from .test_export_setup import *  # noqa: F403 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_map_step_has_its_title_legend_and_french_values(open_scenario):
    step = open_scenario.steps.get(position=1)
    bundle = step_bundle(step, None)
    assert bundle["etape"]["titre"] == "Le chômage en 2018"
    assert bundle["lien_atlas"].startswith("/atlas/?")
    (card,) = bundle["cartes"]
    assert card["erreur"] is None
    assert card["titre"] == "Taux de chômage — 2018"
    assert card["sous_titre"] == "Communes · Indre-et-Loire"
    assert len(card["legende"]) == 5
    assert re.fullmatch(r"de [\d,]+ à [\d,]+\u202f%", card["legende"][0]["libelle"])
    counted = sum(row["effectif"] for row in card["legende"]) + card["sans_valeur"]["effectif"]
    assert counted == len(card["zones"]) == 272
    tours = card["zones"]["37261"]
    assert tours["nom"] == "Tours"
    assert re.fullmatch(r"\d+,\d\u202f%", tours["texte"])
    assert tours["couleur"] in {row["couleur"] for row in card["legende"]}
    assert card["geometrie"].endswith("/couches/commune?dans=37")
    west, south, east, north = card["bbox"]
    assert -0.1 < west < east < 1.5 and 46.7 < south < north < 47.8
    assert card["source"].startswith("Source : ")


def test_the_offline_bundle_inlines_the_zones_contours(open_scenario):
    bundle = step_bundle(open_scenario.steps.get(position=1), None, inline_geometry=True)
    geometry = bundle["cartes"][0]["geometrie"]
    assert geometry["type"] == "FeatureCollection"
    assert len(geometry["features"]) == 272
    assert geometry["features"][0]["properties"].keys() == {"code"}
    text = str(geometry["features"][0]["geometry"]["coordinates"])
    assert not re.search(r"\d\.\d{6}", text)


def _labels(card):
    return [row["libelle"] for row in card["legende"]]


def test_side_by_side_maps_of_one_indicator_share_one_classification(open_scenario):
    first, second = step_bundle(open_scenario.steps.get(position=2), None)["cartes"]
    assert (first["titre"], second["titre"]) == ("Population — 2013", "Population — 2018")
    assert _labels(first) != _labels(second)  # two periods: one classification each
    step = open_scenario.steps.get(position=2)
    step.query = "carte=chomage,commune,37&carte=chomage,commune,24"
    tours, region = step_bundle(step, None)["cartes"]
    assert _labels(tours) == _labels(region)
    assert region["sous_titre"] == "Communes · Centre-Val de Loire"


def test_a_step_that_no_longer_reads_says_why(open_scenario):
    Step.objects.filter(scenario=open_scenario, position=1).update(
        query="indicateur=disparu&niveau=commune")
    Step.objects.filter(scenario=open_scenario, position=2).update(query="carte=")
    first = step_bundle(open_scenario.steps.get(position=1), None)["cartes"][0]
    assert first["erreur"].startswith("Indicateur introuvable : « disparu ».")
    assert first["geometrie"] is None and first["zones"] == {}
    second = step_bundle(open_scenario.steps.get(position=2), None)["cartes"][0]
    assert "n'est plus valide" in second["erreur"]


def test_zones_without_contours_are_explained(open_scenario, population):
    step = open_scenario.steps.get(position=1)
    step.query = "indicateur=population&niveau=iris&dans=commune:37261"
    card = step_bundle(step, None)["cartes"][0]
    assert card["erreur"]
    assert card["geometrie"] is None


def test_group_data_is_computed_with_the_readers_rights(group_scenario, tours_member, outsider):
    step = group_scenario.steps.get()
    assert step_bundle(step, tours_member)["cartes"][0]["erreur"] is None
    assert "introuvable" in step_bundle(step, outsider)["cartes"][0]["erreur"]


def _url(step):
    return reverse("api:scenario_step_map", args=[step.scenario.slug, step.pk])


def test_the_api_serves_public_scenarios_to_anyone_with_contours(client, open_scenario):
    response = client.get(_url(open_scenario.steps.get(position=1)))
    assert response.status_code == 200
    card = response.json()["cartes"][0]
    assert card["geometrie"]["type"] == "FeatureCollection"  # the layer API needs a session


def test_the_api_hides_what_the_reader_may_not_see(client, group_scenario, open_scenario,
                                                   outsider, tours_member):
    step = group_scenario.steps.get()
    assert client.get(_url(step)).status_code == 404
    client.force_login(outsider)
    assert client.get(_url(step)).status_code == 404
    client.force_login(tours_member)
    response = client.get(_url(step))
    assert response.status_code == 200
    assert response.json()["cartes"][0]["geometrie"].startswith("/api/v1/territoires/")
    other = open_scenario.steps.get(position=1)
    wrong = reverse("api:scenario_step_map", args=[group_scenario.slug, other.pk])
    assert client.get(wrong).status_code == 404


def test_the_api_audits_reads_of_restricted_data(client, restricted_scenario, steward):
    client.force_login(steward)
    response = client.get(_url(restricted_scenario.steps.get()))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="restricted_access")
    assert event.target_id == "chomage-restreint"
    assert event.details["via"] == "scenario"
