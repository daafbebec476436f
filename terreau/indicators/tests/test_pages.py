"""Indicator pages: who sees what, the form and its live check, the table, the files."""

import io

import pytest
from python_calamine import CalamineWorkbook

from terreau.catalog.choices import Sensitivity
from terreau.indicators.models import Indicator
from terreau.indicators.services import indicator_create

from .factories import dataset_make, user_make


@pytest.fixture
def chomage(comparateur, steward):
    return indicator_create(slug="chomage", label="Taux de chômage des 15-64 ans",
                            formula="taux(chomeurs, actifs)", unit="%", user=steward)


@pytest.fixture
def group_indicator(cvl_zones, data_dir, tours_group, steward):
    """An indicator on data of the Tours group only."""
    dataset_make(data_dir, slug="tours", sensitivity=Sensitivity.GROUP, owner_group=tours_group)
    return indicator_create(slug="chomage-tours", label="Chômage (données du groupe)",
                            formula="taux(tours.chomeurs, tours.actifs)", user=steward)


def _login(client, user):
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_the_login_page(client, chomage):
    for url in ["/indicateurs/", "/indicateurs/chomage/", "/indicateurs/chomage/export.csv"]:
        response = client.get(url)
        assert response.status_code == 302 and "/connexion/" in response["Location"]


@pytest.mark.parametrize("who, sees", [("tours_member", True), ("steward", True),
                                       ("outsider", False)])
def test_a_group_indicator_is_seen_by_its_group_only(request, client, group_indicator, who,
                                                     sees):
    client = _login(client, request.getfixturevalue(who))
    assert ("Chômage (données du groupe)" in client.get("/indicateurs/").text) is sees
    assert client.get("/indicateurs/chomage-tours/").status_code == (200 if sees else 404)
    assert client.get("/indicateurs/chomage-tours/export.csv").status_code in (
        (403,) if sees else (404,))


def test_the_page_shows_the_sheet_sources_and_a_sortable_accessible_table(client, chomage,
                                                                          tours_member):
    page = _login(client, tours_member).get("/indicateurs/chomage/",
                                            {"niveau": "commune", "dans": "37"}).text
    assert "<code>taux(chomeurs, actifs)</code>" in page
    assert "Licence Ouverte / Etalab 2.0" in page
    assert "<caption id=\"values-caption\">Taux de chômage des 15-64 ans (%) — communes de " \
           "Indre-et-Loire, 2018 : 272 zones, dont 272 avec une valeur." in page
    assert page.count('aria-sort="') == 4 and '<th scope="col" aria-sort' in page
    assert "Indre-et-Loire <span class=\"muted\">(référence)</span>" in page
    assert "Sélection : communes de Indre-et-Loire (272)" in page
    assert "/indicateurs/chomage/export.csv?niveau=commune&amp;dans=37" in page


def test_values_are_written_the_french_way_and_missing_ones_say_why(client, chomage,
                                                                    tours_member):
    page = _login(client, tours_member).get("/indicateurs/chomage/",
                                            {"niveau": "commune", "dans": "37"}).text
    tours = page[page.index(">Tours</a>"):][:300]
    assert '<td class="num" data-sort="17.875574106175986">17,9</td>' in tours  # INSEE: 17.88 %
    assert "12,4" in page  # Indre-et-Loire: Σ chômeurs ÷ Σ actifs
    assert "incomplet : 5 départements sur 6 sans valeur" in page


def test_an_unknown_territory_is_said_plainly(client, chomage, tours_member):
    response = _login(client, tours_member).get("/indicateurs/chomage/", {"dans": "99"})
    assert response.status_code == 404 and "Territoire inconnu" in response.text


def test_csv_export_has_the_zones_then_the_references_and_empty_missing_values(
        client, chomage, tours_member):
    response = _login(client, tours_member).get("/indicateurs/chomage/export.csv",
                                                {"niveau": "commune", "dans": "37"})
    lines = response.content.decode().splitlines()
    assert response["Content-Disposition"] == (
        'attachment; filename="chomage-commune-37-2018.csv"')
    assert lines[0] == "zone,name,level,period,value" and len(lines) == 1 + 272 + 3
    assert lines[-3].startswith("37,Indre-et-Loire,departement,2018,1")
    assert lines[-2] == "24,Centre-Val de Loire,region,2018,"
    assert lines[-1].startswith("selection,Sélection : communes de Indre-et-Loire (272),")


def test_xlsx_export_keeps_numbers(client, chomage, tours_member):
    response = _login(client, tours_member).get("/indicateurs/chomage/export.xlsx",
                                                {"dans": "37"})
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_name(
        "chomage").to_python()
    assert sheet[0] == ["zone", "name", "level", "period", "value"]
    assert isinstance(sheet[1][4], float)


def test_members_cannot_open_the_form_facilitators_can(client, comparateur, tours_member,
                                                       facilitator):
    assert _login(client, tours_member).get("/indicateurs/nouveau/").status_code == 403
    page = _login(client, facilitator).get("/indicateurs/nouveau/").text
    assert 'hx-post="/indicateurs/verifier-formule/"' in page
    assert 'hx-trigger="keyup changed delay:300ms, change"' in page
    assert 'data-insert="chomeurs"' in page


def test_the_formula_is_checked_as_it_is_typed(client, comparateur, facilitator):
    client = _login(client, facilitator)
    wrong = client.post("/indicateurs/verifier-formule/", {"formula": "taux(chomeurs; actifs)"})
    assert "Ligne 1, colonne 14 : caractère « ; » non accepté" in wrong.text
    assert "taux(chomeurs; actifs)\n             ^" in wrong.text
    right = client.post("/indicateurs/verifier-formule/", {"formula": "taux(chomeurs, actifs)"})
    assert "Formule correcte" in right.text and "Comparateur (comparateur)" in right.text


def test_creating_through_the_form_then_editing(client, comparateur, facilitator):
    client = _login(client, facilitator)
    data = {"label": "Part des 15-64 ans actifs", "slug": "activite",
            "formula": "part(actifs, pop)", "unit": "%", "kind": "share", "decimals": "1",
            "direction": "neutral", "definition": "", "owner_group": ""}
    response = client.post("/indicateurs/nouveau/", data)
    assert response.status_code == 302 and response["Location"] == "/indicateurs/activite/"
    bad = client.post("/indicateurs/activite/modifier/", {**data, "formula": "part(actifs,"})
    assert bad.status_code == 200 and "Ligne 1, colonne 13" in bad.text
    assert Indicator.objects.get(slug="activite").formula == "part(actifs, pop)"


def test_a_facilitator_of_another_group_cannot_edit_a_group_indicator(client, group_indicator,
                                                                      other_group):
    stranger = user_make("gaston", group=other_group, role="facilitator")
    assert _login(client, stranger).get("/indicateurs/chomage-tours/modifier/").status_code == 404
