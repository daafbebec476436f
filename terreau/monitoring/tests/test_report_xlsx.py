"""The report's workbook: its sheets, values as numbers and dates, the frozen header, the
attendance sheet only with names."""

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from terreau.monitoring.models import Target
from terreau.monitoring.report import report_build
from terreau.monitoring.report_xlsx import report_xlsx

pytest_plugins = ["terreau.monitoring.tests.report_fixtures"]

pytestmark = pytest.mark.django_db


def _workbook(report):
    return load_workbook(io.BytesIO(report_xlsx(report)))


def _rows(sheet, first: int):
    return [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)]


def test_the_sheets_funders_ask_for(group, year_data):
    book = _workbook(report_build(group, 1))
    assert book.sheetnames == ["Synthèse", "Séances", "Par type", "Actions et évaluations",
                               "Leviers et freins", "Améliorations prévues"]
    assert "Présences" in _workbook(report_build(group, 1, with_names=True)).sheetnames
    assert "Par groupe" in _workbook(report_build(None, 1)).sheetnames


def test_the_summary_has_figures_and_targets_with_a_share(group, year_data):
    sheet = _workbook(report_build(group, 1))["Synthèse"]
    assert sheet["B3"].value == "Année 1 (2025-2026)"
    assert sheet["B4"].value == datetime(2025, 4, 1) and sheet["B4"].number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "A8"
    assert sheet["A7"].value == "Rubrique" and sheet["F7"].value == "% réalisé"
    rows = {row[1]: row for row in _rows(sheet, 8)}
    assert rows["Séances tenues"][4] == 3
    assert rows["Heures de présence (personnes × heures)"][4] == 28.5
    hours = rows["Heures de présence sur le projet"]
    assert hours[:6] == ["Objectif du projet entier", "Heures de présence sur le projet",
                         "heures", 100, 30.5, 0.305]
    assert rows["Documents produits"][4] is None and rows["Documents produits"][6] == "à saisir"
    share_cell = next(c for c in sheet["F"] if c.value == 0.305)
    assert share_cell.number_format == "0%"


def test_one_row_per_session_with_dates_and_numbers(group, year_data):
    sheet = _workbook(report_build(group, 1))["Séances"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 40
    assert _rows(sheet, 2) == [
        [datetime(2025, 5, 12), "Lancement du diagnostic", "Séance de travail", 3, 2, 1, 0, 9],
        [datetime(2025, 10, 2), "Formation aux données", "Formation", 2, 1, 0, 5, 12],
        [datetime(2026, 3, 31), "Restitution au quartier", "Restitution locale", 1.5, 1, 0, 4,
         7.5]]
    assert sheet["A2"].is_date and sheet["A2"].number_format == "DD/MM/YYYY"


def test_types_actions_and_factors(group, year_data):
    book = _workbook(report_build(group, 1))
    assert _rows(book["Par type"], 2)[-1] == ["Total", 3, 28.5, 3]
    [action] = _rows(book["Actions et évaluations"], 2)
    assert action[0] == "Permanence emploi au centre social" and action[6] == "Continuer"
    assert "→ Confirmée" in action[8]
    assert [row[0] for row in _rows(book["Leviers et freins"], 2)] == ["Levier", "Frein"]


def test_the_attendance_sheet_and_safe_cells(group, year_data):
    Target.objects.filter(label="Documents produits").update(label="+ de documents")
    book = _workbook(report_build(group, 1, with_names=True))
    rows = _rows(book["Présences"], 2)
    assert rows[0][:3] == [datetime(2025, 5, 12), "Lancement du diagnostic", "Fanny Martin"]
    assert rows[0][6] == 3
    labels = [row[1] for row in _rows(book["Synthèse"], 8)]
    assert "'+ de documents" in labels  # a spreadsheet would run it as a formula
