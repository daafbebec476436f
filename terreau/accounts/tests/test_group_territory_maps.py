"""A group's territory as `dans=vecu:<pk>`: its map layer, its indicator values, who gets them,
and the cache that follows its changes. Real INSEE counts of Indre-et-Loire."""

import gzip
import json

import pytest

from terreau.accounts.services import group_territory_delete, group_territory_update
from terreau.indicators.queries import indicator_values
from terreau.indicators.services import indicator_create
from terreau.indicators.tests.factories import comparateur_read, dataset_make
from terreau.indicators.values import IndicatorUnavailable
from terreau.territory.models import Zone, ZoneLayerCache
from terreau.territory.queries import within_resolve, zone_list_for_layer
from terreau.territory.within import WithinLevelError

from .conftest import AROUND_TOURS, commune_ids
from .factories import user_make

LEVEL_MESSAGE = ("Le territoire « Agglomération de Tours » est composé de zones de niveau "
                 "commune : affichez-le à ce niveau ou à un niveau plus fin, pas au niveau "
                 "département.")


@pytest.fixture
def chomage(cvl_zones, data_dir, tours_group):
    steward = user_make("stephane", group=tours_group, role="steward")
    dataset_make(data_dir)
    return indicator_create(slug="chomage", label="Taux de chômage des 15-64 ans",
                            formula="taux(chomeurs, actifs)", unit="%", user=steward)


def layer_url(level: str = "commune") -> str:
    return f"/api/v1/territoires/couches/{level}"


def layer_codes(response) -> set[str]:
    body = response.getvalue()
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return {feature["properties"]["code"] for feature in json.loads(body)["features"]}


def get_layer(client, territory, level="commune"):
    return client.get(layer_url(level), {"dans": territory.within_param},
                      HTTP_ACCEPT_ENCODING="gzip")


# ---- Resolution -------------------------------------------------------------------------


def test_vecu_resolves_to_its_zones_for_a_member_only(around_tours, tours_member, outsider):
    within = within_resolve(around_tours.within_param, user=tours_member)
    assert within.level == "commune" and within.name == "Agglomération de Tours"
    assert within.zone_ids == frozenset(commune_ids(AROUND_TOURS))
    assert within.cache_key == f"vecu:{around_tours.pk}@1"
    assert within_resolve(around_tours.within_param, user=outsider) is None
    assert within_resolve(around_tours.within_param) is None  # no user: nobody's territory
    assert within_resolve("vecu:abc", user=tours_member) is None


def test_a_finer_level_takes_the_zones_inside_and_a_larger_one_is_refused(around_tours,
                                                                        tours_member):
    within = within_resolve(around_tours.within_param, user=tours_member)
    iris = set(zone_list_for_layer(level="iris", within=within).values_list("code", flat=True))
    assert iris == set(Zone.objects.filter(level="iris", parent__code="37261")
                       .values_list("code", flat=True))
    assert len(iris) > 1
    with pytest.raises(WithinLevelError) as caught:
        zone_list_for_layer(level="departement", within=within)
    assert str(caught.value) == LEVEL_MESSAGE


# ---- Layer ------------------------------------------------------------------------------


def test_its_layer_holds_exactly_its_zones(client, around_tours, tours_member):
    client.force_login(tours_member)
    response = get_layer(client, around_tours)
    assert response.status_code == 200
    assert layer_codes(response) == set(AROUND_TOURS)
    cached = ZoneLayerCache.objects.get()
    assert (cached.within, cached.feature_count) == (f"vecu:{around_tours.pk}@1", 5)


@pytest.mark.parametrize("who", ["outsider", "nobody"])
def test_its_layer_is_404_for_others_and_401_for_anonymous(request, client, around_tours, who):
    if who == "outsider":
        client.force_login(request.getfixturevalue("outsider"))
    response = get_layer(client, around_tours)
    assert response.status_code == (404 if who == "outsider" else 401)
    assert not ZoneLayerCache.objects.exists()


def test_a_larger_level_than_its_zones_is_a_400_in_french(client, around_tours, tours_member):
    client.force_login(tours_member)
    response = get_layer(client, around_tours, level="departement")
    assert response.status_code == 400
    assert response.json() == {"detail": LEVEL_MESSAGE}


def test_editing_the_territory_invalidates_its_cached_layer(client, around_tours, tours_member):
    client.force_login(tours_member)
    first = get_layer(client, around_tours)
    assert layer_codes(first) == set(AROUND_TOURS)
    group_territory_update(territory=around_tours, name=around_tours.name,
                           zone_ids=commune_ids(["37261", "37122"]))
    assert not ZoneLayerCache.objects.exists()
    # Even a client holding the old version gets the new zones (a new ETag).
    again = client.get(layer_url(), {"dans": around_tours.within_param},
                       HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert layer_codes(again) == {"37261", "37122"}
    assert ZoneLayerCache.objects.get().within == f"vecu:{around_tours.pk}@2"
    group_territory_delete(territory=around_tours)
    assert not ZoneLayerCache.objects.exists()
    assert get_layer(client, around_tours).status_code == 404


# ---- Indicator values -------------------------------------------------------------------


def test_its_values_cover_its_zones_and_the_selection_sums_their_counts(
        around_tours, chomage, tours_member, data_dir):
    result = indicator_values(chomage, level="commune", within=around_tours.within_param,
                              user=tours_member)
    assert {row.code for row in result.rows} == set(AROUND_TOURS)
    assert result.within == around_tours.within_param
    assert result.within_name == "Agglomération de Tours"
    table = comparateur_read(data_dir).set_index("CODGEO").loc[list(AROUND_TOURS)]
    selection = next(row for row in result.references if row.level == "selection")
    expected = table.P18_CHOM1564.sum() / table.P18_ACT1564.sum() * 100
    assert selection.value == pytest.approx(expected)
    assert selection.name == "Sélection : communes de Agglomération de Tours (5)"
    # The mean of the five rates is another number: the selection really sums the counts.
    assert abs((table.P18_CHOM1564 / table.P18_ACT1564).mean() * 100 - expected) > 0.01
    assert {row.code for row in result.references if row.level != "selection"} == {"37", "24"}


def test_its_values_follow_a_change_of_its_zones(around_tours, chomage, tours_member):
    before = indicator_values(chomage, level="commune", within=around_tours.within_param,
                              user=tours_member)
    group_territory_update(territory=around_tours, name=around_tours.name,
                           zone_ids=commune_ids(["37261", "37122"]))
    after = indicator_values(chomage, level="commune", within=around_tours.within_param,
                             user=tours_member)
    assert len(before.rows) == 5 and {row.code for row in after.rows} == {"37261", "37122"}


def test_its_values_are_unavailable_to_another_group(around_tours, chomage, outsider):
    with pytest.raises(IndicatorUnavailable, match="Territoire inconnu"):
        indicator_values(chomage, level="commune", within=around_tours.within_param,
                         user=outsider)


def test_the_values_api_serves_members_and_hides_it_from_others(client, around_tours, chomage,
                                                                tours_member, outsider):
    url = "/api/v1/indicateurs/chomage/valeurs"
    params = {"niveau": "commune", "dans": around_tours.within_param}
    client.force_login(tours_member)
    response = client.get(url, params)
    assert response.status_code == 200
    body = json.loads(response.getvalue())
    assert {zone["code"] for zone in body["zones"]} == set(AROUND_TOURS)
    assert body["dans"] == around_tours.within_param
    refused = client.get(url, {**params, "niveau": "departement"})
    assert refused.status_code == 404 and refused.json() == {"detail": LEVEL_MESSAGE}
    client.force_login(outsider)
    hidden = client.get(url, params)
    assert hidden.status_code == 404
    assert hidden.json()["detail"] == f"Territoire inconnu : « {around_tours.within_param} »."


def test_the_indicator_and_map_pages_show_it_to_members_only(client, around_tours, chomage,
                                                             tours_member, outsider):
    query = f"?niveau=commune&dans={around_tours.within_param}"
    client.force_login(tours_member)
    indicator_page = client.get(f"/indicateurs/chomage/{query}")
    assert indicator_page.status_code == 200
    assert len(indicator_page.context["result"].rows) == 5
    map_page = client.get(f"/territoires/carte/{query}")
    assert map_page.status_code == 200
    assert map_page.context["summary"].count == 5
    assert "territoire « Agglomération de Tours » du groupe Tours — insertion" in \
        map_page.content.decode()
    coarse = client.get(f"/territoires/carte/?niveau=departement&dans={around_tours.within_param}")
    assert coarse.status_code == 400 and LEVEL_MESSAGE in coarse.content.decode()
    client.force_login(outsider)
    assert client.get(f"/indicateurs/chomage/{query}").status_code == 404
    assert client.get(f"/territoires/carte/{query}").status_code == 404
