"""The `nombre` filter writes figures as people do in French."""

from decimal import Decimal

from terreau.core.templatetags.terreau_numbers import number_filter


def test_trailing_zeros_go_and_the_decimal_comma_stays():
    assert number_filter(28.5) == "28,5"
    assert number_filter(Decimal("2.00")) == "2"
    assert number_filter(3.14159) == "3,14"
    assert number_filter(100) == "100"


def test_thousands_are_grouped_and_nothing_is_empty():
    assert number_filter(12345.5).replace("\u202f", " ").replace("\xa0", " ") == "12 345,5"
    assert number_filter(None) == ""
    assert number_filter("n/a") == "n/a"
