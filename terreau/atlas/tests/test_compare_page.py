"""The comparison page (/atlas/rapprochement/) through Django's test client: the permalink,
the plain form without JavaScript, errors said in French, restricted reads audited."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from terreau.core.choices import AuditAction
from terreau.core.models import AuditEvent

URL = reverse("atlas:compare")
TWO_MAPS = "carte=chomage,commune,37,&carte=revenu-median,commune,37,"


def payload_of(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="compare-payload" type="application/json">')
    text = html[html.index(">", start) + 1:html.index("</script>", start)]
    return json.loads(text)


def test_anonymous_visitors_are_sent_to_the_login_page(client, cvl_zones):
    response = client.get(f"{URL}?{TWO_MAPS}")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_member_sees_two_maps_their_crossing_and_the_form(member_client, atlas_indicators):
    response = member_client.get(f"{URL}?{TWO_MAPS}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rapprocher des indicateurs" in html
    # One fieldset per map, each with its four fields, and the shared classification.
    assert html.count("data-map-choice>") == 2
    assert 'id="carte-2-indicateur"' in html and 'id="compare-methode"' in html
    payload = payload_of(response)
    assert [c["indicateur"]["slug"] for c in payload["cartes"]] == ["chomage", "revenu-median"]
    assert len(payload["cartes"][0]["zones"]) == 272
    crossing = payload["croisement"]
    assert crossing["x"] == "chomage" and crossing["y"] == "revenu-median"
    # Unemployment is lower where incomes are higher, in Indre-et-Loire too.
    assert crossing["spearman"] < -0.3
    assert crossing["phrase"]
    # Four map slots are in the page (their tables are sortable from the start).
    assert html.count("data-panel ") == 4


def test_without_maps_in_the_address_the_page_opens_two_indicators(member_client,
                                                                    atlas_indicators):
    response = member_client.get(URL)
    assert response.status_code == 200
    payload = payload_of(response)
    assert len(payload["cartes"]) == 2
    slugs = [c["indicateur"]["slug"] for c in payload["cartes"]]
    assert slugs[0] != slugs[1]


def test_a_bad_map_parameter_is_explained_in_french(member_client, atlas_indicators):
    response = member_client.get(f"{URL}?carte=chomage,canton,37")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Paramètre « carte » : niveau inconnu « canton »" in html
    # The page stays usable: the form is there, the map keeps its indicator.
    assert 'id="compare-form"' in html
    assert '<option value="chomage" selected>' in html


def test_an_unknown_indicator_is_explained_in_french(member_client, atlas_indicators):
    response = member_client.get(f"{URL}?carte=inconnu,commune,37&carte=chomage,commune,37")
    assert response.status_code == 404
    assert "Indicateur introuvable : « inconnu »." in response.content.decode()


def test_an_unknown_territory_is_explained_in_french(member_client, atlas_indicators):
    response = member_client.get(f"{URL}?carte=chomage,commune,99&carte=chomage,commune,37")
    assert response.status_code == 400
    assert "territoire inconnu « 99 »" in response.content.decode()


def test_the_form_without_javascript_redirects_to_the_permalink(member_client,
                                                                 atlas_indicators):
    form = ("indicateur=chomage&niveau=commune&dans=37&periode="
            "&indicateur=population&niveau=commune&dans=37&periode=2013"
            "&methode=fisher_jenks&classes=4&palette=&ajouter=1")
    response = member_client.get(f"{URL}?{form}")
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query, keep_blank_values=True)
    # "ajouter" copied the last map.
    assert query["carte"] == ["chomage,commune,37,", "population,commune,37,2013",
                              "population,commune,37,2013"]
    assert query["methode"] == ["fisher_jenks"] and query["classes"] == ["4"]
    assert "palette" not in query
    page = member_client.get(response["Location"])
    assert page.status_code == 200
    assert len(payload_of(page)["cartes"]) == 3


def test_removing_a_map_keeps_at_least_two(member_client, atlas_indicators):
    three = ("indicateur=chomage&niveau=commune&dans=37&periode="
             "&indicateur=population&niveau=commune&dans=37&periode="
             "&indicateur=revenu-median&niveau=commune&dans=37&periode=")
    response = member_client.get(f"{URL}?{three}&retirer=2")
    query = parse_qs(urlsplit(response["Location"]).query, keep_blank_values=True)
    assert query["carte"] == ["chomage,commune,37,", "revenu-median,commune,37,"]
    two = "&".join(three.split("&")[:8])
    response = member_client.get(f"{URL}?{two}&retirer=1")
    query = parse_qs(urlsplit(response["Location"]).query, keep_blank_values=True)
    assert len(query["carte"]) == 2


def test_the_same_indicator_on_two_territories_shares_one_classification(
        member_client, cher_communes, chomage):
    response = member_client.get(f"{URL}?carte=chomage,commune,37&carte=chomage,commune,18")
    payload = payload_of(response)
    assert payload["classification_commune"] is True
    first, second = (c["classification"] for c in payload["cartes"])
    assert first["bornes"] == second["bornes"]
    # No zone in common: no crossing, the page says why in plain words.
    assert payload["croisement"] is None
    assert payload["cartes"][1]["dans_nom"] == "Cher"


def test_a_territory_missing_from_the_list_stays_chosen_in_the_form(member_client,
                                                                    cher_communes, chomage):
    response = member_client.get(f"{URL}?carte=chomage,commune,commune:37261"
                                 "&carte=chomage,commune,commune:18279")
    html = response.content.decode()
    # Tours is in the list (its IRIS are loaded), Vierzon is not: it is added as chosen.
    assert '<option value="commune:37261" selected>Tours (37261)</option>' in html
    assert '<option value="commune:18279" selected>Vierzon</option>' in html


def test_reading_restricted_data_on_the_page_is_audited(client, chomage, chomage_restreint,
                                                        steward):
    client.force_login(steward)
    response = client.get(f"{URL}?carte=chomage-restreint,commune,37&carte=chomage,commune,37")
    assert response.status_code == 200
    events = AuditEvent.objects.filter(action=AuditAction.RESTRICTED_ACCESS)
    assert [e.target_id for e in events] == ["chomage-restreint"]


@pytest.mark.parametrize("query", ["carte=chomage-restreint,commune,37&carte=chomage,commune,37"])
def test_restricted_data_do_not_exist_for_others(member_client, chomage, chomage_restreint,
                                                 query):
    response = member_client.get(f"{URL}?{query}")
    assert response.status_code == 404
    assert "Indicateur introuvable" in response.content.decode()
    assert not AuditEvent.objects.exists()
