"""gap.py on hand-made zones and services: eligibility (commune, département, EPCI, whole
country, none), distances checked against pyproj's geodesic and the haversine formula,
terciles, ranking and the French reasons; population-weighted centres."""

import math

import numpy as np
import pyproj
import pytest

from terreau.atlas.stats import terciles
from terreau.directory.gap import (
    GapServices,
    GapZones,
    code_kind,
    gap_compute,
    weighted_centres,
)

# Real commune positions (approximately their town halls).
TOURS = (0.6848, 47.3941)
JOUE = (0.6636, 47.3522)
AMBOISE = (0.9826, 47.4125)
LOCHES = (0.9951, 47.1286)
CHINON = (0.2422, 47.1672)
VIERZON = (2.0683, 47.2214)


def zones(need=(20.0, 12.0, 8.0, 25.0, 3.0, 16.0), notes=()):
    places = [TOURS, JOUE, AMBOISE, LOCHES, CHINON, VIERZON]
    return GapZones(
        codes=["37261", "37122", "37003", "37132", "37072", "18279"],
        names=["Tours", "Joué-lès-Tours", "Amboise", "Loches", "Chinon", "Vierzon"],
        lon=np.array([p[0] for p in places]), lat=np.array([p[1] for p in places]),
        communes=["37261", "37122", "37003", "37132", "37072", "18279"],
        departements=["37", "37", "37", "37", "37", "18"],
        epcis=["243700754", "243700754", "200070746", "", "", "241800507"],
        need=np.array(need, dtype=float), need_notes=list(notes))


def services(*items):
    """(position or None, eligibility) pairs."""
    return GapServices(
        lon=np.array([p[0] if p else np.nan for p, _ in items], dtype=float),
        lat=np.array([p[1] if p else np.nan for p, _ in items], dtype=float),
        eligibility=[e for _, e in items])


def haversine_km(a, b, radius=6371.0088):
    (lon1, lat1), (lon2, lat2) = [(math.radians(x), math.radians(y)) for x, y in (a, b)]
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * radius * math.asin(math.sqrt(h))


def test_code_kinds():
    assert code_kind("37261") == "commune" and code_kind("2A004") == "commune"
    assert code_kind("37") == "departement" and code_kind("974") == "departement"
    assert code_kind("243700754") == "epci"
    assert code_kind("99134") is None  # a foreign country


def test_eligibility_by_commune_departement_epci():
    table = gap_compute(zones(), services(
        (TOURS, ["37261"]),  # Tours only
        (AMBOISE, ["37"]),  # the whole département
        (JOUE, ["243700754"]),  # Tours Métropole: Tours and Joué
        (VIERZON, ["18279", "18"]),  # a commune and its département: counted once
        (None, ["37122", "37003"]),  # two communes, no position
        (LOCHES, ["99134"]),  # a foreign country: no zone
    ))
    count = {row.code: row.eligible for row in table.rows}
    assert count == {"37261": 3, "37122": 3, "37003": 2, "37132": 1, "37072": 1, "18279": 1}


def test_mixed_kinds_count_each_service_once():
    table = gap_compute(zones(), services(
        (TOURS, ["37261", "37", "243700754"]),
        (TOURS, ["37261", "37", "243700754"]),
        (TOURS, ["37122", "243700754"]),
    ))
    count = {row.code: row.eligible for row in table.rows}
    assert count["37261"] == 3 and count["37122"] == 3 and count["37132"] == 2
    assert count["18279"] == 0


def test_whole_country_and_no_eligibility():
    table = gap_compute(zones(), services((VIERZON, ["france"]), (CHINON, ["99100"]),
                                          (TOURS, []), (TOURS, None)))
    rows = table.by_code
    # The two national ones everywhere; the two without eligibility within 15 km of Tours.
    assert rows["37261"].eligible == 4 and rows["37261"].eligible_open == 2
    assert rows["37122"].eligible == 4  # Joué is 4.9 km from Tours
    assert rows["37003"].eligible == 2  # Amboise is 23 km away
    assert table.open_services == 2
    assert "dont 2 sans zone d'éligibilité, à moins de 15 km" in rows["37261"].reasons


def test_reach_is_a_parameter():
    table = gap_compute(zones(), services((TOURS, [])), reach_km=30)
    assert table.by_code["37003"].eligible == 1
    assert not table.by_code["37003"].low_offer


def test_distances_match_geodesic_and_haversine():
    table = gap_compute(zones(), services((TOURS, ["37261"]), (VIERZON, ["18"])))
    geod = pyproj.Geod(ellps="WGS84")
    places = {"37261": TOURS, "37122": JOUE, "37003": AMBOISE, "37132": LOCHES,
              "37072": CHINON, "18279": VIERZON}
    for code, place in places.items():
        expected = min(geod.inv(*place, *svc)[2] / 1000 for svc in (TOURS, VIERZON))
        # Lambert-93's scale error stays under 0.3 % in metropolitan France.
        assert table.by_code[code].nearest_km == pytest.approx(expected, rel=0.003)
        nearest = min(haversine_km(place, svc) for svc in (TOURS, VIERZON))
        assert table.by_code[code].nearest_km == pytest.approx(nearest, rel=0.005)
    assert table.by_code["37261"].nearest_km == pytest.approx(0, abs=1e-9)
    assert 22 < table.by_code["37003"].nearest_km < 24


def test_overseas_distance_is_geodesic():
    saint_denis, saint_pierre = (55.4504, -20.8823), (55.4781, -21.3393)
    reunion = GapZones(["97411"], ["Saint-Denis"], np.array([saint_denis[0]]),
                       np.array([saint_denis[1]]), ["97411"], ["974"], [""], np.array([1.0]))
    row = gap_compute(reunion, services((saint_pierre, ["974"]), (TOURS, ["974"]))).rows[0]
    expected = pyproj.Geod(ellps="WGS84").inv(*saint_denis, *saint_pierre)[2] / 1000
    assert row.nearest_km == pytest.approx(expected, abs=1e-6)
    assert row.eligible == 2


def test_no_position_anywhere():
    table = gap_compute(zones(), services((None, ["37"])))
    row = table.by_code["37261"]
    assert row.nearest_km is None and row.eligible == 1 and row.low_offer
    assert "aucun service de ce thème n'a de position connue" in row.reasons
    unplaced = GapZones(["1"], ["Nulle part"], np.array([np.nan]), np.array([np.nan]),
                        ["37261"], ["37"], [""], np.array([1.0]))
    row = gap_compute(unplaced, services((TOURS, ["37"]))).rows[0]
    assert row.nearest_km is None and "la zone n'a pas de position connue" in row.reasons


def test_need_classes_are_the_atlas_terciles():
    table = gap_compute(zones(), services((TOURS, ["37"])))
    need = np.array([20.0, 12.0, 8.0, 25.0, 3.0, 16.0])
    low, high = terciles(need)
    assert table.need_bounds == (low, high)
    for row in table.rows:
        expected = 1 if row.need <= low else 2 if row.need <= high else 3
        assert row.need_class == expected


def test_ranking_puts_high_need_without_service_first():
    # Loches (25, highest) has no eligible service; Tours (20, high) is covered.
    table = gap_compute(zones(), services((TOURS, ["243700754"]), (AMBOISE, ["37003"]),
                                          (VIERZON, ["18279"])), unit="%")
    first = table.rows[0]
    assert first.code == "37132" and first.rank == 1
    assert first.high_need and first.low_offer
    assert first.reasons == ("besoin fort (25,0 %, 3ᵉ tiers) ; aucun service de ce thème "
                             "n'y est éligible ; le plus proche est à 32 km")
    assert [row.rank for row in table.rows] == list(range(1, 7))
    assert table.gaps == [first]
    # High need first (Loches, then Tours), then the middle tercile, low need last; within
    # a class, no eligible service before some (Chinon before Amboise).
    assert [row.code for row in table.rows] == ["37132", "37261", "18279", "37122", "37072",
                                                "37003"]
    tours = table.by_code["37261"]
    assert tours.reasons == ("besoin fort (20,0 %, 3ᵉ tiers) ; 1 service de ce thème y est "
                             "éligible ; le plus proche est à 0,0 km")


def test_far_service_is_low_offer():
    table = gap_compute(zones(), services((TOURS, ["37"])), unit="%")
    loches = table.by_code["37132"]  # eligible, but 38 km away
    assert loches.eligible == 1 and loches.low_offer and loches.high_need
    assert loches.rank == 1
    assert "1 service de ce thème y est éligible ; le plus proche est à 38 km" in loches.reasons


def test_unknown_need_comes_last_with_its_note():
    table = gap_compute(zones(need=(20, np.nan, 8, 25, 3, 16),
                              notes=("", "moins de 11 réponses", "", "", "", "")),
                        services((TOURS, ["37261"])))
    last = table.rows[-1]
    assert last.code == "37122" and last.need is None and last.need_class is None
    assert last.reasons.startswith("besoin inconnu (moins de 11 réponses)")
    assert table.by_code["37003"].reasons.startswith("besoin faible (8,0, 1ᵉʳ tiers)")


def test_plural_and_classes_words():
    table = gap_compute(zones(), services((TOURS, ["37"]), (JOUE, ["37"])), unit="%",
                        decimals=0)
    assert "2 services de ce thème y sont éligibles" in table.by_code["37003"].reasons
    assert "besoin moyen (16 %, 2ᵉ tiers)" in table.by_code["18279"].reasons


def test_bad_reach_refused():
    with pytest.raises(ValueError, match="kilomètres"):
        gap_compute(zones(), services(), reach_km=0)


def test_weighted_centres():
    # Commune 0 has two IRIS, the eastern one three times as populated; commune 1 none.
    x, y = weighted_centres(np.array([0, 0, -1]), np.array([0.0, 1.0, 5.0]),
                            np.array([47.0, 47.0, 47.0]), np.array([100, 300, 50]), 2)
    assert x[0] == pytest.approx(0.75) and y[0] == pytest.approx(47.0)
    assert np.isnan(x[1]) and np.isnan(y[1])
    x, _ = weighted_centres(np.array([0, 0]), np.array([0.0, 1.0]), np.array([47.0, 47.0]),
                            np.array([np.nan, 0.0]), 1)
    assert np.isnan(x[0])  # no usable weight: the caller keeps the representative point
