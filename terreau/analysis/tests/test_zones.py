"""Profiles per zone (zones.py, no Django): counts, shares, respondents apart, threshold."""

import pytest

from terreau.analysis.zones import THRESHOLD, profile_zones


def test_the_threshold_is_the_surveys_one():
    from terreau.surveys.followup import THRESHOLD as SURVEYS

    assert THRESHOLD == SURVEYS == 11


def test_counts_and_shares_per_zone_in_code_order():
    codes = ["B"] * 12 + ["A"] * 3 + [None, ""]
    partition = [1] * 9 + [2] * 3 + [2, 2, 3] + [1, 3]
    result = profile_zones(codes, partition, 3)
    a, b = result.zones
    assert (a.code, a.respondents, a.counts, a.hidden) == ("A", 3, (0, 2, 1), True)
    assert (b.code, b.respondents, b.counts, b.hidden) == ("B", 12, (9, 3, 0), False)
    assert b.shares == (0.75, 0.25, 0.0)
    assert result.without_zone.respondents == 2
    assert result.without_zone.counts == (1, 0, 1)
    assert result.respondents == 17
    assert result.hidden_zones == 1


def test_a_zone_reaching_the_threshold_is_shown():
    result = profile_zones(["Z"] * THRESHOLD, [1] * THRESHOLD, 2)
    assert not result.zones[0].hidden
    assert result.zones[0].counts == (THRESHOLD, 0)
    result = profile_zones(["Z"] * (THRESHOLD - 1), [1] * (THRESHOLD - 1), 2)
    assert result.zones[0].hidden


def test_profiles_without_anyone_still_have_a_column():
    result = profile_zones(["Z", "Z"], [1, 1], 4)
    assert result.zones[0].counts == (2, 0, 0, 0)
    assert result.profiles == 4


@pytest.mark.parametrize("codes, partition, k, message", [
    (["A"], [1, 2], 2, "1 zones pour 2 personnes"),
    (["A"], [3], 2, "Profil 3 hors de 1 à 2"),
    (["A"], [1], 0, "au moins 1"),
])
def test_inconsistent_input_is_refused_in_french(codes, partition, k, message):
    with pytest.raises(ValueError, match=message):
        profile_zones(codes, partition, k)


def test_no_respondent_gives_no_zone():
    result = profile_zones([], [], 2)
    assert result.zones == ()
    assert result.without_zone.counts == (0, 0)
