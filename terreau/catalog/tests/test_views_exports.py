"""Downloading a version: every value in long form, missing values empty with their reason,
cells a spreadsheet would run as formulas neutralised (CSV and XLSX)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from .ui_factories import dataset_make, version_make, world_fixture, zone_make  # noqa: F401

# A zone name as a hostile contours file could carry it: a spreadsheet would run it.
FORMULA_NAME = "=HYPERLINK(\"http://exemple.invalid\",\"Cliquez\")"


@pytest.fixture
def hostile(world):
    zones = [*world["zones"], zone_make("37999", FORMULA_NAME)]
    dataset = dataset_make("hostile", sensitivity="open")
    version_make(dataset, {"p18_pop": [136463, 38090, "s", -12.5]}, zones=zones)
    return dataset


def test_the_csv_holds_every_value_in_long_form_with_zone_names(client, world, hostile):
    client.force_login(world["people"]["member"])
    response = client.get("/donnees/hostile/v1/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["code_zone", "nom_zone", "variable", "periode", "valeur",
                       "raison_absence"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["37261"] == ["37261", "Tours", "p18_pop", "2018", "136463.0", ""]
    assert by_code["37233"][4:] == ["", "Secret statistique (s)"]


def test_the_csv_neutralises_formulas_but_keeps_negative_numbers(client, world, hostile):
    client.force_login(world["people"]["member"])
    rows = list(csv.reader(io.StringIO(
        client.get("/donnees/hostile/v1/export.csv").content.decode())))
    hostile_row = next(row for row in rows if row[0] == "37999")
    assert hostile_row[1] == "'" + FORMULA_NAME
    assert hostile_row[4] == "-12.5"


def test_the_xlsx_neutralises_formulas_and_keeps_numbers_as_numbers(client, world, hostile):
    client.force_login(world["people"]["member"])
    response = client.get("/donnees/hostile/v1/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["37261"][4] == 136463 and rows["37999"][4] == -12.5
    assert rows["37999"][1] == "'" + FORMULA_NAME
    assert rows["37233"][4] is None


def test_an_unknown_format_or_version_is_404(client, world, hostile):
    client.force_login(world["people"]["member"])
    assert client.get("/donnees/hostile/v1/export.pdf").status_code == 404
    assert client.get("/donnees/hostile/v7/export.csv").status_code == 404
