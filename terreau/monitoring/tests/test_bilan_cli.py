"""`terreau bilan`: the JSON contract of the issue, files, names (audited), French errors."""

import io
import json

import pytest
from openpyxl import load_workbook

from terreau.core.models import AuditEvent

pytest_plugins = ["terreau.monitoring.tests.report_fixtures"]

pytestmark = pytest.mark.django_db
CONTRACT = {"sessions", "person_hours", "participants", "inhabitants", "by_type", "targets"}


def test_json_to_stdout_holds_the_contract(run_cli, group, year_data):
    code, out, err = run_cli("bilan", "--group", "tours-insertion", "--year", "1",
                             "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert CONTRACT <= set(report)
    assert {key: report[key] for key in ("sessions", "person_hours", "participants",
                                         "inhabitants")} == {
        "sessions": 3, "person_hours": 28.5, "participants": 3, "inhabitants": 9}
    assert report["by_type"]["formation"]["sessions"] == 1
    assert report["by_type"]["formation"]["person_hours"] == 12.0
    assert {"label", "unit", "target", "done"} <= set(report["targets"][0])
    assert [t["done"] for t in report["targets"]] == [3.0, None, 30.5]
    assert "Fanny Martin" not in out and not AuditEvent.objects.exists()


def test_a_calendar_year_is_the_project_year_starting_in_it(run_cli, group, year_data):
    code, out, _ = run_cli("bilan", "--group", "tours-insertion", "--year", "2026")
    assert code == 0
    assert json.loads(out)["year_label"] == "Année 2 (2026-2027)"


def test_files_xlsx_and_pdf(run_cli, group, year_data, tmp_path):
    target = tmp_path / "bilan.xlsx"
    code, _, err = run_cli("bilan", "--group", "tours-insertion", "--year", "1",
                           "--format", "xlsx", "-o", str(target))
    assert code == 0 and "écrit dans" in err
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames[0] == "Synthèse" and "Présences" not in book.sheetnames
    pdf = tmp_path / "bilan.pdf"
    assert run_cli("bilan", "--group", "tours-insertion", "--year", "1", "--format", "pdf",
                   "-o", str(pdf))[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    as_json = tmp_path / "bilan.json"
    assert run_cli("bilan", "--group", "tours-insertion", "--year", "1",
                   "-o", str(as_json))[0] == 0
    assert json.loads(as_json.read_text())["sessions"] == 3


def test_names_are_written_to_the_audit_log(run_cli, group, year_data, tmp_path):
    target = tmp_path / "presences.xlsx"
    code, _, err = run_cli("bilan", "--group", "tours-insertion", "--year", "1",
                           "--format", "xlsx", "-o", str(target), "--names")
    assert code == 0, err
    assert "Présences" in load_workbook(io.BytesIO(target.read_bytes())).sheetnames
    event = AuditEvent.objects.get()
    assert (event.action, event.target_type, event.target_id) == (
        "export", "attendance", "tours-insertion")
    assert "ligne de commande" in event.actor
    assert event.details["rows"] == 5 and event.details["file"] == str(target)


def test_the_whole_project(run_cli, group, other_group, year_data):
    code, out, _ = run_cli("bilan", "--project", "--year", "1")
    assert code == 0
    report = json.loads(out)
    assert report["group"] is None and report["sessions"] == 4
    assert [row["slug"] for row in report["groups"]] == ["tours-insertion", "vierzon-sante"]


@pytest.mark.parametrize(("args", "message"), [
    (("--group", "inconnu", "--year", "1"), "Groupe inconnu : « inconnu »"),
    (("--group", "tours-insertion", "--year", "4"), "de 1 à 3"),
    (("--group", "tours-insertion", "--year", "2031"), "2025, 2026, 2027"),
])
def test_errors_are_french_with_a_non_zero_exit(run_cli, group, args, message):
    code, out, err = run_cli("bilan", *args)
    assert code != 0 and out == ""
    assert message in err


def test_a_group_or_the_project_is_required(run_cli, group):
    code, _, err = run_cli("bilan", "--year", "1")
    assert code != 0 and "--group" in err
