"""The actions as GeoJSON (map.py, actions:map_data): each zone's display contour and a point
inside it, the group's colour flag, the same rights and filters as the list."""

# ruff: noqa: F811
import json

import pytest
import shapely
from django.urls import reverse

from terreau.actions.map import actions_geojson, bbox_of
from terreau.actions.models import Action
from terreau.actions.plans import action_update
from terreau.core import testing

from .plans_setup import (  # noqa: F401
    JOUE,
    TOURS,
    VIERZON,
    action,
    other_action,
    private_action,
    structure,
    zones,
)

pytestmark = pytest.mark.django_db


def test_each_zone_is_a_contour_and_a_point_inside_it(action, mehdi, zones, fanny):
    action_update(action=action, by=fanny, zones=[zones[TOURS], zones[JOUE]])
    data = actions_geojson(Action.objects.filter(pk=action.pk), mehdi)
    kinds = sorted((f["properties"]["zone_code"], f["properties"]["kind"])
                   for f in data["features"])
    assert kinds == [(JOUE, "point"), (JOUE, "zone"), (TOURS, "point"), (TOURS, "zone")]
    for feature in data["features"]:
        zone = zones[feature["properties"]["zone_code"]]
        contour = shapely.from_geojson(zone.display)
        if feature["properties"]["kind"] == "zone":
            assert feature["geometry"] == json.loads(zone.display)
        else:
            assert contour.buffer(1e-4).contains(shapely.geometry.shape(feature["geometry"]))
        assert feature["properties"]["titre"] == "Permanence de la Mission locale"
        assert feature["properties"]["du_groupe"] is True
        assert feature["properties"]["url"] == action.get_absolute_url()
    box = bbox_of([action])
    assert box[0] < zones[JOUE].min_lon and box[3] > zones[TOURS].max_lat


def test_an_iris_without_contour_is_a_point_at_its_communes_place(action, fanny, zones,
                                                                  data_dir, mehdi):
    testing.load_iris_list([TOURS], data_dir)
    iris = zones[TOURS].children.first()
    action_update(action=action, by=fanny, zones=[iris])
    features = actions_geojson(Action.objects.filter(pk=action.pk), mehdi)["features"]
    assert [f["properties"]["kind"] for f in features] == ["point"]


def test_the_endpoint_reads_what_the_person_reads_with_the_filters(client, action, other_action,
                                                                   private_action, mehdi):
    client.force_login(mehdi)
    response = client.get(reverse("actions:map_data"))
    assert response["Content-Type"] == "application/geo+json"
    features = response.json()["features"]
    assert {f["properties"]["titre"] for f in features} == {"Permanence de la Mission locale",
                                                             "Bus santé"}
    theirs = [f for f in features if f["properties"]["zone_code"] == VIERZON]
    assert {f["properties"]["du_groupe"] for f in theirs} == {False}
    only = client.get(reverse("actions:map_data"), {"groupe": "autres"}).json()["features"]
    assert {f["properties"]["titre"] for f in only} == {"Bus santé"}
    one = client.get(reverse("actions:map_data"), {"action": action.slug}).json()["features"]
    assert {f["properties"]["slug"] for f in one} == {action.slug}
