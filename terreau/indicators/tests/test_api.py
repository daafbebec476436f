"""The JSON API of the indicators: same permissions as the pages, documented schemas."""

import json

import pytest

from terreau.catalog.choices import Sensitivity
from terreau.indicators.api import INDICATOR_NOT_FOUND
from terreau.indicators.services import indicator_create

from .factories import dataset_make


@pytest.fixture
def chomage(comparateur, steward):
    return indicator_create(slug="chomage", label="Taux de chômage", formula="taux(chomeurs, "
                            "actifs)", unit="%", user=steward)


@pytest.fixture
def group_indicator(cvl_zones, data_dir, tours_group, steward):
    dataset_make(data_dir, slug="tours", sensitivity=Sensitivity.GROUP, owner_group=tours_group)
    return indicator_create(slug="chomage-tours", label="Chômage (groupe)",
                            formula="taux(tours.chomeurs, tours.actifs)", user=steward)


URLS = ["/api/v1/indicateurs/", "/api/v1/indicateurs/chomage",
        "/api/v1/indicateurs/chomage/valeurs?dans=37"]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_clients_get_401(client, chomage, url):
    assert client.get(url).status_code == 401


@pytest.mark.parametrize("who, status", [("tours_member", 200), ("steward", 200),
                                         ("outsider", 404)])
def test_a_group_indicator_exists_for_its_group_only(request, client, group_indicator, who,
                                                     status):
    client.force_login(request.getfixturevalue(who))
    listed = [item["slug"] for item in client.get("/api/v1/indicateurs/").json()]
    assert ("chomage-tours" in listed) is (status == 200)
    for url in ["/api/v1/indicateurs/chomage-tours",
                "/api/v1/indicateurs/chomage-tours/valeurs?dans=37"]:
        response = client.get(url)
        assert response.status_code == status
        if status == 404:
            assert response.json() == {"detail": INDICATOR_NOT_FOUND}


def test_the_sheet_lists_variables_with_their_datasets(client, chomage, tours_member):
    client.force_login(tours_member)
    data = client.get("/api/v1/indicateurs/chomage").json()
    assert data["formule"] == "taux(chomeurs, actifs)" and data["periodes"] == ["2018"]
    assert [v["nom_complet"] for v in data["variables"]] == ["comparateur.chomeurs",
                                                            "comparateur.actifs"]
    assert data["variables"][0]["jeu_de_donnees"]["licence"] == "Licence Ouverte / Etalab 2.0"


def test_values_give_zones_and_references(client, chomage, tours_member, data_dir):
    client.force_login(tours_member)
    response = client.get("/api/v1/indicateurs/chomage/valeurs", {"dans": "37"})
    data = json.loads(b"".join(response.streaming_content))
    assert int(response["Content-Length"]) == len(json.dumps(
        data, ensure_ascii=False, separators=(",", ":")).encode())
    assert response["Content-Type"] == "application/json"
    assert (data["niveau"], data["periode"], data["dans"]) == ("commune", "2018", "37")
    assert len(data["zones"]) == 272
    tours = next(z for z in data["zones"] if z["code"] == "37261")
    assert tours["parents"] == ["37", "24"] and tours["raison"] is None
    assert [r["niveau"] for r in data["references"]] == ["departement", "region", "selection"]
    region = data["references"][1]
    assert region["valeur"] is None and region["raison"].startswith("incomplet")


def test_a_second_request_with_the_etag_gets_304(client, chomage, tours_member):
    client.force_login(tours_member)
    first = client.get("/api/v1/indicateurs/chomage/valeurs", {"dans": "37"})
    again = client.get("/api/v1/indicateurs/chomage/valeurs", {"dans": "37"},
                       HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_bad_parameters_are_refused(client, chomage, tours_member):
    client.force_login(tours_member)
    assert client.get("/api/v1/indicateurs/chomage/valeurs",
                      {"niveau": "planete"}).status_code == 422
    unknown = client.get("/api/v1/indicateurs/chomage/valeurs", {"dans": "99"})
    assert unknown.status_code == 404 and "Territoire inconnu" in unknown.json()["detail"]
    assert client.get("/api/v1/indicateurs/chomage/valeurs",
                      {"periode": "1900"}).status_code == 404


def test_the_openapi_schema_documents_the_indicator_operations(client, member):
    client.force_login(member)
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/indicateurs/", "/api/v1/indicateurs/{slug}",
            "/api/v1/indicateurs/{slug}/valeurs"} <= set(schema["paths"])
    components = schema["components"]["schemas"]
    assert {"IndicatorOut", "IndicatorDetailOut", "IndicatorValuesOut", "ZoneValueOut"} <= set(
        components)
    values = schema["paths"]["/api/v1/indicateurs/{slug}/valeurs"]["get"]
    assert [p["name"] for p in values["parameters"]] == ["slug", "niveau", "dans", "periode"]



def test_indicator_read_agrees_with_the_rule_the_cache_key_and_the_audit(
        chomage, data_dir, steward, tours_member):
    from terreau.indicators.queries import _versions_stamp, indicator_read

    read = indicator_read(slug="chomage", user=tours_member)
    assert read.indicator == chomage and not read.restricted
    assert read.stamp == _versions_stamp(chomage)
    dataset_make(data_dir, slug="restreint", sensitivity=Sensitivity.RESTRICTED).stewards.add(
        steward)
    restricted = indicator_create(slug="restreint", label="Chômage (restreint)", user=steward,
                                  formula="taux(restreint.chomeurs, comparateur.actifs)")
    read = indicator_read(slug="restreint", user=steward)
    assert read.restricted and read.stamp == _versions_stamp(restricted)
    assert indicator_read(slug="restreint", user=tours_member) is None
    assert indicator_read(slug="inconnu", user=steward) is None
