"""Representative points of zones for proportional symbols: inside their zone, cached."""

import gzip
import json

import shapely
from django.test import Client

from terreau.atlas.points import points_build, points_of
from terreau.territory.models import Zone

POINTS = "/api/v1/atlas/points"


def test_points_fall_inside_their_zones(cvl_zones):
    data = points_build("commune", "37")
    assert len(data["features"]) == 272
    contours = dict(Zone.objects.filter(level="commune").values_list("code", "geometry"))
    for feature in data["features"]:
        point = shapely.Point(feature["geometry"]["coordinates"])
        code = feature["properties"]["code"]
        contour = shapely.make_valid(shapely.from_wkb(bytes(contours[code])))
        assert contour.distance(point) < 1e-5, feature["properties"]
    tours = next(f for f in data["features"] if f["properties"]["code"] == "37261")
    assert tours["properties"]["nom"] == "Tours"
    assert tours["id"] == Zone.objects.get(level="commune", code="37261").pk


def test_zones_without_contour_have_no_point(cvl_zones):
    assert points_build("iris", "commune:37261")["features"] == []
    assert set(points_of("commune", "37")) == set(
        Zone.objects.filter(level="commune").values_list("code", flat=True))


def test_the_api_serves_gzip_and_answers_304(member_client, cvl_zones):
    response = member_client.get(POINTS, {"niveau": "commune", "dans": "37"},
                                 HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert response["Content-Type"] == "application/geo+json"
    assert len(json.loads(gzip.decompress(response.content))["features"]) == 272
    plain = member_client.get(POINTS, {"niveau": "commune", "dans": "37"})
    assert "Content-Encoding" not in plain and len(plain.json()["features"]) == 272
    again = member_client.get(POINTS, {"niveau": "commune", "dans": "37"},
                              HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_change_of_zones_gives_new_points(member_client, cvl_zones):
    first = member_client.get(POINTS, {"dans": "37"})
    Zone.objects.filter(level="commune", code="37261").delete()
    second = member_client.get(POINTS, {"dans": "37"})
    assert first["ETag"] != second["ETag"] and len(second.json()["features"]) == 271


def test_bad_territory_or_level(member_client, cvl_zones):
    assert Client().get(POINTS).status_code == 401
    unknown = member_client.get(POINTS, {"dans": "99"})
    assert unknown.status_code == 404 and unknown.json()["detail"] == "Territoire inconnu : « 99 »."
    level = member_client.get(POINTS, {"niveau": "quartier"})
    assert level.status_code == 400 and "« niveau »" in level.json()["detail"]
