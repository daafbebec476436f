"""Numbers, markers, codes and kinds, from the cells people really write (no database)."""

import numpy as np
import pandas as pd
import pytest

from terreau.catalog.choices import MissingReason
from terreau.catalog.normalize import (
    clean_number,
    default_slug,
    detect_code_column,
    guess_kind,
    normalize_codes,
    parse_numbers,
    unit_from_label,
)
from terreau.catalog.reading import read_table


@pytest.mark.parametrize(("cell", "number"), [
    ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("1\u202f234,5", 1234.5),
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1.234.567", 1234567), ("1,234,567", 1234567),
    ("12,5 %", 12.5), ("\u22123,2", -3.2), ("0,445", 0.445), ("2e3", 2000),
])
def test_numbers_written_by_people_are_read(cell, number):
    assert clean_number(cell)[0] == pytest.approx(number)


def test_markers_become_no_value_with_their_reason_never_zero():
    column = parse_numbers(pd.Series(["12,5", "s", "nd", "n.d.", "nc", "-", "", "NA", "7"]))
    assert np.isnan(column.values[1:8]).all() and column.values[[0, 8]].tolist() == [12.5, 7]
    reasons = column.reasons.tolist()
    assert reasons == [MissingReason.VALUE, MissingReason.SECRET, MissingReason.NOT_AVAILABLE,
                       MissingReason.NOT_AVAILABLE, MissingReason.NOT_CONCERNED,
                       MissingReason.DASH, MissingReason.EMPTY, MissingReason.NOT_AVAILABLE,
                       MissingReason.VALUE]
    assert len(column.bad) == 0


def test_cells_that_are_not_numbers_are_kept_with_their_text():
    column = parse_numbers(pd.Series(["1", "abc", "2", "12 ans"]), "PMUN")
    assert column.bad.tolist() == [1, 3] and column.bad_text == ["abc", "12 ans"]


def test_percent_signs_are_noticed():
    assert parse_numbers(pd.Series(["12,5 %", "3 %"])).percent


@pytest.mark.parametrize(("level", "raw", "expected", "restored"), [
    ("commune", ["1001", "01001", "2a004", "2B033", "1001.0", " 37261 "],
     ["01001", "01001", "2A004", "2B033", "01001", "37261"], 2),
    ("iris", ["10010000", "372610101"], ["010010000", "372610101"], 1),
    ("departement", ["1", "2A", "37"], ["01", "2A", "37"], 1),
])
def test_codes_get_back_their_leading_zeros_and_corsica_keeps_its_letters(level, raw, expected,
                                                                         restored):
    codes = normalize_codes(pd.Series(raw), level)
    assert codes.codes.tolist() == expected and codes.restored == restored


def test_the_code_column_is_detected_per_level():
    assert detect_code_column(["REG", "DEP", "CODCOM", "COM", "PMUN"], "commune") == "COM"
    assert detect_code_column(["IRIS", "LIBIRIS", "COM"], "iris") == "IRIS"
    assert detect_code_column(["CODGEO", "P18_POP"], "commune") == "CODGEO"
    assert detect_code_column(["nom", "valeur"], "commune") is None


def test_slugs_labels_and_units():
    assert default_slug("P21_POP") == "p21_pop" and default_slug("Région") == "region"
    assert default_slug("2019") == "v_2019"
    assert unit_from_label("Médiane (€)") == "€"
    assert unit_from_label("Taux de bas revenus déclarés au seuil de 60 % (%)") == "%"


EXPECTED_KINDS = {
    "P18_POP": "count", "SUPERF": "amount", "NAIS1318": "count", "NBMENFISC19": "count",
    "PIMP19": "share", "MED19": "median", "TP6019": "rate", "ETTOT18": "count",
    "DEC_PIMP19": "share", "DEC_TP6019": "rate", "DEC_Q119": "median", "DEC_D919": "median",
    "DEC_EQ19": "index", "DEC_RD19": "index", "DEC_S80S2019": "index", "DEC_GI19": "index",
    "DEC_PACT19": "share", "PMUN": "count",
}


def test_kinds_are_guessed_from_real_insee_columns(stats_dir):
    files = ["base-cc-comparateur-2022-centre-val-de-loire.csv",
             "filosofi-dec-iris-2019-centre-val-de-loire.csv",
             "populations-legales-2021-communes-centre-val-de-loire.csv"]
    guessed = {}
    for name in files:
        table = read_table(stats_dir / name)
        for position, column in enumerate(table.columns):
            if column in EXPECTED_KINDS:
                kind, why = guess_kind(column, parse_numbers(table.frame[position], column))
                guessed[column] = kind
                assert why
    assert guessed == EXPECTED_KINDS
