"""Answers collected with KoboToolbox / ODK: the real exports of ../shared/data/surveys/exports
read against their real questionnaires, imported all or nothing, re-imports skipped."""

import shutil

import pytest

from terreau.indicators.tests.factories import user_make
from terreau.surveys.imports import CONSENT, answers_import
from terreau.surveys.kobo import kobo_read
from terreau.surveys.models import Submission
from terreau.surveys.services import questionnaire_create
from terreau.surveys.xlsform import xlsform_read

NESTED_UUIDS = ["0a2a8ef5-5d82-4e43-a267-74037b0e9ea4", "8742fb1c-50a5-4c54-80c6-4420129d14ce"]


def form(data_dir, name: str) -> dict:
    return xlsform_read(data_dir / "surveys" / "xlsforms" / name, name)


def export(data_dir, name: str):
    return data_dir / "surveys" / "exports" / name


@pytest.fixture
def nested(data_dir):
    return form(data_dir, "kobo-nested-repeats.xls")


@pytest.fixture
def transport(data_dir):
    return form(data_dir, "kobo-transportation.xls")


@pytest.fixture
def questionnaire(tours_group, nested):
    designer = user_make("fanny", group=tours_group, role="facilitator")
    return questionnaire_create(group=tours_group, definition=nested, user=designer,
                                slug="enfants")


def bad_copy(data_dir, tmp_path, replacements: dict[str, str]):
    """The nested repeats export with some cells of the second answer changed."""
    lines = export(data_dir, "kobo-nested-repeats-export.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    for column, value in replacements.items():
        cells[header.index(column)] = value
    path = tmp_path / "export-corrige.csv"
    path.write_text("\n".join([lines[0], lines[1], ",".join(cells)]) + "\n")
    return path


def test_nested_repeats_export_gives_each_child_and_each_vaccine(data_dir, nested):
    report = kobo_read(export(data_dir, "kobo-nested-repeats-export.csv"), nested)

    assert report.problems == []
    assert [row.uuid for row in report.rows] == NESTED_UUIDS
    first, second = (row.answers for row in report.rows)
    # n/a cells (a third child who does not exist, a missing vaccine) leave nothing behind.
    assert first["kids_details"] == [
        {"kids_name": "Hansel", "kids_age": 2, "kids_immunization": [
            {"immunization_info": "Polio"}, {"immunization_info": "Measles"},
            {"immunization_info": "Malaria"}]},
        {"kids_name": "Gretel", "kids_age": 1, "kids_immunization": [
            {"immunization_info": "TB"}, {"immunization_info": "Rickets"}]},
    ]
    assert [kid["kids_name"] for kid in second["kids_details"]] == ["Tom", "Dick", "Harry"]
    assert first["has_kids"] == "1"
    assert (first["nested_name"], first["nested_age"]) == ("The Witch", 45)
    assert first["gps"] == "-1.2627557 36.7926442 0.0 30.0"
    # Multiple choices came as one True/False column per browser.
    assert first["web_browsers"] == ["ie", "safari"]
    assert second["web_browsers"] == ["firefox", "chrome", "ie"]
    assert report.rows[0].collected_at.isoformat() == "2013-02-18T15:54:01+00:00"
    assert "_uuid" in report.ignored and "_validation_status" in report.ignored


def test_split_gps_columns_alone_give_the_geopoint(data_dir, nested, tmp_path):
    source = export(data_dir, "kobo-nested-repeats-export.csv").read_text().splitlines()
    header = source[0].split(",")
    keep = [i for i, name in enumerate(header) if name != "gps"]
    path = tmp_path / "sans-gps.csv"
    path.write_text("\n".join(",".join(line.split(",")[i] for i in keep) for line in source))

    report = kobo_read(path, nested)

    assert report.problems == []
    assert report.rows[1].answers["gps"] == "-1.2627427 36.7925298 0.0 39.0"


def test_transportation_csv_and_xlsx_exports_give_the_same_answers(data_dir, transport):
    from_csv = kobo_read(export(data_dir, "kobo-transportation-export.csv"), transport)
    from_xlsx = kobo_read(export(data_dir, "kobo-transportation-export.xlsx"), transport)

    assert from_csv.problems == from_xlsx.problems == []
    assert [r.answers for r in from_csv.rows] == [r.answers for r in from_xlsx.rows]
    nothing, two, one, other = (row.answers for row in from_csv.rows)
    assert nothing == {}  # "none" / all False: no transport at all
    assert two["available_transportation_types_to_referral_facility"] == ["ambulance", "bicycle"]
    # The loop over the transport types keeps which type each frequency is about.
    assert two["loop_over_transport_types_frequency"] == [
        {"_choix": "ambulance", "frequency_to_referral_facility": "daily"},
        {"_choix": "bicycle", "frequency_to_referral_facility": "weekly"}]
    assert one["available_transportation_types_to_referral_facility"] == ["ambulance"]
    # "or specify other": the "other" choice and the text that goes with it.
    assert other["available_transportation_types_to_referral_facility"] == ["taxi", "other"]
    assert other["available_transportation_types_to_referral_facility_other"] == "camel"


def test_bad_values_are_reported_by_line_and_column(data_dir, nested, tmp_path):
    path = bad_copy(data_dir, tmp_path, {
        "kids/kids_details[2]/kids_age": "cinq",
        "kids/has_kids": "peut-etre",
        "web_browsers/chrome": "souvent",
        "gps": "Tours",
        "_uuid": "",
    })
    text = path.read_text().replace("_validation_status", "humeur", 1)
    path.write_text(text.replace("kids/nested_group/nested_age", "kids/nested_age", 1))

    problems = {(p.line, p.column): p.message for p in kobo_read(path, nested).problems}

    assert problems[(3, "kids/kids_details[2]/kids_age")] == "« cinq » n'est pas un nombre."
    assert "pas dans la liste « yes_no »" in problems[(3, "kids/has_kids")]
    assert "attendu 0 ou 1" in problems[(3, "web_browsers/chrome")]
    assert "point GPS" in problems[(3, "gps")]
    assert "inconnue" in problems[(None, "humeur")]
    assert "inconnue" in problems[(None, "kids/nested_age")]  # a question, not at its place
    # meta/instanceID still names the answer: only a row without any identifier is refused.
    assert (3, "_uuid") not in problems


def test_a_row_without_any_identifier_is_refused(data_dir, nested, tmp_path):
    path = bad_copy(data_dir, tmp_path, {"_uuid": "", "meta/instanceID": "n/a"})

    problems = kobo_read(path, nested).problems

    assert [(p.line, p.column) for p in problems] == [(3, "_uuid")]
    assert "manquant" in problems[0].message


@pytest.mark.django_db
def test_import_writes_answers_then_skips_them_all_the_second_time(data_dir, questionnaire):
    path = export(data_dir, "kobo-nested-repeats-export.csv")

    first = answers_import(path, questionnaire)
    again = answers_import(path, questionnaire)

    assert (first.created, first.skipped) == (2, 0)
    assert (again.created, again.skipped, again.refused) == (0, 2, False)
    stored = Submission.objects.filter(questionnaire=questionnaire).order_by("external_uuid")
    assert [s.external_uuid for s in stored] == NESTED_UUIDS
    hansel = stored[0]
    assert hansel.source == Submission.Source.IMPORT
    assert hansel.consent == CONSENT
    assert hansel.version == questionnaire.latest_version()
    assert hansel.answers["kids_details"][0]["kids_name"] == "Hansel"
    assert hansel.collected_at.isoformat() == "2013-02-18T15:54:01+00:00"


@pytest.mark.django_db
def test_a_refused_row_writes_nothing_at_all(data_dir, questionnaire, tmp_path):
    path = bad_copy(data_dir, tmp_path, {"kids/nested_group/nested_age": "38 ans"})

    report = answers_import(path, questionnaire)

    assert report.refused and report.created == 0
    assert [(p.line, p.column) for p in report.problems] == [
        (3, "kids/nested_group/nested_age")]
    assert not Submission.objects.exists()  # the good first row is not written either


@pytest.mark.django_db
def test_cli_reports_and_exits_by_outcome(data_dir, questionnaire, tmp_path, run_cli):
    good = tmp_path / "kobo.csv"
    shutil.copy(export(data_dir, "kobo-nested-repeats-export.csv"), good)
    bad = bad_copy(data_dir, tmp_path, {"kids/kids_details[1]/kids_age": "-"})

    code, out, err = run_cli("import-answers", str(bad), "--questionnaire", "enfants")
    assert code == 1
    assert "ligne 3, colonne « kids/kids_details[1]/kids_age »" in out
    assert "rien n'a été importé" in err
    assert not Submission.objects.exists()

    code, out, _ = run_cli("import-answers", str(good), "--questionnaire", "enfants",
                           "--dry-run")
    assert code == 0 and "2 réponse(s) seraient ajoutées" in out
    assert not Submission.objects.exists()

    code, out, _ = run_cli("import-answers", str(good), "--questionnaire", "enfants")
    assert code == 0 and "Réponses ajoutées : 2." in out
    code, out, _ = run_cli("import-answers", str(good), "--questionnaire", "enfants")
    assert code == 0 and "ignorées : 2." in out and "Réponses ajoutées : 0." in out
    assert Submission.objects.count() == 2

    code, _, err = run_cli("import-answers", str(good), "--questionnaire", "inconnu")
    assert code == 1 and "Questionnaire inconnu" in err


def test_headers_without_group_names_and_choices_in_one_column(nested, tmp_path):
    path = tmp_path / "sans-groupes.csv"
    path.write_text("has_kids,nested_age,web_browsers,gps,_uuid\n"
                    "0,n/a,firefox safari,47.39 0.69,a1\n"
                    "1,inf,opera,,a2\n", encoding="utf-8")

    report = kobo_read(path, nested)

    assert report.rows[0].answers == {"has_kids": "0", "web_browsers": ["firefox", "safari"],
                                      "gps": "47.39 0.69"}
    assert [(p.line, p.column) for p in report.problems] == [(3, "nested_age"),
                                                             (3, "web_browsers")]


@pytest.mark.django_db
def test_xlsx_export_imports_through_the_command(data_dir, tours_group, transport, run_cli):
    designer = user_make("fanny", group=tours_group, role="facilitator")
    questionnaire_create(group=tours_group, definition=transport, user=designer,
                         slug="transports")

    code, out, _ = run_cli("import-answers", str(export(data_dir,
                                                        "kobo-transportation-export.xlsx")),
                           "--questionnaire", "transports")

    assert code == 0 and "Réponses ajoutées : 4." in out
    camel = Submission.objects.get(external_uuid="9f0a1508-c3b7-4c99-be00-9b237c26bcbf")
    assert camel.answers["available_transportation_types_to_referral_facility_other"] == "camel"
