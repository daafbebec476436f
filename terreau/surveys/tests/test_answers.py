"""Checking a respondent's answers against real questionnaires (read from the XLSForms of
../shared/data/surveys/xlsforms) and a small French one: types, skip logic, required,
constraints with their messages, repeats item by item."""

from datetime import date

import pytest

from terreau.surveys.answers import answers_check
from terreau.surveys.xlsform import xlsform_read

FORMS = "surveys/xlsforms"


def _node(kind, name, **more):
    return {"type": kind, "name": name, "label": {"fr": name}, "required": False,
            "relevant": "", "constraint": "", **more}


@pytest.fixture
def diagnostic():
    """A short "guide de diagnostic" as the designer writes it."""
    return {
        "format": 1, "languages": ["fr", "en"], "default_language": "fr",
        "choice_lists": {
            "oui_non": [{"name": "oui", "label": {"fr": "Oui"}},
                        {"name": "non", "label": {"fr": "Non"}}],
            "besoins": [{"name": n, "label": {"fr": n}} for n in
                        ("logement", "emploi", "sante", "aucun")],
        },
        "children": [
            _node("zone", "commune", required=True),
            _node("integer", "age", required=True, constraint=". >= 0 and . <= 120",
                  constraint_message={"fr": "L'âge va de 0 à 120 ans.", "en": "0 to 120."}),
            _node("select_one", "loge", choice_list="oui_non", required=True,
                  required_message={"fr": "Dites si la personne est logée."}),
            {**_node("group", "logement", relevant="${loge} = 'oui'"), "children": [
                _node("decimal", "loyer", required=True, constraint=". > 0"),
                _node("date", "depuis", constraint=". <= today()",
                      constraint_message={"fr": "Pas de date future, ${age} ans."}),
            ]},
            _node("select_multiple", "besoins", choice_list="besoins",
                  constraint="not(selected(., 'aucun') and count-selected(.) > 1)",
                  constraint_message={"fr": "« aucun » va seul."}),
            _node("text", "precision", relevant="selected(${besoins}, 'sante')"),
            _node("geopoint", "lieu"),
            _node("note", "merci"),
        ],
    }


def check(definition, raw, **options):
    return answers_check(definition, raw, today=date(2026, 12, 4),
                         zone_ok=lambda code: code.startswith("37"), **options)


def test_answers_sent_as_text_are_read_into_their_types(diagnostic):
    clean, errors = check(diagnostic, {
        "commune": "37261", "age": "34", "loge": "oui", "loyer": "412,50",
        "depuis": "2024-09-01", "besoins": "logement sante", "precision": "asthme",
        "lieu": "47.39 0.69 80 5", "merci": "ignored", "inconnue": "ignored"})
    assert errors == {}
    assert clean == {"commune": "37261", "age": 34, "loge": "oui", "loyer": 412.5,
                     "depuis": "2024-09-01", "besoins": ["logement", "sante"],
                     "precision": "asthme", "lieu": "47.39 0.69 80 5"}


def test_each_wrong_answer_gets_a_french_message_beside_its_question(diagnostic):
    clean, errors = check(diagnostic, {
        "commune": "75056", "age": "trente", "loge": "peut-être", "besoins": ["emploi", "x"],
        "lieu": "91 0"})
    assert errors == {
        "commune": "Cette zone n'est pas dans le territoire de l'enquête.",
        "age": "Nombre entier attendu.",
        "loge": "Choix inconnu : « peut-être ».",
        "besoins": "Choix inconnu : « x ».",
        "lieu": "Position attendue : « latitude longitude » en degrés (par exemple 47.39 0.69).",
    }
    assert clean == {}


def test_required_questions_and_constraints_speak_with_the_designers_words(diagnostic):
    _, errors = check(diagnostic, {"commune": "37261", "age": 130, "loge": "",
                                   "besoins": ["aucun", "emploi"]})
    assert errors == {"age": "L'âge va de 0 à 120 ans.",
                      "loge": "Dites si la personne est logée.",
                      "besoins": "« aucun » va seul."}
    _, errors = check(diagnostic, {"commune": "37261", "age": 130, "loge": "non"},
                      language="en")
    assert errors == {"age": "0 to 120."}


def test_a_section_that_is_not_shown_is_neither_required_nor_kept(diagnostic):
    base = {"commune": "37261", "age": 34}
    clean, errors = check(diagnostic, {**base, "loge": "non", "loyer": "500",
                                       "besoins": "emploi", "precision": "kept?"})
    assert errors == {}
    assert "loyer" not in clean and "precision" not in clean  # not relevant: dropped
    _, errors = check(diagnostic, {**base, "loge": "oui"})
    assert errors == {"loyer": "Réponse obligatoire."}
    _, errors = check(diagnostic, {**base, "loge": "oui", "loyer": 300,
                                   "depuis": "2027-01-01"})
    assert errors == {"depuis": "Pas de date future, 34 ans."}


def test_the_nested_repeats_of_a_real_kobo_form_are_checked_item_by_item(data_dir):
    definition = xlsform_read(data_dir / FORMS / "kobo-nested-repeats.xls")
    kids = [{"kids_name": "Awa", "kids_age": "7",
             "kids_immunization": [{"immunization_info": "BCG"}, {"immunization_info": ""}]},
            {"kids_name": "Noé", "kids_age": "sept"}]
    clean, errors = answers_check(definition, {
        "has_kids": "1", "kids_details": kids, "gps": "-1.28 36.82 1700 10",
        "web_browsers": "firefox chrome", "nested_name": "Léa", "nested_age": 12})
    assert errors == {"kids_details[2]/kids_age": "Nombre entier attendu."}
    assert clean["kids_details"][0] == {
        "kids_name": "Awa", "kids_age": 7,
        "kids_immunization": [{"immunization_info": "BCG"}, {}]}
    assert clean["web_browsers"] == ["firefox", "chrome"]

    clean, errors = answers_check(definition, {"has_kids": "0", "kids_details": kids})
    assert errors == {}
    assert "kids_details" not in clean  # ${has_kids}='1' is false: the repeat is dropped


def test_a_real_form_constraint_reads_another_answer_and_its_message_is_kept(data_dir):
    definition = xlsform_read(data_dir / FORMS / "pyxform-flat-xlsform-test.xlsx")
    base = {"skip_to_end": "no", "required_text": "x", "list-nolabel-test": "no"}
    _, errors = answers_check(definition, {**base, "a_integer": "10", "a_decimal": "10.5"})
    assert errors == {"a_decimal": "Réponse non valide."}
    _, errors = answers_check(definition, {**base, "a_integer": "10", "a_decimal": "9.5",
                                           "my_name": "Ana",
                                           "select_multiple_test": ["yes", "no"]})
    assert errors == {"select_multiple_test": "Sorry Ana, you can't select yes and no."}
    _, errors = answers_check(definition, {"skip_to_end": "no"})
    assert errors == {"required_text": "Custom required message.",
                      "list-nolabel-test": "Réponse obligatoire."}
    clean, errors = answers_check(definition, {"skip_to_end": "yes", "my_name": "Ana"})
    assert errors == {}
    assert clean == {"skip_to_end": "yes"}  # the whole "everything" group is skipped


@pytest.mark.parametrize(("kind", "raw", "clean"), [
    ("integer", 12.0, 12), ("integer", "-3", -3), ("decimal", "1e3", None),
    ("decimal", ".5", 0.5), ("date", "2026-02-30", None), ("time", "08:30", "08:30"),
    ("time", "25:00", None), ("datetime", "2026-12-04T08:30:00", "2026-12-04T08:30:00"),
    ("geopoint", {"lat": 47.39, "lon": 0.69}, "47.39 0.69"), ("geopoint", "47.39", None),
    ("select_multiple", ["emploi", "emploi"], ["emploi"]), ("integer", True, None),
    ("integer", "9" * 30, None), ("acknowledge", "OK", "OK"),
])
def test_each_type_reads_what_a_phone_or_an_export_sends(kind, raw, clean):
    definition = {"choice_lists": {"l": [{"name": "emploi"}]},
                  "children": [_node(kind, "q", choice_list="l")]}
    result, errors = answers_check(definition, {"q": raw})
    assert result.get("q") == clean
    assert bool(errors) == (clean is None)


def test_answers_that_are_not_an_object_or_a_list_of_items_are_refused(diagnostic):
    assert answers_check(diagnostic, ["age"])[1] == {
        "": "Les réponses doivent être un objet JSON {question: réponse}."}
    definition = {"children": [{**_node("repeat", "membres"), "children": [
        _node("integer", "age")]}]}
    assert answers_check(definition, {"membres": "Awa"})[1] == {
        "membres": "Liste de réponses attendue pour ce groupe répété."}


def test_an_expression_that_cannot_be_read_never_blocks_an_answer():
    definition = {"children": [_node("integer", "n", constraint="sqrt(.) > 1",
                                     relevant="${x} ==")]}
    assert answers_check(definition, {"n": 0}) == ({"n": 0}, {})
