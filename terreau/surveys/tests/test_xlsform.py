"""XLSForm in and out on the real forms of ../shared/data/surveys/xlsforms: the round trip
gives the same questionnaire, legacy spellings and languages are understood, and an invalid
form is refused with a French message naming the sheet, row and column."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from terreau.surveys.definition import questions, walk
from terreau.surveys.xlsform import MAX_BYTES, xlsform_read, xlsform_write
from terreau.surveys.xlsform_errors import XLSFormError, translate

FORMS = "surveys/xlsforms"
VALID = ["kobo-nested-repeats.xls", "kobo-transportation.xls",
         "pyxform-choice-filter-test.xlsx", "pyxform-flat-xlsform-test.xlsx",
         "pyxform-ucl-biomass-plot-form.xlsx"]
EPFL = ["epfl-wash-household-survey-abidjan-2022-fr.xls",
        "epfl-wash-household-survey-nairobi-2021-en.xls"]


def test_every_real_form_is_either_valid_or_one_of_the_epfl_forms(data_dir):
    assert sorted(p.name for p in (data_dir / FORMS).iterdir()) == sorted(VALID + EPFL)


@pytest.mark.parametrize("name", VALID)
def test_import_export_import_gives_the_same_questionnaire(data_dir, name):
    first = xlsform_read(data_dir / FORMS / name)
    again = xlsform_read(xlsform_write(first), "export.xlsx")
    assert again == first
    assert questions(first)


@pytest.mark.parametrize("name", EPFL)
def test_the_epfl_forms_are_refused_naming_the_duplicate(data_dir, name):
    with pytest.raises(XLSFormError) as refused:
        xlsform_read(data_dir / FORMS / name)
    error = refused.value
    assert (error.sheet, error.row, error.column) == ("survey", 62, "name")
    assert str(error).startswith("Feuille « survey », ligne 62, colonne « name » : ")
    assert "« HandWashHabits1 » est déjà pris dans le même groupe" in str(error)


def test_legacy_kobo_spellings_are_read_into_the_definition_names(data_dir):
    definition = xlsform_read(data_dir / FORMS / "kobo-nested-repeats.xls")
    nodes = {node["name"]: (path, node) for path, node in walk(definition["children"])}
    assert nodes["has_kids"][1]["type"] == "select_one"
    assert nodes["has_kids"][1]["choice_list"] == "yes_no"
    assert nodes["kids_name"][1]["type"] == "text"  # "string"
    assert nodes["kids_name"][0] == ("kids", "kids_details")
    assert nodes["immunization_info"][0] == ("kids", "kids_details", "kids_immunization")
    assert nodes["web_browsers"][1]["type"] == "select_multiple"  # select all that apply from
    assert nodes["kids_details"][1]["relevant"] == "${has_kids}='1'"
    assert definition["title"] == "Nested repeats Test"
    assert definition["form_id"] == "nested_repeats"
    assert [c["name"] for c in definition["choice_lists"]["yes_no"]] == ["0", "1"]

    transport = xlsform_read(data_dir / FORMS / "kobo-transportation.xls")
    nodes = {node["name"]: node for _, node in walk(transport["children"])}
    other = nodes["available_transportation_types_to_referral_facility"]
    assert (other["type"], other["choice_list"]) == ("select_multiple", "transport_types")
    assert other["extra"]["type"] == "select_multiple transport_types or_other"
    loop = nodes["loop_over_transport_types_frequency"]
    assert loop["type"] == "repeat"
    assert loop["extra"]["type"] == "begin loop over transport_types"
    assert nodes["frequency_to_referral_facility"]["relevant"].startswith("selected(")


def test_labels_per_language_and_unknown_columns_are_kept(data_dir):
    definition = xlsform_read(data_dir / FORMS / "pyxform-ucl-biomass-plot-form.xlsx")
    assert definition["languages"] == ["sw", "en"]
    assert definition["default_language"] == "sw"
    region = next(n for _, n in walk(definition["children"]) if n["name"] == "region_id")
    assert region["label"] == {"sw": "Mkoa", "en": "Region"}
    assert region["required"] is True
    assert region["extra"]["type"] == "select_one_from_file UCL_regions.csv"
    flat = xlsform_read(data_dir / FORMS / "pyxform-flat-xlsform-test.xlsx")
    assert flat["languages"][:2] == ["english", "chinese"]
    assert flat["settings"]["public_key"].startswith("MIIBIjAN")
    assert any("media::video" in n["extra"] for _, n in walk(flat["children"]))


def _definition(**changes) -> dict:
    definition = {
        "format": 1, "title": "Guide de diagnostic", "form_id": "guide", "version": "1",
        "languages": ["fr", "en"], "default_language": "fr", "settings": {},
        "choice_lists": {"oui_non": [
            {"name": "oui", "label": {"fr": "Oui", "en": "Yes"}, "extra": {}},
            {"name": "non", "label": {"fr": "Non", "en": "No"}, "extra": {}}]},
        "children": [
            {"type": "group", "name": "foyer", "label": {"fr": "Le foyer"}, "children": [
                {"type": "integer", "name": "age", "label": {"fr": "Votre âge", "en": "Age"},
                 "required": True, "constraint": ". >= 0 and . <= 120",
                 "constraint_message": {"fr": "L'âge va de 0 à 120 ans."}},
                {"type": "select_one", "name": "logement", "choice_list": "oui_non",
                 "label": {"fr": "= Avez-vous un logement ?"}, "relevant": "${age} >= 18"},
                {"type": "zone", "name": "quartier", "label": {"fr": "Votre quartier"}},
            ]},
        ],
    }
    definition.update(changes)
    return definition


def test_a_terreau_questionnaire_is_written_with_french_label_columns():
    content = xlsform_write(_definition())
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["survey", "choices", "settings"]
    survey = [[c.value for c in row] for row in workbook["survey"].iter_rows()]
    header = survey[0]
    assert header[:4] == ["type", "name", "label::Français (fr)", "label::English (en)"]
    assert "constraint_message::Français (fr)" in header
    types = [row[0] for row in survey[1:]]
    assert types == ["begin_group", "integer", "select_one oui_non",
                     "select_one_from_file zones.csv", "end_group"]
    # A label starting with "=" stays text, never a formula.
    cell = workbook["survey"].cell(row=4, column=3)
    assert cell.value == "= Avez-vous un logement ?" and cell.data_type == "s"
    settings = [[c.value for c in row] for row in workbook["settings"].iter_rows()]
    assert dict(zip(*settings, strict=True))["default_language"] == "Français (fr)"
    again = xlsform_read(content, "guide.xlsx")
    nodes = {n["name"]: n for _, n in walk(again["children"])}
    assert nodes["quartier"]["type"] == "zone"
    assert nodes["age"]["constraint_message"] == {"fr": "L'âge va de 0 à 120 ans."}
    assert again["languages"] == ["fr", "en"]
    assert xlsform_read(xlsform_write(again), "guide.xlsx") == again


def _workbook(survey: list[list], choices: list[list] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices:
        other = workbook.create_sheet("choices")
        for row in choices:
            other.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_missing_choice_list_names_the_row_and_the_list():
    content = _workbook([["type", "name", "label"], ["text", "nom", "Nom"],
                         ["select_one couleurs", "couleur", "Couleur"]],
                        [["list_name", "name", "label"], ["oui_non", "oui", "Oui"]])
    with pytest.raises(XLSFormError) as refused:
        xlsform_read(content, "couleurs.xlsx")
    assert refused.value.row == 3
    assert "la liste de choix « couleurs » n'existe pas" in str(refused.value)


def test_a_name_used_twice_in_different_groups_is_refused():
    content = _workbook([["type", "name", "label"],
                         ["begin_group", "a", "A"], ["integer", "age", "Âge"], ["end_group"],
                         ["begin_group", "b", "B"], ["integer", "age", "Âge"], ["end_group"]])
    with pytest.raises(XLSFormError) as refused:
        xlsform_read(content, "doublon.xlsx")
    assert (refused.value.sheet, refused.value.row, refused.value.column) == (
        "survey", 6, "name")
    assert "déjà celui de la ligne 3" in str(refused.value)


def test_files_that_are_not_xlsforms_are_refused_in_french():
    with pytest.raises(XLSFormError, match="n'est pas un classeur .xlsx lisible"):
        xlsform_read(b"pas un classeur", "faux.xlsx")
    with pytest.raises(XLSFormError, match="classeur .xlsx ou .xls"):
        xlsform_read(b"a,b", "questions.csv")
    with pytest.raises(XLSFormError, match="la limite est de 5 Mo"):
        xlsform_read(b"0" * (MAX_BYTES + 1), "gros.xlsx")


def test_an_unknown_pyxform_reason_keeps_its_english_words_after_a_french_frame():
    error = translate("[row : 7] On the 'survey' sheet, the 'parameters' value is invalid. "
                      "Something new.")
    assert str(error) == ("Feuille « survey », ligne 7, colonne « parameters » : le "
                          "formulaire est refusé par pyxform : « Something new. »")


def test_the_demo_questionnaire_goes_out_and_back_unchanged():
    from terreau.surveys.demo import DEFINITION
    assert xlsform_read(xlsform_write(DEFINITION), "guide.xlsx") == DEFINITION


def test_a_hint_in_a_language_without_labels_is_not_lost():
    definition = _definition()
    definition["children"][0]["children"][0]["hint"] = {"en": "in years", "default": "ans"}
    again = xlsform_read(xlsform_write(definition), "guide.xlsx")
    age = next(n for _, n in walk(again["children"]) if n["name"] == "age")
    assert age["hint"] == {"en": "in years", "default": "ans"}
