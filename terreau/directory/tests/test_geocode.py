"""Positions: the national address geocoder (a local server answering like it), the
commune's centre, the INSEE code from a commune's name and postcode."""

import json

import pytest
import shapely

from terreau.core.tests.fixtures import LocalServer
from terreau.directory.geocode import (
    CommuneIndex,
    Geocoder,
    commune_centre,
    commune_key,
    geocode_address,
)
from terreau.territory.models import Zone


@pytest.fixture
def local_server():
    """A local server answering like api-adresse.data.gouv.fr (never the internet)."""
    with LocalServer() as server:
        yield server


@pytest.fixture
def closed_url() -> str:
    """A local port where nothing listens: connections are refused at once (offline)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def answer(lon, lat, label, score=0.9) -> bytes:
    """A reply of api-adresse.data.gouv.fr/search/ (GeoJSON, best match first)."""
    return json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"label": label, "score": score, "citycode": "37261"}}]}).encode()


def test_an_address_is_found_by_the_geocoder(local_server, settings):
    settings.TERREAU_GEOCODER_URL = local_server.url
    local_server.routes["/search/"] = (200, answer(0.6930617, 47.3832009,
                                                   "10 Place Neuve 37000 Tours"))
    assert geocode_address("10 place Neuve 37000 Tours", citycode="37261") == (
        0.693062, 47.383201, "10 Place Neuve 37000 Tours")
    request = local_server.requests[-1]
    assert request.startswith("/search/?") and "citycode=37261" in request
    assert "limit=1" in request


def test_a_poor_match_or_an_error_gives_no_position(local_server, settings):
    settings.TERREAU_GEOCODER_URL = local_server.url
    local_server.routes["/search/"] = (200, answer(2.35, 48.85, "Paris", score=0.2))
    assert geocode_address("rue inconnue") is None
    local_server.routes["/search/"] = (200, b'{"features": []}')
    assert geocode_address("nulle part") is None
    local_server.routes["/search/"] = (200, b"<html>not json</html>")
    assert geocode_address("10 place Neuve") is None
    local_server.routes["/search/"] = (503, b"{}")
    assert geocode_address("10 place Neuve") is None
    assert geocode_address("   ") is None


def test_offline_the_geocoder_is_asked_once_per_import(closed_url, settings):
    settings.TERREAU_GEOCODER_URL = closed_url
    assert geocode_address("10 place Neuve 37000 Tours") is None
    geocoder = Geocoder()
    assert geocoder("10 place Neuve 37000 Tours") is None
    assert geocoder("2 rue de la Rotière 37300 Joué-lès-Tours") is None
    assert geocoder.asked == 1 and not geocoder.available
    geocoder.close()


@pytest.mark.django_db
def test_the_commune_centre_falls_inside_the_commune(cvl_zones):
    lon, lat = commune_centre("37261")
    tours = Zone.objects.get(level="commune", code="37261")
    assert shapely.from_wkb(bytes(tours.geometry)).contains(shapely.Point(lon, lat))
    assert commune_centre("99999") is None


@pytest.mark.django_db
def test_insee_codes_from_names_written_in_capitals(cvl_zones):
    index = CommuneIndex()
    assert index.find("JOUE LES TOURS", "37300") == "37122"
    assert index.find("ST PIERRE DES CORPS", "37700") == "37233"
    assert index.find("TOURS CEDEX 1", "37041") == "37261"
    assert index.find("LA RICHE", "37520") == "37195"
    assert index.find("Tours", "18000") is None  # not in the postcode's département
    assert index.find("Nulle-Part", "37000") is None
    assert commune_key("La Loupe") == commune_key("LOUPE") == "loupe"
