"""The report's PDF: its text says the figures, targets, actions; names only with names."""

import shutil
import subprocess

import pytest

from terreau.monitoring.report import report_build
from terreau.monitoring.report_pdf import report_pdf

pytest_plugins = ["terreau.monitoring.tests.report_fixtures"]

pytestmark = pytest.mark.django_db


def _text(report, tmp_path) -> str:
    data = report_pdf(report)
    assert data.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext absent (poppler-utils)")
    path = tmp_path / "bilan.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


def test_the_pdf_says_the_figures_targets_and_actions(group, year_data, tmp_path):
    text = _text(report_build(group, 1), tmp_path)
    assert "Bilan de l'année 1 (2025-2026)" in text
    assert "Tours — insertion" in text
    assert "Séances de travail tenues" in text and "Heures de présence sur le projet" in text
    assert "Permanence emploi au centre social" in text and "Confirmée" in text
    assert "Pas de bus le soir." in text and "Prévenir les habitants plus tôt." in text
    assert "28,5" in text
    assert "Fanny Martin" not in text


def test_the_pdf_with_names_lists_the_presences(group, year_data, tmp_path):
    text = _text(report_build(group, 1, with_names=True), tmp_path)
    assert "Présences nominatives" in text and "Léa Durand" in text


def test_the_whole_projects_pdf_has_each_group(group, other_group, year_data, tmp_path):
    text = _text(report_build(None, 1), tmp_path)
    assert "Par groupe" in text and "Vierzon — santé" in text
