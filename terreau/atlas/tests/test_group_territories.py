"""The atlas inside a group's own territory (dans=vecu:<pk>): for its members only, never stale."""

import json

import pytest

from terreau.accounts.services import group_territory_update
from terreau.territory.models import Zone

CARTE = "/api/v1/atlas/carte"


def get(client, url: str, **params):
    response = client.get(url, params)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, json.loads(content)


def test_the_map_of_a_group_territory_for_its_members_only(client, atlas_indicators,
                                                           agglo_tours, tours_member, outsider):
    dans = agglo_tours.within_param
    client.force_login(tours_member)
    status, data = get(client, CARTE, indicateur="chomage", dans=dans, classes=3)
    assert status == 200 and len(data["zones"]) == 5
    assert data["dans_nom"] == "Agglomération de Tours"
    assert sum(data["classification"]["effectifs"]) == 5
    client.force_login(outsider)  # the body is cached: the outsider must not get it
    status, data = get(client, CARTE, indicateur="chomage", dans=dans, classes=3)
    assert status == 400
    assert data["detail"] == f"Paramètre « dans » : territoire inconnu « {dans} »."
    for url, params in (("/api/v1/atlas/points", {"dans": dans}),
                        ("/api/v1/atlas/zone", {"code": "37261", "dans": dans})):
        assert client.get(url, params).status_code in (400, 404)


def test_a_changed_territory_gives_a_new_map(member_api, atlas_indicators, agglo_tours):
    dans = agglo_tours.within_param
    _, before = get(member_api, CARTE, indicateur="chomage", dans=dans, classes=3)
    tours = Zone.objects.filter(level="commune", code__in=("37261", "37122", "37214"))
    group_territory_update(territory=agglo_tours, name=agglo_tours.name,
                           zone_ids=list(tours.values_list("pk", flat=True)))
    _, after = get(member_api, CARTE, indicateur="chomage", dans=dans, classes=3)
    assert len(before["zones"]) == 5 and len(after["zones"]) == 3
    _, points = get(member_api, "/api/v1/atlas/points", dans=dans)
    assert len(points["features"]) == 3


def test_the_territory_is_a_reference_of_the_zone_portrait(client, atlas_indicators,
                                                           agglo_tours, tours_member,
                                                           outsider):
    client.force_login(tours_member)
    _, portrait = get(client, "/api/v1/atlas/zone", code="37261", dans="37")
    chomage = next(e for e in portrait["indicateurs"] if e["slug"] == "chomage")
    drawn = chomage["references"][-1]
    assert (drawn["niveau"], drawn["code"], drawn["nom"]) == (
        "vecu", agglo_tours.within_param, "Agglomération de Tours")
    _, selection = get(client, CARTE, indicateur="chomage", dans=agglo_tours.within_param)
    expected = next(r for r in selection["references"] if r["code"] == "selection")
    assert drawn["valeur"] == pytest.approx(expected["valeur"])
    client.force_login(outsider)
    _, portrait = get(client, "/api/v1/atlas/zone", code="37261", dans="37")
    assert all(r["niveau"] != "vecu" for e in portrait["indicateurs"]
               for r in e["references"])


def test_a_diverging_palette_centred_on_the_group_territory(member_api, atlas_indicators,
                                                            agglo_tours):
    status, data = get(member_api, CARTE, indicateur="chomage", dans="37", palette="PuOr",
                       reference=agglo_tours.within_param)
    assert status == 200, data
    _, own = get(member_api, CARTE, indicateur="chomage", dans=agglo_tours.within_param)
    centre = next(r for r in own["references"] if r["code"] == "selection")["valeur"]
    assert data["classification"]["centre"] == pytest.approx(centre)
    assert data["classification"]["centre_nom"] == "Agglomération de Tours"


def test_render_map_inside_a_group_territory(run_cli, atlas_indicators, agglo_tours, tmp_path):
    target = tmp_path / "agglo.svg"
    code, _, err = run_cli("render-map", "--indicator", "chomage", "--within",
                           agglo_tours.within_param, "--user", "mehdi", "--format", "svg",
                           "-o", str(target), "--symbols", "population", "--classes", "3")
    assert code == 0, err
    assert "Agglomération de Tours" in target.read_text()
