"""The search API: /api/v1/annuaire/services (the page's filters, JSON or GeoJSON) and
/api/v1/annuaire/structures/{pk} (data·inclusion v1 fields and plain-French hours)."""

import pytest

from .test_search_fixtures import TOURS_STATION, directory_make

API = "/api/v1/annuaire"


@pytest.fixture
def services(vocabularies):
    return directory_make()


@pytest.mark.django_db
def test_anonymous_clients_get_401(client, services):
    assert client.get(f"{API}/services").status_code == 401
    pk = services["soins"].structure.pk
    assert client.get(f"{API}/structures/{pk}").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "outsider"])
def test_every_signed_in_person_searches(client, services, request, who):
    client.force_login(request.getfixturevalue(who))
    data = client.get(f"{API}/services", {"theme": "numerique", "gratuit": "1"}).json()
    assert data["total"] == 2
    assert [s["nom"] for s in data["services"]] == ["Atelier numérique Blois",
                                                    "Aide aux démarches en ligne"]
    first = data["services"][1]
    assert first["structure"]["nom"] == "Espace numérique Tours Centre"
    assert first["thematiques_libelles"] == ["Accéder à des services en ligne"]
    assert (first["longitude"], first["latitude"]) == (0.6889, 47.3941)
    assert first["adresse"] == "12 rue Nationale, 37000 Tours"
    assert data["filtres"] == ["thème : Numérique", "gratuits"]


@pytest.mark.django_db
def test_distance_paging_and_geojson(member_client, services, monkeypatch):
    monkeypatch.setattr("terreau.directory.forms_search.geocode_address",
                        lambda text, citycode="": (*TOURS_STATION, "Gare de Tours"))
    data = member_client.get(f"{API}/services", {"adresse": "gare", "limit": 2}).json()
    assert data["total"] == 5 and len(data["services"]) == 2
    assert data["services"][0]["distance_km"] <= data["services"][1]["distance_km"] < 1
    response = member_client.get(f"{API}/services", {"adresse": "gare", "format": "geojson"})
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 5
    assert collection["features"][0]["geometry"]["coordinates"] == [0.6889, 47.3941]


@pytest.mark.django_db
def test_closed_services_only_when_asked(member_client, services):
    names = [s["nom"] for s in member_client.get(f"{API}/services", {"fermes": "1"}
                                                 ).json()["services"]]
    assert "Permanence numérique fermée" in names
    names = [s["nom"] for s in member_client.get(f"{API}/services").json()["services"]]
    assert "Permanence numérique fermée" not in names


@pytest.mark.django_db
def test_bad_parameters_are_400_in_french(member_client, services):
    response = member_client.get(f"{API}/services", {"theme": "inconnu", "rayon": "beaucoup"})
    assert response.status_code == 400
    errors = response.json()["erreurs"]
    assert set(errors) == {"theme", "rayon"}


@pytest.mark.django_db
def test_a_structure_with_its_services(member_client, services):
    structure = services["demarches"].structure
    data = member_client.get(f"{API}/structures/{structure.pk}").json()
    assert data["nom"] == "Espace numérique Tours Centre" and data["id"] == "tours-num"
    assert data["url"] == structure.get_absolute_url()
    assert [s["nom"] for s in data["services"]] == ["Aide aux démarches en ligne",
                                                   "Prêt d'ordinateurs"]
    assert any("9 h" in line for line in data["horaires_en_clair"])
    assert member_client.get(f"{API}/structures/999999").status_code == 404
