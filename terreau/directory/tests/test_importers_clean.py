"""Cleaning shared by every reader: the defects of the real files, one function at a time."""

import pytest

from terreau.directory.importers import clean


@pytest.mark.parametrize("raw, expected", [
    ("47,22519", 47.22519), ("-1,5", -1.5), (" 2.05975 ", 2.05975), (3, 3.0),
    ("NULL", None), ("", None), ("n/a", None), (None, None), ("\u22121,25", -1.25),
])
def test_number_reads_decimal_commas_and_missing_markers(raw, expected):
    assert clean.number(raw) == expected


def test_number_refuses_text_with_a_french_message():
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        clean.number("quarante-sept")


@pytest.mark.parametrize("raw, separator, expected", [
    ('["a","b"]', ",", ["a", "b"]),
    ("{gratuit}", ",", ["gratuit"]),
    ("{en-presentiel,a-distance}", ",", ["en-presentiel", "a-distance"]),
    ('{logement,"etre-accompagne-en cas-de-difficultes"}', ",",
     ["logement", "etre-accompagne-en cas-de-difficultes"]),
    ("{}", ",", []), ("CNFS;France Services", ";", ["CNFS", "France Services"]),
    ("Jeunes|Femmes", "|", ["Jeunes", "Femmes"]), (["a", None, " b "], ",", ["a", "b"]),
    ("NULL", ",", []),
])
def test_text_list_reads_json_postgres_and_separated_lists(raw, separator, expected):
    assert clean.text_list(raw, separator) == expected


@pytest.mark.parametrize("raw, expected", [
    ("37261", "37261"), (1053, "01053"), ("1100", "01100"), (1100.0, "01100"),
    ("2A004", "2A004"), ("37044 CEDEX 9", "37044"), ("NULL", None),
])
def test_code_pads_lost_leading_zeros(raw, expected):
    assert clean.code(raw) == expected


def test_code_refuses_a_word():
    with pytest.raises(ValueError, match="code à 5 caractères"):
        clean.code("Tours")


@pytest.mark.parametrize("raw, expected", [
    ("02 48 55 00 60", "02 48 55 00 60"), ("248484848", "02 48 48 48 48"),
    ("+33180059880", "01 80 05 98 80"), ("02.47.21.60.00", "02 47 21 60 00"),
    ("3949", "3949"), ("", None),
])
def test_phone_is_normalised(raw, expected):
    assert clean.phone(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("06/03/2020", "2020-03-06"), ("2022-07-26", "2022-07-26"),
    ("2022-06-02T00:00:00.000Z", "2022-06-02"), ("Espace labellisé 01/09/2020", "2020-09-01"),
])
def test_dates_become_iso(raw, expected):
    assert clean.date_iso(raw) == expected


def test_a_bad_date_says_the_expected_forms():
    with pytest.raises(ValueError, match="jj/mm/aaaa"):
        clean.date_iso("31/02/2020")


def test_lost_minus_sign_restored_in_reunion_only():
    lat, lon, notes = clean.position_check(20.881455, 55.446522, "97411")
    assert (lat, lon) == (-20.881455, 55.446522)
    assert notes[0][0] == "latitude" and "signe moins ajouté" in notes[0][1]
    # Mainland: a positive longitude in Finistère is flagged, never changed.
    lat, lon, notes = clean.position_check(48.39, 4.48, "29019")
    assert (lat, lon) == (48.39, 4.48)
    assert notes and "signe moins oublié ?" in notes[0][1]
    # Tours: east of Greenwich, nothing to say.
    assert clean.position_check(47.39, 0.69, "37261") == (47.39, 0.69, [])


def test_email_and_url():
    assert clean.email("mailto:accueil@ville-tours.fr") == "accueil@ville-tours.fr"
    assert clean.url("www.tours.fr") == "https://www.tours.fr"
    with pytest.raises(ValueError, match="adresse électronique"):
        clean.email("maisondes services@nogentleroi.fr")
