"""The atlas JSON API on real values: permissions per role, classified maps, bad input."""

import json
import time

import mapclassify
import numpy as np
import pytest
import scipy.stats

from terreau.core.choices import AuditAction
from terreau.core.models import AuditEvent

CARTE = "/api/v1/atlas/carte"
URLS = [f"{CARTE}?indicateur=chomage&dans=37", "/api/v1/atlas/zone?code=37261&dans=37",
        "/api/v1/atlas/rapprochement?carte=chomage,commune,37,&carte=revenu-median,commune,37,",
        "/api/v1/atlas/points?niveau=commune&dans=37"]


def body(response) -> dict:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(content)


def carte(client, status: int = 200, **params) -> dict:
    response = client.get(CARTE, params)
    assert response.status_code == status, response.content[:300]
    return body(response)


@pytest.mark.parametrize("url", URLS)
def test_anonymous_clients_get_401(client, atlas_indicators, url):
    assert client.get(url).status_code == 401


@pytest.mark.parametrize("url", URLS)
def test_members_get_200(member_api, atlas_indicators, url):
    assert member_api.get(url).status_code == 200


@pytest.mark.parametrize("who, status", [("tours_member", 200), ("steward", 200),
                                         ("outsider", 404), ("member", 404)])
def test_a_group_indicator_exists_for_its_group_only(request, client, chomage_groupe,
                                                     atlas_indicators, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(CARTE, {"indicateur": "chomage-tours", "dans": "37"})
    assert response.status_code == status
    compare = client.get("/api/v1/atlas/rapprochement",
                         {"carte": ["chomage,commune,37,", "chomage-tours,commune,37,"]})
    assert compare.status_code == status
    if status == 404:
        assert body(response)["detail"] == "Indicateur introuvable : « chomage-tours »."
    portrait = body(client.get("/api/v1/atlas/zone", {"code": "37261", "dans": "37"}))
    listed = [entry["slug"] for entry in portrait["indicateurs"]]
    assert ("chomage-tours" in listed) is (status == 200)
    assert "chomage" in listed


def test_restricted_data_are_audited_each_read(client, chomage_restreint, steward, outsider):
    client.force_login(outsider)
    assert client.get(CARTE, {"indicateur": "chomage-restreint"}).status_code == 404
    client.force_login(steward)
    for _ in range(2):
        assert client.get(CARTE, {"indicateur": "chomage-restreint", "dans": "37"}).status_code \
            == 200
    events = AuditEvent.objects.filter(action=AuditAction.RESTRICTED_ACCESS)
    assert events.count() == 2
    assert events.first().details == {"via": "atlas", "level": "commune", "within": "37"}
    data = carte(client, indicateur="chomage-restreint", dans="37")
    assert data["exportable"] is False  # its map does not leave as a file
    portrait = client.get("/api/v1/atlas/zone", {"code": "37261", "dans": "37"}).json()
    assert "chomage-restreint" in [e["slug"] for e in portrait["indicateurs"]]
    assert events.count() == 4  # the map, then the zone portrait
    compare = client.get("/api/v1/atlas/rapprochement",
                         {"carte": ["chomage-restreint,commune,37,"] * 2})
    assert compare.status_code == 200 and events.count() == 6


def test_the_map_payload_follows_the_contract(member_api, atlas_indicators):
    data = carte(member_api, indicateur="chomage", dans="37")
    assert data["indicateur"]["slug"] == "chomage" and data["indicateur"]["sens"] == "worse"
    assert data["sources"][0]["licence"] == "Licence Ouverte / Etalab 2.0"
    assert (data["niveau"], data["dans"], data["dans_nom"]) == ("commune", "37",
                                                                "Indre-et-Loire")
    assert (data["periode"], data["periodes"], data["erreur"]) == ("2018", ["2018"], None)
    classes = data["classification"]
    assert classes["methode"] == "quantiles" and classes["classes"] == 5
    assert classes["palette"] == "YlOrRd" and len(classes["couleurs"]) == 5
    assert sum(classes["effectifs"]) + classes["manquantes"] == len(data["zones"]) == 272
    tours = next(z for z in data["zones"] if z["code"] == "37261")
    assert tours["nom"] == "Tours" and 0 <= tours["classe"] < 5 and tours["rang"] >= 1
    assert [r["niveau"] for r in data["references"]] == ["departement", "region", "selection"]
    assert data["symboles_possibles"] is False and data["exportable"] is True
    assert carte(member_api, indicateur="population")["symboles_possibles"] is True


@pytest.mark.parametrize("method, k, reference", [
    ("quantiles", 5, lambda v: mapclassify.Quantiles(v, k=5).bins),
    ("equal_interval", 4, lambda v: mapclassify.EqualInterval(v, k=4).bins),
    ("quantiles", 9, lambda v: mapclassify.Quantiles(v, k=9).bins),
])
def test_classification_equals_mapclassify_on_the_same_values(member_api, atlas_indicators,
                                                              method, k, reference):
    data = carte(member_api, indicateur="chomage", dans="37", methode=method, classes=k)
    values = np.array([z["valeur"] for z in data["zones"] if z["valeur"] is not None])
    expected = reference(values)
    assert data["classification"]["bornes"] == pytest.approx(list(expected))
    classes = mapclassify.UserDefined(values, expected).yb
    assert [z["classe"] for z in data["zones"] if z["valeur"] is not None] == classes.tolist()
    assert data["classification"]["effectifs"] == np.bincount(classes, minlength=k).tolist()


def test_manual_breaks_classify_values_up_to_each_bound(member_api, atlas_indicators):
    data = carte(member_api, indicateur="chomage", dans="37", bornes="8,10,12,15")
    classes = data["classification"]
    assert classes["methode"] == "manual" and classes["bornes"][:4] == [8, 10, 12, 15]
    for zone in data["zones"]:
        if zone["valeur"] is not None:
            expected = int(np.searchsorted(classes["bornes"], zone["valeur"], side="left"))
            assert zone["classe"] == expected


def test_a_diverging_palette_is_centred_on_the_reference(member_api, atlas_indicators):
    data = carte(member_api, indicateur="chomage", dans="37", palette="RdBu",
                 reference="departement:37")
    classes = data["classification"]
    departement = next(r for r in data["references"] if r["code"] == "37")
    assert classes["divergente"] is True
    assert classes["centre"] == pytest.approx(departement["valeur"])
    assert classes["centre_nom"] == "Indre-et-Loire"


def test_territories_given_with_avec_share_one_classification(member_api, cher_communes,
                                                              atlas_indicators):
    alone = carte(member_api, indicateur="chomage", dans="37")
    shared = carte(member_api, indicateur="chomage", dans="37", avec="18")
    vierzon = carte(member_api, indicateur="chomage", dans="18", avec="37")
    assert len(shared["zones"]) == 272 and shared["zones"] == shared["zones"]
    assert shared["classification"] == vierzon["classification"]
    assert shared["classification"] != alone["classification"]
    values = [z["valeur"] for d in (shared, vierzon) for z in d["zones"]]
    assert sum(shared["classification"]["effectifs"]) == sum(v is not None for v in values)


# ---- Bad input: a French explanation, the page stays usable -------------------------------


def test_an_unknown_indicator_is_a_404_in_french(member_api, atlas_indicators):
    data = carte(member_api, 404, indicateur="inconnu")
    assert data["detail"] == "Indicateur introuvable : « inconnu »."


def test_a_level_without_data_explains_it(member_api, atlas_indicators):
    data = carte(member_api, indicateur="chomage", niveau="iris", dans="commune:37261")
    assert data["classification"] is None and len(data["zones"]) > 1
    assert data["erreur"] == ("L'indicateur « Taux de chômage » n'a pas de données au niveau "
                              "« IRIS » : choisissez un autre niveau.")


def test_all_values_missing_explains_it(member_api, indicateur_secret):
    data = carte(member_api, indicateur="population-secrete", dans="37")
    assert data["classification"] is None and len(data["zones"]) == 272
    assert data["erreur"].startswith("Aucune zone n'a de valeur pour « Population (secret) » "
                                     "en 2018 (secret statistique)")


def test_an_unknown_period_lists_the_periods(member_api, atlas_indicators):
    data = carte(member_api, indicateur="population", dans="37", periode="2030")
    assert data["erreur"] == "Période inconnue : 2030. Périodes disponibles : 2013, 2018."
    assert data["periodes"] == ["2013", "2018"] and data["zones"] == []


def test_an_unknown_territory_is_a_bad_parameter(member_api, atlas_indicators):
    data = carte(member_api, 400, indicateur="chomage", dans="99")
    assert data["detail"] == "Paramètre « dans » : territoire inconnu « 99 »."


def test_missing_parameters_are_explained_in_french(member_api, atlas_indicators):
    assert carte(member_api, 400)["detail"] == ("Paramètre « indicateur » manquant : choisissez "
                                                "un indicateur.")
    response = member_api.get("/api/v1/atlas/zone", {"dans": "37"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Paramètre « code » manquant : le code de la zone."


@pytest.mark.parametrize("params, words", [
    ({"bornes": "15,10,12"}, "Paramètre « bornes » : les bornes doivent être rangées"),
    ({"classes": "12"}, "Paramètre « classes »"),
    ({"methode": "jenks"}, "Paramètre « methode » : méthode inconnue « jenks »"),
    ({"palette": "Jet"}, "Paramètre « palette » : palette inconnue « Jet »"),
])
def test_bad_parameters_are_400_in_french(member_api, atlas_indicators, params, words):
    data = carte(member_api, 400, indicateur="chomage", **params)
    assert data["detail"].startswith(words)


def test_manual_breaks_out_of_range_explain_it(member_api, atlas_indicators):
    data = carte(member_api, indicateur="chomage", dans="37", bornes="5,10,150")
    assert data["classification"] is None
    assert data["erreur"].startswith("Le seuil 150 est en dehors des valeurs de la carte")


def test_fewer_distinct_values_than_classes_gives_fewer_classes(member_api, peu_de_valeurs):
    data = carte(member_api, indicateur="agricoles-plafonnes", dans="37", classes=5)
    classes = data["classification"]
    assert data["erreur"] is None and classes["bornes"] == [0, 1, 2]
    assert classes["avis"] == "Seulement 3 valeurs distinctes : 3 classes au lieu de 5."
    assert len(classes["couleurs"]) == 3


def test_the_map_of_272_communes_is_served_fast(member_api, atlas_indicators):
    started = time.perf_counter()
    carte(member_api, indicateur="chomage", dans="37")
    first = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(10):
        carte(member_api, indicateur="chomage", dans="37")
    again = (time.perf_counter() - started) / 10
    print(f"/carte 272 communes: first {first * 1000:.0f} ms, cached {again * 1000:.1f} ms")
    assert again < 0.1


# ---- Comparison ("rapprochement") ---------------------------------------------------------

RAPPROCHEMENT = "/api/v1/atlas/rapprochement"


def compare(client, *maps: str, status: int = 200, **params) -> dict:
    response = client.get(RAPPROCHEMENT, {"carte": list(maps), **params})
    assert response.status_code == status, response.content[:300]
    return response.json()


def test_the_crossing_equals_scipy_on_the_zones_values(member_api, atlas_indicators):
    data = compare(member_api, "chomage,commune,37,", "revenu-median,commune,37,")
    assert data["classification_commune"] is False and len(data["cartes"]) == 2
    x = {z["code"]: z["valeur"] for z in data["cartes"][0]["zones"]}
    y = {z["code"]: z["valeur"] for z in data["cartes"][1]["zones"]}
    both = [c for c in x if x[c] is not None and y.get(c) is not None]
    xs, ys = np.array([x[c] for c in both]), np.array([y[c] for c in both])
    crossing = data["croisement"]
    assert (crossing["x"], crossing["y"], crossing["n"]) == ("chomage", "revenu-median",
                                                             len(both))
    assert crossing["pearson"] == pytest.approx(scipy.stats.pearsonr(xs, ys).statistic)
    assert crossing["spearman"] == pytest.approx(scipy.stats.spearmanr(xs, ys).statistic)
    line = scipy.stats.linregress(xs, ys)
    assert (crossing["pente"], crossing["ordonnee"]) == pytest.approx((line.slope,
                                                                      line.intercept))
    assert crossing["pearson"] < -0.3 and "Pearson" in crossing["phrase"]
    assert crossing["x_bornes"] == pytest.approx(np.quantile(xs, [1 / 3, 2 / 3]))
    assert len(crossing["couleurs_bivariees"]) == 9 and len(crossing["points"]) == 272
    high_high = {p["code"] for p in crossing["points"] if p["cellule"] == 8}
    assert {z["code"] for z in crossing["quadrants"]["haut_haut"]} == high_high
    for point in crossing["points"]:
        if point["cellule"] is not None:
            x_class = int(np.searchsorted(crossing["x_bornes"], point["x"], side="left"))
            y_class = int(np.searchsorted(crossing["y_bornes"], point["y"], side="left"))
            assert point["cellule"] == 3 * y_class + x_class


def test_the_page_and_the_api_give_the_same_comparison(member_api, tours_member,
                                                        atlas_indicators):
    from django.http import QueryDict

    from terreau.atlas.params import CompareParams
    from terreau.atlas.queries import atlas_compare

    query = "carte=chomage,commune,37,&carte=population,commune,37,&methode=equal_interval"
    api = member_api.get(f"{RAPPROCHEMENT}?{query}")
    again = member_api.get(f"{RAPPROCHEMENT}?{query}&vue=0.7,47.4,9",
                           HTTP_IF_NONE_MATCH=api["ETag"])
    assert again.status_code == 304
    page = atlas_compare(CompareParams.from_query(QueryDict(query)), tours_member)
    assert api.json() == json.loads(json.dumps(page))


def test_one_indicator_on_two_territories_shares_its_classification(
        member_api, cher_communes, atlas_indicators):
    data = compare(member_api, "chomage,commune,37,", "chomage,commune,18,2018",
                   methode="fisher_jenks", classes="6")
    tours, vierzon = data["cartes"]
    assert data["classification_commune"] is True
    assert tours["classification"] == vierzon["classification"]
    assert tours["classification"]["methode"] == "fisher_jenks"
    assert tours["dans_nom"] == "Indre-et-Loire" and vierzon["dans_nom"] == "Cher"
    assert data["croisement"] is None  # no commune on both maps
    alone = carte(member_api, indicateur="chomage", dans="37", avec="18",
                  methode="fisher_jenks", classes=6)
    assert alone["classification"] == tours["classification"]


def test_maps_of_different_levels_have_no_crossing(member_api, atlas_indicators):
    data = compare(member_api, "chomage,commune,37,", "chomage,departement,24,",
                   "population,commune,37,")
    assert data["classification_commune"] is False and data["croisement"] is None
    assert len(data["cartes"]) == 3
    # The values are stored per commune: the map of départements has none of its own.
    assert "pas de données au niveau « Département »" in data["cartes"][1]["erreur"]
    assert data["cartes"][2]["classification"]["palette"] == "YlGnBu"


@pytest.mark.parametrize("maps, status, words", [
    ((), 400, "Paramètre « carte » manquant"),
    (("chomage",) * 5, 400, "au plus 4"),
    (("chomage,commune,37,,x",), 400, "Paramètre « carte » n°1"),
    (("chomage", "inconnu"), 404, "Indicateur introuvable : « inconnu »."),
])
def test_bad_comparisons_explain_themselves(member_api, atlas_indicators, maps, status, words):
    assert words in compare(member_api, *maps, status=status)["detail"]


def test_a_map_without_values_keeps_the_others(member_api, atlas_indicators):
    data = compare(member_api, "chomage,commune,37,", "chomage,iris,commune:37261,")
    assert data["cartes"][0]["classification"] is not None
    assert "n'a pas de données au niveau « IRIS »" in data["cartes"][1]["erreur"]
