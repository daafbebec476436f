"""Map layers: built once from the stored display geometries, gzipped, served with ETags."""

import gzip
import json
from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from terreau.core import testing
from terreau.territory.layers import (
    ProcessCopies,
    hilbert_order,
    invalidate_layers,
    layer_geojson_gz,
)
from terreau.territory.models import Zone, ZoneLayerCache

pytestmark = pytest.mark.usefixtures("cvl_zones")

LAYER = "/api/v1/territoires/couches/commune"


def get_layer(client, dans="37", **headers):
    headers.setdefault("HTTP_ACCEPT_ENCODING", "gzip, deflate, br")
    return client.get(LAYER, {"dans": dans} if dans is not None else {}, **headers)


def body(response) -> bytes:
    """Return the bytes sent (the layer is streamed as a file: no `.content`)."""
    return response.getvalue()


def features(response) -> list[dict]:
    body = response.getvalue()
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return json.loads(body)["features"]


def test_layer_is_a_feature_collection_of_the_stored_display_geometries():
    layer = layer_geojson_gz("commune", "37")
    data = json.loads(gzip.decompress(bytes(layer.content_gz)))
    assert data["type"] == "FeatureCollection" and layer.feature_count == 272
    tours = next(f for f in data["features"] if f["properties"]["code"] == "37261")
    zone = Zone.objects.get(level="commune", code="37261")
    assert tours["id"] == zone.pk
    assert tours["properties"] == {"code": "37261", "nom": "Tours", "niveau": "commune"}
    assert tours["geometry"] == json.loads(zone.display)


def test_layer_is_gzipped_when_the_client_accepts_it(member_client):
    response = get_layer(member_client)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "private, max-age=300"
    assert "Accept-Encoding" in response["Vary"]
    assert len(features(response)) == 272


def test_layer_is_decompressed_for_clients_without_gzip(member_client):
    plain = get_layer(member_client, HTTP_ACCEPT_ENCODING="identity")
    zipped = get_layer(member_client)
    assert "Content-Encoding" not in plain
    assert body(plain) == gzip.decompress(body(zipped))
    assert plain["ETag"] != zipped["ETag"]  # two representations, two strong ETags
    assert get_layer(member_client, HTTP_ACCEPT_ENCODING="gzip;q=0").get("Content-Encoding") is None


def test_client_holding_the_layer_gets_304(member_client):
    first = get_layer(member_client)
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = get_layer(member_client, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and body(again) == b""
    assert again["ETag"] == etag
    other = get_layer(member_client, HTTP_IF_NONE_MATCH='"autre-version"')
    assert other.status_code == 200
    plain_etag = get_layer(member_client, HTTP_ACCEPT_ENCODING="")["ETag"]
    assert get_layer(member_client, HTTP_ACCEPT_ENCODING="",
                     HTTP_IF_NONE_MATCH=plain_etag).status_code == 304


def test_cached_layer_is_served_with_one_query(member_client, django_assert_num_queries):
    """Session + user (sign-in) + the cache row: the zones are not read again."""
    get_layer(member_client)
    with django_assert_num_queries(3):
        assert get_layer(member_client).status_code == 200


@pytest.mark.parametrize(("dans", "count"), [
    ("37", 272), ("departement:37", 272), ("24", 272), ("region:24", 272), ("37261", 1),
    ("18", 0), (None, 272),
])
def test_layer_keeps_the_zones_inside_the_territory_asked(member_client, dans, count):
    assert len(features(get_layer(member_client, dans))) == count


def test_bare_code_means_the_largest_level_holding_it(member_client, data_dir):
    """Région 24 and département 24 (Dordogne) share a code: '24' is the région."""
    testing.load_zones_from_geojson(data_dir / "geo" / "departements-france-2018-simplifie.geojson",
                                    "departement", codes=["24"], parent_code=lambda code: None)
    assert len(features(get_layer(member_client, "24"))) == 272
    assert len(features(get_layer(member_client, "departement:24"))) == 0
    response = member_client.get("/api/v1/territoires/couches/departement",
                                 {"dans": "departement:24"}, HTTP_ACCEPT_ENCODING="gzip")
    assert [f["properties"]["nom"] for f in features(response)] == ["Dordogne"]


def test_unknown_territory_or_level_is_refused(member_client):
    response = get_layer(member_client, "99")
    assert response.status_code == 404
    assert "Territoire inconnu" in response.json()["detail"]
    assert member_client.get("/api/v1/territoires/couches/planete").status_code == 422


def test_zones_without_contour_are_left_out_of_the_layer(member_client):
    response = member_client.get("/api/v1/territoires/couches/iris", {"dans": "37261"},
                                 HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and features(response) == []


def test_invalidation_makes_the_next_request_rebuild_the_layer(member_client, data_dir):
    """After an import, the importer calls invalidate_layers(): the new zones appear."""
    before = get_layer(member_client, "24")
    assert ZoneLayerCache.objects.count() == 1
    testing.load_zones_from_geojson(data_dir / "geo" / "communes-41-loir-et-cher.geojson",
                                    "commune")
    assert invalidate_layers() == 1
    after = get_layer(member_client, "24", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert len(features(after)) == 272 + 272


def test_layer_built_while_zones_change_is_not_kept():
    """A layer read while an import commits must not outlive that import."""
    later = timezone.now() + timedelta(minutes=1)
    Zone.objects.filter(code="37261").update(updated_at=later)  # as if written meanwhile
    layer = layer_geojson_gz("commune", "")
    assert layer.feature_count == 272
    assert not ZoneLayerCache.objects.exists()


def test_hilbert_order_walks_a_grid_from_neighbour_to_neighbour():
    """On a 8×8 grid every step of the order moves to an adjacent cell."""
    x, y = np.meshgrid(np.arange(8.0), np.arange(8.0))
    order = hilbert_order(x.ravel(), y.ravel(), bits=3)
    path = np.column_stack([x.ravel()[order], y.ravel()[order]])
    assert sorted(order.tolist()) == list(range(64))
    assert (np.abs(np.diff(path, axis=0)).sum(axis=1) == 1).all()


def test_layer_lists_neighbours_together():
    """Zones are written along a Hilbert curve, not in code order: gzip then finds the
    borders they share (the layer of all French communes shrinks by a fifth)."""
    data = json.loads(gzip.decompress(bytes(layer_geojson_gz("commune", "37").content_gz)))
    codes = [f["properties"]["code"] for f in data["features"]]
    assert sorted(codes) == sorted(set(codes)) and len(codes) == 272
    assert codes != sorted(codes)


def test_process_copies_keep_the_most_recent_layers_within_their_budget():
    copies = ProcessCopies(budget=10)
    copies.put(("commune", "37"), "a", b"12345")
    copies.put(("commune", "41"), "b", b"12345")
    assert copies.get(("commune", "37")) == ("a", b"12345")  # now the most recent
    copies.put(("iris", ""), "c", b"123")
    assert copies.get(("commune", "41")) is None and copies.size == 8
    copies.put(("region", ""), "d", b"x" * 11)  # larger than the budget: not kept
    assert copies.get(("region", "")) is None


def test_a_process_never_serves_its_copy_of_an_older_version(member_client):
    """The database's ETag decides: a rebuilt layer is read again, even by a process that
    held the previous one."""
    first = get_layer(member_client)
    ZoneLayerCache.objects.update(content_gz=gzip.compress(b'{"type":"FeatureCollection",'
                                                           b'"features":[]}'), etag="nouvelle")
    second = get_layer(member_client)
    assert second["ETag"] == '"nouvelle"' and features(second) == []
    assert first["ETag"] != second["ETag"]
