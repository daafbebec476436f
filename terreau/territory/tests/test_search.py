"""Zone search: accents and case ignored, codes by prefix, best matches first."""

import pytest

from terreau.territory.queries import zone_search

pytestmark = pytest.mark.usefixtures("cvl_zones")


def names(query: str, **options) -> list[str]:
    return [zone.name for zone in zone_search(query=query, **options)]


def test_search_ignores_accents_and_case():
    assert names("joue")[0] == "Joué-lès-Tours"
    assert names("JOUÉ LES")[0] == "Joué-lès-Tours"


def test_search_ignores_hyphens():
    assert names("saint avertin")[0] == "Saint-Avertin"


def test_exact_code_comes_first():
    assert names("37261")[0] == "Tours"


def test_code_prefix_finds_the_departement_then_its_communes():
    results = zone_search(query="37", limit=10)
    assert (results[0].level, results[0].code) == ("departement", "37")
    assert all(z.level == "commune" and z.code.startswith("37") for z in results[1:])


def test_names_starting_with_the_query_come_before_names_containing_it():
    """'tours': Tours itself first, then names containing it (the 'lès-Tours' communes)."""
    results = names("tours", level="commune")
    assert results == ["Tours", "Chambray-lès-Tours", "Joué-lès-Tours"]
    results = names("saint", level="commune", limit=100)
    starting = [name for name in results if name.startswith("Saint")]
    assert len(starting) > 20 and results[: len(starting)] == starting
    assert "Tournon-Saint-Pierre" in results[len(starting):]


def test_words_are_found_in_any_order_but_all_of_them():
    assert names("tours joue") == ["Joué-lès-Tours"]
    assert names("joue paris") == []


def test_search_can_be_limited_to_a_level():
    assert {z.level for z in zone_search(query="tours", level="commune")} == {"commune"}
    assert zone_search(query="37", level="departement")[0].name == "Indre-et-Loire"


def test_results_know_their_departement():
    tours = zone_search(query="37261")[0]
    assert tours.departement.name == "Indre-et-Loire"
    iris = zone_search(query="372610101")[0]
    assert (iris.level, iris.departement.code) == ("iris", "37")


def test_empty_query_finds_nothing():
    assert zone_search(query="   ") == []


def test_search_page_works_without_javascript(member_client):
    """A plain GET form: the whole page, results linking to the zone pages."""
    response = member_client.get("/territoires/recherche/", {"q": "joue"})
    page = response.content.decode()
    assert "<h1>Chercher une zone</h1>" in page
    assert '<a href="/territoires/commune/37122/">Joué-lès-Tours</a>' in page
    assert "Indre-et-Loire (37)" in page


def test_search_page_answers_htmx_with_the_results_only(member_client):
    response = member_client.get("/territoires/recherche/", {"q": "saint avertin"},
                                 HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<h1>" not in page
    assert '<a href="/territoires/commune/37208/">Saint-Avertin</a>' in page


def test_search_page_says_when_nothing_matches(member_client):
    page = member_client.get("/territoires/recherche/", {"q": "zzz"}).content.decode()
    assert "Aucune zone ne correspond à « zzz »" in page


def test_results_of_a_departement_are_placed_in_their_region(member_client):
    page = member_client.get("/territoires/recherche/", {"q": "indre et loire"}).content.decode()
    assert "<td>Centre-Val de Loire (24)</td>" in page
    data = member_client.get("/api/v1/territoires/zones", {"q": "indre et loire"}).json()
    assert data[0]["nom"] == "Indre-et-Loire" and data[0]["departement"] is None
