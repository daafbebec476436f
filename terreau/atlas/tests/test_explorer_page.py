"""The explorer page without JavaScript (Django test client), on the real values of
Indre-et-Loire: the form, the legend and the table come from the same payload as the API."""

import json
import re

import pytest
from django.urls import reverse

URL = reverse("atlas:explorer")


@pytest.fixture
def member_page(client, tours_member, atlas_indicators):
    client.force_login(tours_member)
    return client


def _payload(response) -> dict:
    match = re.search(rb'<script type="application/json" id="atlas-payload">(.*?)</script>',
                      response.content, re.S)
    assert match, "the page embeds the map's payload for the script"
    return json.loads(match.group(1))


def test_login_is_required(client, atlas_indicators):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_page_renders_the_map_legend_and_table_without_javascript(member_page):
    response = member_page.get(URL, {"indicateur": "chomage", "niveau": "commune",
                                     "dans": "37", "methode": "quantiles", "classes": "4"})
    assert response.status_code == 200
    html = response.content.decode()
    payload = _payload(response)
    classification = payload["classification"]
    assert len(payload["zones"]) == 272
    assert classification["classes"] == 4
    # The legend: one line per class with its bounds in the unit, counts adding up.
    legend = re.findall(r'<span class="legend-label">(.*?)</span> <span class="legend-count">'
                        r'(.*?)</span>', html)
    assert len(legend) == 5  # 4 classes + "sans valeur"
    assert legend[0][0].startswith("de ") and legend[0][0].endswith("\u202f%")
    assert legend[-1][0] == "sans valeur"
    counts = [int(count.split()[0].replace("\u202f", "")) for _, count in legend]
    assert sum(counts) == 272
    assert counts[:4] == classification["effectifs"]
    # The table: every commune (272 < 2000) with its value, class (text, not colour only), rank.
    rows = re.findall(r'<tr data-code="(\d+)">(.*?)</tr>', html, re.S)
    assert len(rows) == 272
    first_code, first_row = rows[0]
    best = min((z for z in payload["zones"] if z["rang"]), key=lambda z: z["rang"])
    assert first_code == best["code"]
    assert f"1/{272 - classification['manquantes']}" in first_row
    assert "4 : de " in first_row  # the highest class, in words
    # The form keeps the state (a GET form: its submission is the permalink).
    assert '<option value="chomage" selected>' in html
    assert '<option value="4" selected>' in html
    assert 'data-layer-url="/api/v1/territoires/couches/commune?dans=37"' in html


def test_the_form_offers_territories_levels_palettes_and_counts(member_page):
    html = member_page.get(URL, {"indicateur": "chomage", "dans": "37"}).content.decode()
    assert re.search(r'<option value="37" data-bbox="\[[-0-9., ]+\]" selected>37 — Indre-et-Loire',
                     html)
    # The IRIS of Tours are a choice: choosing Tours implies the IRIS level.
    assert 'value="commune:37261"' in html and 'data-niveau="iris"' in html
    assert 'name="palette" value="RdBu" data-kind="diverging"' in html
    assert 'name="palette" value="YlOrRd" data-kind="sequential"' in html
    # Proportional circles: count indicators only.
    symbols = html.split('id="atlas-symboles"')[1].split("</select>")[0]
    assert 'value="population"' in symbols and 'value="chomage"' not in symbols
    assert 'href="/atlas/export.png?' in html and 'href="/atlas/export.svg?' in html


def test_an_unknown_indicator_is_explained_in_french_and_the_form_stays(member_page):
    response = member_page.get(URL, {"indicateur": "nexiste-pas", "dans": "37"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Indicateur introuvable : « nexiste-pas »" in html
    assert 'role="alert"' in html
    assert '<select id="atlas-indicateur" name="indicateur">' in html
    assert 'value="chomage"' in html


def test_a_bad_parameter_is_explained_and_the_rest_is_kept(member_page):
    response = member_page.get(URL, {"indicateur": "chomage", "dans": "37", "classes": "12"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Paramètre « classes »" in html and "de 3 à 9" in html
    # The map is still drawn with the default number of classes.
    assert _payload(response)["classification"]["classes"] == 5


def test_manual_breaks_out_of_order_are_explained(member_page):
    response = member_page.get(URL, {"indicateur": "chomage", "dans": "37", "methode": "manual",
                                     "bornes": "10,5"})
    assert response.status_code == 400
    assert "rangées de la plus petite à la plus grande" in response.content.decode()


def test_all_values_missing_is_explained(member_page, indicateur_secret):
    response = member_page.get(URL, {"indicateur": "population-secrete", "dans": "37"})
    html = response.content.decode()
    payload = _payload(response)
    assert payload["classification"] is None and payload["erreur"]
    assert payload["erreur"].split(" (")[0] in html
    assert "sans valeur" in html


def test_an_invisible_indicator_does_not_exist_for_an_outsider(client, outsider, chomage_groupe,
                                                               atlas_indicators):
    client.force_login(outsider)
    response = client.get(URL, {"indicateur": "chomage-tours", "dans": "37"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Indicateur introuvable" in html
    assert 'value="chomage-tours"' not in html


def test_fewer_distinct_values_than_classes_is_a_notice(member_page, peu_de_valeurs):
    response = member_page.get(URL, {"indicateur": "agricoles-plafonnes", "dans": "37"})
    assert response.status_code == 200
    payload = _payload(response)
    assert payload["classification"]["classes"] == 3
    assert payload["classification"]["avis"] in response.content.decode()
    assert "Seulement 3 valeurs distinctes" in payload["classification"]["avis"]


def test_a_period_is_chosen_from_the_indicator_periods(member_page):
    response = member_page.get(URL, {"indicateur": "population", "dans": "37",
                                     "periode": "2013"})
    html = response.content.decode()
    assert _payload(response)["periode"] == "2013"
    assert '<option value="2013" selected>2013</option>' in html
    assert '<option value="">la plus récente (2018)</option>' in html


def test_the_iris_of_tours_without_contours_open_the_table(member_page):
    response = member_page.get(URL, {"indicateur": "chomage", "niveau": "iris",
                                     "dans": "commune:37261"})
    html = response.content.decode()
    payload = _payload(response)
    assert payload["zones"] and all(zone["valeur"] is None for zone in payload["zones"])
    assert "n'a pas de données au niveau" in html
    assert "Ces zones n'ont pas encore de contour chargé" in html
    assert '<details class="atlas-table" data-atlas-table open>' in html


def test_the_export_buttons_link_to_the_same_view(member_page):
    html = member_page.get(URL, {"indicateur": "chomage", "dans": "37",
                                 "methode": "equal_interval"}).content.decode()
    png = re.search(r'href="(/atlas/export\.png\?[^"]+)"', html).group(1).replace("&amp;", "&")
    svg = re.search(r'href="(/atlas/export\.svg\?[^"]+)"', html).group(1).replace("&amp;", "&")
    assert "methode=equal_interval" in png
    response = member_page.get(png)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    response = member_page.get(svg)
    assert response.status_code == 200 and "Taux de chômage" in response.content.decode()


def test_the_territory_stays_chosen_whatever_its_spelling(member_page):
    """"region:24" is the option "24"; a commune the list lacks is added, chosen."""
    html = member_page.get(URL, {"indicateur": "chomage", "niveau": "commune",
                                 "dans": "region:24"}).content.decode()
    chosen = re.findall(r'<option value="([^"]*)"[^>]*\bselected>([^<]*)</option>',
                        html.split('name="dans"')[1].split("</select>")[0])
    assert [value for value, _ in chosen] == ["24"]
    html = member_page.get(URL, {"indicateur": "chomage", "niveau": "commune",
                                 "dans": "commune:37122"}).content.decode()
    territory_select = html.split('name="dans"')[1].split("</select>")[0]
    assert '<optgroup label="Territoire choisi">' in territory_select
    chosen = re.findall(r'<option value="([^"]*)"[^>]*\bselected>([^<]*)</option>',
                        territory_select)
    assert chosen == [("commune:37122", "Joué-lès-Tours")]
