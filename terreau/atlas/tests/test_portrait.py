"""The portrait of a zone: every visible indicator, with the same values as the indicators API."""

import json

import pytest
from django.urls import reverse

ZONE = "/api/v1/atlas/zone"


def values_api(client, slug: str, **params) -> dict:
    response = client.get(f"/api/v1/indicateurs/{slug}/valeurs", params)
    return json.loads(b"".join(response.streaming_content))


def test_values_ranks_and_references_equal_the_indicators_api(member_api, atlas_indicators):
    portrait = member_api.get(ZONE, {"niveau": "commune", "code": "37261", "dans": "37"}).json()
    assert portrait["zone"] == {"code": "37261", "nom": "Tours", "niveau": "commune",
                                "url": reverse("territory:zone", args=["commune", "37261"])}
    entries = {entry["slug"]: entry for entry in portrait["indicateurs"]}
    assert set(entries) == {"chomage", "population", "revenu-median"}
    for slug, entry in entries.items():
        api = values_api(member_api, slug, niveau="commune", dans="37")
        tours = next(z for z in api["zones"] if z["code"] == "37261")
        assert entry["valeur"] == pytest.approx(tours["valeur"])
        assert entry["rang"] == tours["rang"] and entry["periode"] == api["periode"]
        assert entry["sur"] == sum(z["valeur"] is not None for z in api["zones"])
        expected = {(r["niveau"], r["code"]): r["valeur"] for r in api["references"]}
        got = {(r["niveau"], r["code"]): r["valeur"] for r in entry["references"]}
        assert got == expected
        assert [r["niveau"] for r in entry["references"]] == ["departement", "region",
                                                              "selection"]
    assert entries["population"]["rang"] == 1  # Tours is the most populated commune


def test_a_period_the_indicator_lacks_gives_its_latest(member_api, atlas_indicators):
    portrait = member_api.get(ZONE, {"code": "37261", "dans": "37", "periode": "2013"}).json()
    periods = {entry["slug"]: entry["periode"] for entry in portrait["indicateurs"]}
    assert periods == {"chomage": "2018", "population": "2013", "revenu-median": "2018"}


def test_a_zone_outside_the_selection_has_no_rank(member_api, cher_communes, atlas_indicators):
    portrait = member_api.get(ZONE, {"code": "18279", "dans": "37"}).json()
    entry = portrait["indicateurs"][0]
    assert entry["valeur"] is None and entry["rang"] is None
    assert entry["raison"] == "zone hors de la sélection"


def test_the_group_indicator_shows_for_its_group_only(client, chomage_groupe, tours_member,
                                                      outsider):
    for user, seen in ((tours_member, True), (outsider, False)):
        client.force_login(user)
        portrait = client.get(ZONE, {"code": "37261"}).json()
        assert ("chomage-tours" in [e["slug"] for e in portrait["indicateurs"]]) is seen


def test_unknown_zone_or_territory(member_api, atlas_indicators):
    missing = member_api.get(ZONE, {"code": "99999"})
    assert missing.status_code == 404 and missing.json()["detail"] == \
        "Zone introuvable : commune 99999."
    territory = member_api.get(ZONE, {"code": "37261", "dans": "99"})
    assert territory.status_code == 400
    assert territory.json()["detail"] == "Paramètre « dans » : territoire inconnu « 99 »."
