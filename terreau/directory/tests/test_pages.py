"""The directory's pages: /annuaire/ (filters in the address, the list, the map's data),
a structure's page and a service's page, for every signed-in person; anonymous visitors are
sent to sign in."""

import html
import json
import re

import pytest
from django.urls import reverse

from terreau.directory.models import Structure

from .test_search_fixtures import TOURS_STATION, directory_make

INDEX = "/annuaire/"
MAP_DATA = re.compile(r'<script id="directory-map-data" type="application/json">(.*?)</script>',
                      re.S)


@pytest.fixture
def services(vocabularies):
    return directory_make()


@pytest.fixture
def offline_geocoder(monkeypatch):
    """The national address service answers from a table (tests never go online)."""
    known = {"gare de tours": (*TOURS_STATION, "Place du Général Leclerc 37000 Tours")}

    def geocode(text, *, citycode=""):
        return known.get(text.strip().lower())

    monkeypatch.setattr("terreau.directory.forms_search.geocode_address", geocode)


def hits_of(text: str) -> list[str]:
    return [html.unescape(name) for name in
            re.findall(r'<h3><a href="/annuaire/services/\d+/">([^<]+)</a>', text)]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, services):
    structure = services["demarches"].structure
    for url in (INDEX, structure.get_absolute_url(), services["demarches"].get_absolute_url(),
                reverse("directory:sheet")):
        response = client.get(url)
        assert response.status_code == 302 and "/connexion/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "tours_member", "outsider", "steward"])
def test_every_signed_in_person_reads_the_directory(client, services, request, who):
    client.force_login(request.getfixturevalue(who))
    text = client.get(INDEX).content.decode()
    assert "5 services trouvés" in text
    assert client.get(services["soins"].structure.get_absolute_url()).status_code == 200
    assert client.get(services["soins"].get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_the_menu_links_to_the_directory_after_the_analyses(member_client):
    text = member_client.get("/").content.decode()
    analyses, directory = text.index(">Analyses</a>"), text.index(">Annuaire</a>")
    assert analyses < directory and f'href="{INDEX}"' in text


@pytest.mark.django_db
def test_filters_come_from_the_address_and_show_in_the_list(member_client, services):
    text = member_client.get(INDEX, {"theme": "numerique", "gratuit": "1"}).content.decode()
    assert hits_of(text) == ["Atelier numérique Blois", "Aide aux démarches en ligne"]
    assert "Filtres : thème : Numérique, gratuits." in text
    assert '<option value="numerique" selected>' in text
    assert "Accéder à des services en ligne" in text  # themes in plain labels
    assert "Gratuit" in text
    # A shared address without the zone's scope shows the default scope ticked.
    assert re.search(r'<input type="radio" name="portee" value="tous"[^>]*checked', text)


@pytest.mark.django_db
def test_an_address_sorts_by_distance_and_the_map_gets_every_result(member_client, services,
                                                                    offline_geocoder):
    text = member_client.get(INDEX, {"adresse": "gare de Tours"}).content.decode()
    assert hits_of(text)[:3] == ["Aide aux démarches en ligne", "Prêt d'ordinateurs",
                                 "Accès aux soins pour tous"]
    assert "Distances depuis : Place du Général Leclerc 37000 Tours." in text
    assert "À 613 m" in text or re.search(r"À 6\d\d m", text)
    assert "À 4,7 km" in text or "À 4.7 km" in text
    data = json.loads(MAP_DATA.search(text).group(1))
    assert len(data["features"]) == 5
    first = data["features"][0]["properties"]
    assert first["nom"] == "Aide aux démarches en ligne" and first["url"].startswith(
        "/annuaire/services/")
    assert "results-map.js" in text and "maplibre-gl.mjs" in text


@pytest.mark.django_db
def test_an_unknown_address_or_zone_is_said_in_french(member_client, services,
                                                      offline_geocoder):
    text = member_client.get(INDEX, {"adresse": "rue de nulle part", "zone": "Atlantide"}
                             ).content.decode()
    assert "Adresse introuvable" in text
    assert "Zone inconnue : « Atlantide »" in text
    assert "5 services trouvés" in text  # the other filters still apply


@pytest.mark.django_db
def test_a_zone_by_name_lists_what_serves_it_and_says_why(member_client, services, cvl_zones):
    text = member_client.get(INDEX, {"zone": "Tours", "portee": "tous"}).content.decode()
    assert set(hits_of(text)) == {"Aide aux démarches en ligne", "Prêt d'ordinateurs",
                                  "Accès aux soins pour tous"}
    assert "Situé dans la zone" in text and "Ouvert aux habitant·es de la zone" in text
    assert "Distances depuis le centre de Tours." in text


@pytest.mark.django_db
def test_the_list_is_paginated_and_keeps_the_filters(member_client, services):
    from .test_search_fixtures import service_make

    structure = services["logement"].structure
    for i in range(25):
        service_make(structure, f"extra-{i}", f"Logement {i:02d}",
                     thematiques=["logement-hebergement--louer-un-logement"])
    text = member_client.get(INDEX, {"theme": "logement-hebergement"}).content.decode()
    assert "26 services trouvés" in text and "Services 1 à 20." in text
    assert "page=2" in text and "theme=logement-hebergement" in text
    second = member_client.get(INDEX, {"theme": "logement-hebergement", "page": 2})
    assert len(hits_of(second.content.decode())) == 6


@pytest.mark.django_db
def test_a_structure_page_in_plain_french(member_client, services):
    structure = services["demarches"].structure
    text = member_client.get(structure.get_absolute_url()).content.decode()
    assert "<h1>Espace numérique Tours Centre" in text
    assert "12 rue Nationale" in text and "37000 Tours" in text
    assert "Voir l'accessibilité du lieu (Acceslibre)" in text
    assert 'href="tel:0247000001"' in text
    assert "Aide aux démarches en ligne" in text and "Prêt d&#x27;ordinateurs" in text
    assert re.search(r"<li>[Ll]undi.*9 h", text)  # opening hours, one line per day
    assert "data-place-map" in text and "place-map.js" in text
    assert "position approximative" not in text


@pytest.mark.django_db
def test_an_example_with_an_approximate_position_says_both(member_client, services):
    text = member_client.get(services["soins"].structure.get_absolute_url()).content.decode()
    assert "exemple fictif" in text
    assert "position approximative" in text


@pytest.mark.django_db
def test_a_closed_structure_says_since_when(member_client, services):
    text = member_client.get(services["ferme"].structure.get_absolute_url()).content.decode()
    assert "Fermée depuis le 30 juin 2024." in text
    service_text = member_client.get(services["ferme"].get_absolute_url()).content.decode()
    assert "La structure est fermée depuis le 30 juin 2024." in service_text


@pytest.mark.django_db
def test_a_service_page_names_its_eligibility_zone_and_how_to_be_referred(member_client,
                                                                          services, cvl_zones):
    text = member_client.get(services["soins"].get_absolute_url()).content.decode()
    assert "département Indre-et-Loire (37)" in text
    assert "Familles" in text and "Gratuit" in text and "Sur place" in text
    text = member_client.get(services["demarches"].get_absolute_url()).content.decode()
    assert "réservé aux habitant·es de : Tours (37261)" in text
    assert "Se présenter, Téléphoner" in text
    assert "Horaires de la structure." in text
    text = member_client.get(services["ordinateurs"].get_absolute_url()).content.decode()
    assert "5 € par mois" in text and "À distance" in text
    assert "Horaires de la structure." not in text and re.search(r"[Ss]amedi.*9 h", text)


@pytest.mark.django_db
def test_user_text_is_escaped(member_client, vocabularies):
    from .test_search_fixtures import service_make, structure_make

    structure = structure_make("xss", '<script>alert("nom")</script>', longitude=0.69,
                               latitude=47.39, description="<img src=x onerror=alert(1)>")
    service = service_make(structure, "xss-1", "<b>gras</b>")
    for url in (INDEX, structure.get_absolute_url(), service.get_absolute_url()):
        text = member_client.get(url).content.decode()
        assert '<script>alert("nom")' not in text and "<img src=x" not in text
        assert "<b>gras</b>" not in text


@pytest.mark.django_db
def test_unknown_records_are_404(member_client, services):
    top = Structure.objects.order_by("-pk").first().pk
    assert member_client.get(f"/annuaire/structures/{top + 1}/").status_code == 404
    assert member_client.get("/annuaire/services/999999/").status_code == 404


@pytest.mark.django_db
def test_a_steward_changes_the_record_others_propose(client, services, steward, tours_member):
    structure = services["demarches"].structure  # kept by the whole instance
    edit = reverse("directory:structure_edit", args=[structure.pk])
    client.force_login(steward)
    text = client.get(structure.get_absolute_url()).content.decode()
    assert f'href="{edit}"' in text and "Modifier la fiche" in text
    client.force_login(tours_member)
    text = client.get(services["demarches"].get_absolute_url()).content.decode()
    assert f'href="{edit}"' in text and "Proposer une modification" in text
