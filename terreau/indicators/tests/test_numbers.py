"""Numbers of indicators written the French way, rounded as people round by hand."""

import pytest
from django.utils import translation

from terreau.indicators.templatetags.indicator_tags import chiffre, sort_key


@pytest.mark.parametrize("value, decimals, text", [
    (17.875574, 1, "17,9"),
    (12345.678, 0, "12\xa0346"),
    (1234567.891, 2, "1\xa0234\xa0567,89"),
    (2.5, 0, "3"),
    (0.125, 2, "0,13"),
    (-0.04, 1, "0,0"),
    (-12.35, 1, "-12,4"),
    (None, 1, "—"),
    (float("nan"), 1, "—"),
])
def test_values_get_a_decimal_comma_grouped_thousands_and_a_dash_when_missing(value, decimals,
                                                                             text):
    with translation.override("fr"):
        assert chiffre(value, decimals) == text


def test_the_sort_key_keeps_full_precision_and_is_empty_without_value():
    assert sort_key(17.875574106175986) == "17.875574106175986"
    assert sort_key(None) == ""
