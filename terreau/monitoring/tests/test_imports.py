"""Importing attendance spreadsheets as people have them: formats, errors, all or nothing."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from terreau.monitoring.choices import AttendeeKind, SessionType
from terreau.monitoring.imports import SessionsImportRefused, sessions_import
from terreau.monitoring.imports_reading import fold, hours_parse
from terreau.monitoring.models import Attendance, Person, WorkSession
from terreau.monitoring.tally import tally

pytestmark = pytest.mark.django_db

HEADERS = ["Date", "Séance / Intitulé", "Type", "Durée (h)", "Nom prénom", "Structure",
           "Mission / Fonction"]
ROWS = [
    ["12/05/2025", "Atelier cartographie", "Séance de travail", "2", "Fanny Martin",
     "Centre social Pluriel", "Animatrice"],
    ["12/05/2025", "Atelier cartographie", "seance de travail", "2", "LEA  durand", "", ""],
    ["12/05/2025", "Atelier cartographie", "Séance de travail", "2", "Nadia Ferhat",
     "Association Relais", "Bénévole"],
    ["12/05/2025", "Atelier cartographie", "Séance de travail", "2", "habitant", "", ""],
    ["12/05/2025", "Atelier cartographie", "Séance de travail", "2", "Habitante", "", ""],
    ["2025-06-03", "Formation aux données", "formation", "1,5", "Fanny Martin", "", ""],
    ["2025-06-03", "Formation aux données", "Formation", "1,5", "Nadia Ferhat", "", ""],
]


def write_csv(path, rows, *, encoding="cp1252", separator=";", headers=HEADERS):
    lines = [separator.join(headers)] + [separator.join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_xlsx(path, rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_cp1252_csv_with_semicolons_and_decimal_commas_is_imported(tmp_path, group, people):
    report = sessions_import(write_csv(tmp_path / "presences.csv", ROWS), group=group)
    assert report.written and report.ok
    assert (report.rows, report.sessions, report.presences, report.inhabitants) == (7, 2, 5, 2)
    assert report.people_created == 1 and report.people_matched == 2  # Nadia is new
    atelier = WorkSession.objects.get(group=group, title="Atelier cartographie")
    assert atelier.date == date(2025, 5, 12) and atelier.type == SessionType.WORK
    assert atelier.attendance_recorded
    formation = WorkSession.objects.get(group=group, title="Formation aux données")
    assert formation.duration_hours == Decimal("1.50")
    assert formation.type == SessionType.TRAINING
    figures = tally(WorkSession.objects.filter(group=group))
    assert figures.participants == 3 and figures.inhabitants == 2
    assert figures.person_hours == 5 * 2 + 2 * 1.5


def test_names_match_the_register_and_the_members(tmp_path, group, people, fanny, mehdi):
    mehdi.first_name, mehdi.last_name = "Mehdi", "Benali"
    mehdi.save()
    fanny.first_name, fanny.last_name = "Fanny", "Martin"
    fanny.save()
    Person.objects.filter(user=mehdi).delete()  # Mehdi a member with no register entry yet
    rows = [["12/05/2025", "Atelier", "Séance de travail", "2", "  fanny   MARTIN ", "", ""],
            ["12/05/2025", "Atelier", "Séance de travail", "2", "Léa Durand", "", ""],
            ["12/05/2025", "Atelier", "Séance de travail", "2", "mehdi benali", "", ""],
            ["12/05/2025", "Atelier", "Séance de travail", "2", "Nadia Ferhat",
             "Association Relais", "Bénévole"]]
    report = sessions_import(write_xlsx(tmp_path / "presences.xlsx", rows), group=group)
    assert report.people_matched == 2 and report.people_created == 2
    assert report.new_people == ["Nadia Ferhat"]
    kinds = dict(Attendance.objects.values_list("person__name", "kind"))
    assert kinds == {"Fanny Martin": AttendeeKind.MEMBER, "Léa Durand": AttendeeKind.GUEST,
                     "mehdi benali": AttendeeKind.MEMBER, "Nadia Ferhat": AttendeeKind.GUEST}
    assert Person.objects.get(group=group, user=mehdi).name == "mehdi benali"
    nadia = Person.objects.get(group=group, name="Nadia Ferhat")
    assert (nadia.structure, nadia.mission, nadia.user) == ("Association Relais", "Bénévole",
                                                            None)
    # The register's structure stands in for an empty cell.
    assert Attendance.objects.get(person=people["lea"]).structure == "CCAS de Tours"


def test_xlsx_with_real_dates_numbers_and_1h30(tmp_path, group, people):
    rows = [[datetime(2025, 9, 15), "Journée d'enquête au marché", "Journee d'enquete", 3.5,
             "Fanny Martin", "", ""],
            [datetime(2025, 9, 15), "Journée d'enquête au marché", "journee_enquete", 3.5,
             "habitant", "", ""],
            [datetime(2025, 10, 2), "Restitution", "Restitution locale", "1h30", "Léa Durand",
             "", ""]]
    report = sessions_import(write_xlsx(tmp_path / "f.xlsx", rows), group=group)
    assert report.sessions == 2
    restitution = WorkSession.objects.get(title="Restitution")
    assert restitution.duration_hours == Decimal("1.50")
    assert WorkSession.objects.get(date=date(2025, 9, 15)).duration_hours == Decimal("3.50")


def test_utf8_csv_with_commas_and_dots(tmp_path, group, people):
    rows = [[c.replace(",", ".") for c in r] for r in ROWS]
    path = write_csv(tmp_path / "f.csv", rows, encoding="utf-8", separator=",")
    report = sessions_import(path, group=group)
    assert report.sessions == 2 and report.presences == 5
    assert WorkSession.objects.get(title="Formation aux données").duration_hours == \
        Decimal("1.50")


def test_an_ods_sheet_is_read(tmp_path, group, people):
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("odf")
    path = tmp_path / "presences.ods"
    pandas.DataFrame(ROWS, columns=HEADERS).to_excel(path, engine="odf", index=False)
    report = sessions_import(path, group=group)
    assert report.sessions == 2 and report.inhabitants == 2


def test_a_title_line_above_the_headers_is_skipped(tmp_path, group, people):
    path = tmp_path / "f.csv"
    path.write_text("Feuille de présences 2025;;;;;;\n" + ";".join(HEADERS) + "\n"
                    + "\n".join(";".join(r) for r in ROWS), encoding="utf-8")
    assert sessions_import(path, group=group).sessions == 2


@pytest.mark.parametrize(("line", "column", "value", "expected"), [
    (3, 0, "32/13/2025", "Ligne 3, colonne « Date » : date illisible « 32/13/2025 »"),
    (4, 1, "", "Ligne 4, colonne « Séance / Intitulé » : intitulé de la séance manquant"),
    (2, 2, "Apéro", "Ligne 2, colonne « Type » : type inconnu « Apéro »"),
    (5, 3, "deux", "Ligne 5, colonne « Durée (h) » : durée illisible « deux »"),
    (5, 3, "0", "Ligne 5, colonne « Durée (h) » : durée illisible « 0 »"),
    (6, 4, "", "Ligne 6, colonne « Nom prénom » : nom manquant"),
])
def test_each_error_names_its_line_and_column(tmp_path, group, people, line, column, value,
                                              expected):
    rows = [list(r) for r in ROWS]
    rows[line - 2][column] = value
    with pytest.raises(SessionsImportRefused) as refused:
        sessions_import(write_csv(tmp_path / "f.csv", rows), group=group)
    assert any(e.startswith(expected) for e in refused.value.report.errors), \
        refused.value.report.errors
    assert "Rien n'a été enregistré" in str(refused.value)
    assert not WorkSession.objects.exists() and Person.objects.count() == 3


def test_a_session_with_two_types_or_two_durations_is_refused(tmp_path, group, people):
    rows = [list(r) for r in ROWS]
    rows[1][2] = "Formation"
    rows[2][3] = "3"
    with pytest.raises(SessionsImportRefused) as refused:
        sessions_import(write_csv(tmp_path / "f.csv", rows), group=group)
    errors = refused.value.report.errors
    assert errors[0].startswith("Ligne 3, colonne « Type » : la séance « Atelier "
                                "cartographie » du 12/05/2025 est de type « Séance de "
                                "travail » à la ligne 2, ici « Formation »")
    assert errors[1].startswith("Ligne 4, colonne « Durée (h) » : la séance")
    assert "dure 2 h à la ligne 2, ici 3 h" in errors[1]


def test_the_same_person_twice_in_one_session_is_refused(tmp_path, group, people):
    rows = [*ROWS, ["12/05/2025", "Atelier cartographie", "Séance de travail", "2",
                    "fanny martin", "", ""]]
    with pytest.raises(SessionsImportRefused) as refused:
        sessions_import(write_csv(tmp_path / "f.csv", rows), group=group)
    assert refused.value.report.errors == [
        "Ligne 9, colonne « Nom prénom » : fanny martin figure déjà à la ligne 2 pour la "
        "même séance."]


def test_missing_columns_empty_files_and_wrong_formats(tmp_path, group):
    path = write_csv(tmp_path / "f.csv", [["12/05/2025", "Atelier", "2"]],
                     headers=["Date", "Séance", "Durée"])
    with pytest.raises(SessionsImportRefused) as refused:
        sessions_import(path, group=group)
    assert refused.value.report.errors[0].startswith(
        "Ligne 1 (en-têtes) : il manque la ou les colonnes Type, Nom.")
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    with pytest.raises(SessionsImportRefused) as refused:
        sessions_import(empty, group=group)
    assert "est vide" in refused.value.report.errors[0]
    headers_only = write_csv(tmp_path / "entetes.csv", [])
    with pytest.raises(SessionsImportRefused) as refused:
        sessions_import(headers_only, group=group)
    assert "aucune ligne de présence" in refused.value.report.errors[0]
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(SessionsImportRefused) as refused:
        sessions_import(binary, group=group)
    assert "binaire" in refused.value.report.errors[0]
    assert not WorkSession.objects.exists()


def test_reimporting_the_same_file_doubles_nothing(tmp_path, group, people):
    path = write_xlsx(tmp_path / "f.xlsx", ROWS)
    sessions_import(path, group=group)
    before = tally(WorkSession.objects.filter(group=group)).as_dict()
    people_before = Person.objects.count()
    again = sessions_import(path, group=group)
    assert again.sessions_replaced == ["12/05/2025 — Atelier cartographie",
                                       "03/06/2025 — Formation aux données"]
    assert again.sessions_created == 0 and again.people_created == 0
    assert "Séances déjà enregistrées dont les présences sont remplacées :" in [
        line.strip() for line in again.lines()]
    assert tally(WorkSession.objects.filter(group=group)).as_dict() == before
    assert Person.objects.count() == people_before
    assert WorkSession.objects.count() == 2


def test_a_corrected_file_replaces_the_attendance(tmp_path, group, people):
    sessions_import(write_csv(tmp_path / "f.csv", ROWS), group=group)
    corrected = [r for r in ROWS if r[4] != "Nadia Ferhat"]
    sessions_import(write_csv(tmp_path / "g.csv", corrected), group=group)
    assert tally(WorkSession.objects.filter(group=group)).participants == 2


def test_dry_run_writes_nothing(tmp_path, group, people):
    report = sessions_import(write_csv(tmp_path / "f.csv", ROWS), group=group, dry_run=True)
    assert report.sessions == 2 and not report.written
    assert not WorkSession.objects.exists() and Person.objects.count() == 3


def test_sessions_of_another_group_are_not_replaced(tmp_path, group, other_group, people):
    sessions_import(write_csv(tmp_path / "f.csv", ROWS), group=other_group)
    report = sessions_import(write_csv(tmp_path / "f.csv", ROWS), group=group)
    assert report.sessions_created == 2 and not report.sessions_replaced
    assert WorkSession.objects.count() == 4


def test_readers_of_cells():
    assert [hours_parse(v) for v in ("2", "1,5", "1.5", "1h30", "0h45", "2 h", "1h75")] == [
        Decimal("2.00"), Decimal("1.50"), Decimal("1.50"), Decimal("1.50"), Decimal("0.75"),
        Decimal("2.00"), None]
    assert fold("  Durée (h) ") == "duree h" and fold("Léa  DURAND") == "lea durand"
