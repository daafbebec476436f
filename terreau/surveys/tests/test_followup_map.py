"""The map of answers per zone on a campaign's follow-up page: the same counts as the table
(hidden under 11 from members who do not read answers), the layer of the campaign's zones,
and a notice instead of an empty map when its zones have no contour."""

import html
import json
import re

import pytest

from terreau.core import testing

from . import campaign_setup as setup
from .answers_make import answers_make

campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator

TOURS, AMBOISE, JOUE = "37261", "37003", "37122"
NOTICE = "n'ont pas de contour : la carte des réponses ne peut pas être dessinée"
MAP_DATA = re.compile(r'<script id="followup-map-data" type="application/json">(.*?)</script>',
                      re.S)


@pytest.fixture
def commune_campaign(campaign, collector):
    """The campaign on the communes of Indre-et-Loire: 14 answers in Tours, 3 in Amboise,
    25 in Joué-lès-Tours."""
    campaign.within, campaign.zone_level = "37", "commune"
    campaign.save()
    answers_make(campaign, 14, zone_code=TOURS, collector=collector)
    answers_make(campaign, 3, zone_code=AMBOISE, collector=collector)
    answers_make(campaign, 25, zone_code=JOUE, collector=collector)
    return campaign


def map_data(text: str) -> dict:
    found = MAP_DATA.search(text)
    assert found, "no map data on the page"
    return json.loads(found.group(1))


@pytest.mark.django_db
def test_the_map_hides_small_counts_from_a_collector_as_the_table_does(client, commune_campaign,
                                                                      collector):
    client.force_login(collector)
    text = client.get(commune_campaign.get_absolute_url()).content.decode()
    data = map_data(text)
    assert data["comptes"] == {TOURS: 14, AMBOISE: None, JOUE: 25}
    assert data["seuil"] == 11 and "moins de 11</span>" in text  # the table says the same
    assert all(c["min"] >= 11 for c in data["classes"])
    assert "moins de 11</li>" in text  # the legend's grey class


@pytest.mark.django_db
def test_the_facilitator_sees_the_real_counts_on_the_map(client, commune_campaign, facilitator):
    client.force_login(facilitator)
    text = client.get(commune_campaign.get_absolute_url()).content.decode()
    data = map_data(text)
    assert data["comptes"] == {TOURS: 14, AMBOISE: 3, JOUE: 25}
    assert [(c["min"], c["max"]) for c in data["classes"]] == [(3, 13), (14, 24), (25, 25)]
    assert len({c["couleur"] for c in data["classes"]}) == 3
    assert "moins de 11</li>" not in text


@pytest.mark.django_db
def test_a_campaign_on_communes_gets_the_map_with_its_layer(client, commune_campaign,
                                                          facilitator):
    client.force_login(facilitator)
    text = client.get(commune_campaign.get_absolute_url()).content.decode()
    assert "data-followup-map" in text
    assert 'data-layer-url="/api/v1/territoires/couches/commune?dans=37"' in text
    bbox = json.loads(html.unescape(re.search(r'data-bbox="([^"]*)"', text).group(1)))
    assert 0 < bbox[0] < 1.5 and 46.5 < bbox[1] < 48  # Indre-et-Loire
    assert "followup-map.js" in text and "maplibre-gl.mjs" in text
    assert NOTICE not in text
    assert "Réponses par zone</caption>" in text  # the table stays


@pytest.mark.django_db
def test_a_campaign_on_the_iris_of_tours_shows_a_notice_and_the_table(client, campaign,
                                                                    facilitator):
    answers_make(campaign, 12)
    client.force_login(facilitator)
    text = client.get(campaign.get_absolute_url()).content.decode()
    assert NOTICE in text
    assert "data-followup-map" not in text and "followup-map.js" not in text
    assert "Réponses par zone</caption>" in text and "Centre 1" in text





@pytest.mark.browser
def test_the_map_draws_the_zones_in_several_colours(page, live_server, commune_campaign,
                                                    facilitator, console_errors):
    testing.browser_sign_in(page, live_server.url, facilitator.username)
    page.goto(live_server.url + commune_campaign.get_absolute_url())
    page.wait_for_function("document.body?.dataset.mapIdle === '1'", timeout=20_000)
    colours = testing.frequent_colours(page, page.locator("#followup-map canvas"))
    assert len(colours) >= 4  # background, grey zones and at least two classes
    assert not console_errors
