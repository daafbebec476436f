"""The map page and the zone page, on the real communes of Indre-et-Loire."""

import pytest
from django.urls import reverse

from terreau.territory import views
from terreau.territory.models import Zone

pytestmark = pytest.mark.usefixtures("cvl_zones")


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    """Every territory page asks to sign in first."""
    for url in ["/territoires/carte/", "/territoires/commune/37261/",
                "/territoires/recherche/?q=tours"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_map_opens_on_the_communes_of_centre_val_de_loire(member_client):
    """Without parameters the map shows the communes of région 24, listed in a table."""
    response = member_client.get("/territoires/carte/")
    assert response.status_code == 200
    assert response.context["level"] == "commune"
    assert response.context["within"].code == "24"
    page = response.content.decode()
    assert 'data-layer-url="/api/v1/territoires/couches/commune?dans=24"' in page
    assert 'aria-label="Carte des zones affichées (Commune, Centre-Val de Loire).' in page
    assert "Zones affichées (272)" in page
    assert '<a href="/territoires/commune/37261/" data-zone-id=' in page  # Tours
    assert page.count("data-zone-id=") == 272


def test_map_can_show_the_departements_of_the_region(member_client):
    """The selector changes the level drawn: the 6 départements of the région."""
    response = member_client.get("/territoires/carte/", {"niveau": "departement", "dans": "24"})
    page = response.content.decode()
    assert response.context["summary"].count == 6
    assert '<option value="departement" selected>' in page
    assert "Loir-et-Cher" in page and "Indre-et-Loire" in page


def test_map_selector_lists_levels_and_territories(member_client):
    page = member_client.get("/territoires/carte/").content.decode()
    assert '<option value="commune" selected>Commune (272)</option>' in page
    assert '<option value="iris">IRIS (57)</option>' in page
    assert '<option value="24" selected>Centre-Val de Loire</option>' in page
    assert '<option value="37">37 — Indre-et-Loire</option>' in page


def test_map_bbox_covers_the_zones_drawn(member_client):
    """The map is fitted to the bounding box of the zones drawn (Indre-et-Loire here)."""
    response = member_client.get("/territoires/carte/", {"niveau": "commune", "dans": "37"})
    west, south, east, north = response.context["summary"].bbox
    assert 0.05 < west < 0.06 and 46.73 < south < 46.74
    assert 1.36 < east < 1.37 and 47.70 < north < 47.71


def test_map_of_a_level_without_contours_lists_zones_and_says_how_to_import(member_client):
    """IRIS known from INSEE's list only: the table and a notice, never a drawn boundary."""
    response = member_client.get("/territoires/carte/", {"niveau": "iris", "dans": "37261"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="territory-map"' not in page
    assert "Les contours de ces zones ne sont pas encore chargés" in page
    assert "terreau import-zones FICHIER --level iris" in page
    assert "CONTOURS-IRIS" in page
    assert page.count("data-zone-id=") == 57


def test_map_with_an_unknown_territory_says_so_in_french(member_client):
    response = member_client.get("/territoires/carte/", {"niveau": "commune", "dans": "99"})
    assert response.status_code == 404
    assert "Le territoire « 99 » est inconnu" in response.content.decode()


def test_zone_page_shows_tours_its_parents_and_its_iris(member_client):
    """Tours: code, level, parents as links, area in French format, IRIS grouped and counted."""
    response = member_client.get("/territoires/commune/37261/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Tours</h1>" in page
    assert "<dd>37261</dd>" in page and "<dd>Commune</dd>" in page
    assert '<a href="/territoires/departement/37/">Indre-et-Loire</a>' in page
    assert '<a href="/territoires/region/24/">Centre-Val de Loire</a>' in page
    assert "IRIS : 57" in page
    assert '<td>372610101</td><td><a href="/territoires/iris/372610101/"' in page
    area = response.context["zone"].area_km2
    assert 33 < area < 35  # INSEE: 34.36 km²; the contour here is simplified
    assert f"{area:.2f}".replace(".", ",") + " km²" in page
    assert "millésime 2018" in page
    assert 'id="zone-map"' in page and 'id="zone-geometry"' in page


def test_zone_page_of_a_departement_draws_its_communes(member_client):
    """A département page lists its 272 communes and asks for their layer on its small map."""
    response = member_client.get("/territoires/departement/37/")
    page = response.content.decode()
    assert "Commune : 272" in page
    assert 'data-children-url="/api/v1/territoires/couches/commune?dans=37"' in page


def test_zone_page_without_contour_explains_how_to_import_it(member_client):
    """An IRIS known only from INSEE's list: no map, a notice naming the IGN file to import."""
    response = member_client.get("/territoires/iris/372610101/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="zone-map"' not in page
    assert "Les contours de cette zone ne sont pas encore chargés" in page
    assert "terreau import-zones FICHIER --level iris" in page
    assert '<a href="/territoires/commune/37261/">Tours</a>' in page


def test_zone_page_of_an_unknown_zone_is_a_french_404(member_client):
    for url in ["/territoires/commune/99999/", "/territoires/planete/37261/"]:
        response = member_client.get(url)
        assert response.status_code == 404
        assert "Zone introuvable" in response.content.decode()


def test_without_the_pilot_region_the_map_opens_on_a_level_that_has_contours(member_client):
    Zone.objects.filter(level__in=["region", "departement"]).delete()
    response = member_client.get("/territoires/carte/")
    assert response.status_code == 200
    assert (response.context["level"], response.context["within"]) == ("commune", None)
    assert response.context["summary"].count == 272


def test_long_tables_are_cut_and_say_so(member_client, monkeypatch):
    monkeypatch.setattr(views, "MAP_TABLE_MAX_ROWS", 100)
    page = member_client.get("/territoires/carte/", {"niveau": "commune"}).content.decode()
    assert page.count("data-zone-id=") == 100
    assert "Les 100 premières zones sont listées" in page


def test_the_map_says_which_geography_vintage_it_shows(client, django_user_model):
    """A map never silently mixes vintages: one vintage is named, several are warned about."""
    from terreau.territory.models import Zone

    user = django_user_model.objects.create_user("lecteur", password="pw-lecteur-1")
    client.force_login(user)
    Zone.objects.create(level="custom", code="Q1", name="Quartier 1", search_name="quartier 1",
                        vintage=2018)
    page = client.get("/territoires/carte/?niveau=custom").content.decode()
    assert "Géographie : COG 2018" in page

    Zone.objects.create(level="custom", code="Q2", name="Quartier 2", search_name="quartier 2",
                        vintage=2024)
    page = client.get("/territoires/carte/?niveau=custom").content.decode()
    assert "ne sont pas toutes de la même géographie" in page
    assert "COG 2018 (1 zone), COG 2024 (1 zone)" in page
