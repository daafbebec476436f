"""`terreau import-sessions`: exit codes, the report on standard output, --dry-run."""

import json

import pytest

from terreau.monitoring.models import Attendance, WorkSession

from .test_imports import ROWS, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def test_import_prints_the_report_and_writes(run_cli, tmp_path, group, people):
    path = write_xlsx(tmp_path / "presences.xlsx", ROWS)
    code, out, err = run_cli("import-sessions", str(path), "--group", group.slug)
    assert code == 0, err
    assert "Import terminé : presences.xlsx pour le groupe Tours — insertion." in out
    assert "Séances : 2 (nouvelles : 2, remplacées : 0)" in out
    assert "Habitant·es compté·es sans nom : 2" in out
    assert "Personnes ajoutées au registre : 1" in out
    assert "100 %" in err  # the progress bar
    assert WorkSession.objects.filter(group=group).count() == 2
    code, out, _ = run_cli("import-sessions", str(path), "--group", group.slug)
    assert code == 0 and "remplacées : 2" in out
    assert "03/06/2025 — Formation aux données" in out
    assert WorkSession.objects.count() == 2 and Attendance.objects.count() == 7 - 2 + 1


def test_dry_run_prints_without_writing(run_cli, tmp_path, group, people):
    path = write_csv(tmp_path / "presences.csv", ROWS)
    code, out, _ = run_cli("import-sessions", str(path), "--group", group.slug, "--dry-run",
                           "--report-format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["sessions"], data["inhabitants"], data["written"]) == (2, 2, False)
    assert not WorkSession.objects.exists()


def test_a_refused_file_exits_non_zero_and_writes_nothing(run_cli, tmp_path, group, people):
    rows = [list(r) for r in ROWS]
    rows[3][0] = "31/02/2025"
    code, out, err = run_cli("import-sessions", str(write_csv(tmp_path / "f.csv", rows)),
                             "--group", group.slug)
    assert code == 1
    assert "Ligne 5, colonne « Date » : date illisible « 31/02/2025 »" in out
    assert "Import refusé : 1 erreur dans f.csv. Rien n'a été enregistré." in err
    assert not WorkSession.objects.exists()


def test_unknown_group_or_missing_file(run_cli, tmp_path, group):
    path = write_csv(tmp_path / "f.csv", ROWS)
    code, _, err = run_cli("import-sessions", str(path), "--group", "nulle-part")
    assert code == 1 and "Groupe inconnu : « nulle-part »" in err
    code, out, _ = run_cli("import-sessions", str(tmp_path / "absent.csv"), "--group",
                           group.slug)
    assert code == 1 and "introuvable" in out
