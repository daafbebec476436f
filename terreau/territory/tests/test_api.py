"""The JSON API of the territories: schemas, search, detail, sign-in required."""

import pytest

from terreau.territory.api import ZONE_NOT_FOUND

pytestmark = pytest.mark.usefixtures("cvl_zones")

ENDPOINTS = [
    "/api/v1/territoires/zones?q=tours",
    "/api/v1/territoires/zones/commune/37261",
    "/api/v1/territoires/couches/commune?dans=37",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_clients_get_401_not_a_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_openapi_schema_requires_sign_in(client, member):
    assert client.get("/api/v1/openapi.json").status_code == 302
    client.force_login(member)
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_openapi_schema_describes_the_territory_operations(member_client):
    schema = member_client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/territoires/zones", "/api/v1/territoires/zones/{level}/{code}",
            "/api/v1/territoires/couches/{level}"} <= set(schema["paths"])
    components = schema["components"]["schemas"]
    assert {"ZoneSearchOut", "ZoneDetailOut", "ZoneRefOut"} <= set(components)
    layer = schema["paths"]["/api/v1/territoires/couches/{level}"]["get"]
    assert "application/geo+json" in layer["responses"]["200"]["content"]
    assert [p["name"] for p in layer["parameters"]] == ["level", "dans"]


def test_search_returns_the_best_match_first(member_client):
    response = member_client.get("/api/v1/territoires/zones",
                                 {"q": "joue", "niveau": "commune", "limit": 5})
    assert response.status_code == 200
    assert response.json()[0] == {
        "code": "37122", "nom": "Joué-lès-Tours", "niveau": "commune",
        "niveau_libelle": "Commune",
        "departement": {"code": "37", "nom": "Indre-et-Loire", "niveau": "departement"},
        "url": "/territoires/commune/37122/",
    }


def test_search_limit_and_level_are_checked(member_client):
    assert len(member_client.get("/api/v1/territoires/zones", {"q": "37", "limit": 3}).json()) == 3
    for params in [{"q": "37", "limit": 0}, {"q": "37", "limit": 101},
                   {"q": "37", "niveau": "planete"}, {"q": ""}]:
        assert member_client.get("/api/v1/territoires/zones", params).status_code == 422


def test_zone_detail_of_tours(member_client):
    data = member_client.get("/api/v1/territoires/zones/commune/37261").json()
    assert data["code"] == "37261" and data["nom"] == "Tours" and data["niveau"] == "commune"
    assert data["parents"] == [
        {"code": "37", "nom": "Indre-et-Loire", "niveau": "departement"},
        {"code": "24", "nom": "Centre-Val de Loire", "niveau": "region"},
    ]
    assert data["enfants"] == {"iris": 57}
    assert 33 < data["superficie_km2"] < 35
    west, south, east, north = data["bbox"]
    assert west < 0.69 < east and south < 47.39 < north
    assert data["has_contour"] is True and data["vintage"] == 2018


def test_zone_detail_of_a_region_counts_its_departements(member_client):
    data = member_client.get("/api/v1/territoires/zones/region/24").json()
    assert data["parents"] == [] and data["enfants"] == {"departement": 6}


def test_zone_detail_of_an_iris_without_contour(member_client):
    data = member_client.get("/api/v1/territoires/zones/iris/372610101").json()
    assert data["has_contour"] is False and data["bbox"] is None
    assert data["parents"][0]["nom"] == "Tours"


def test_zone_detail_of_an_unknown_zone_is_404_in_french(member_client):
    response = member_client.get("/api/v1/territoires/zones/commune/99999")
    assert response.status_code == 404
    assert response.json() == {"detail": ZONE_NOT_FOUND}
