"""The answers as a table of categorical variables (table.py, no database)."""

import pandas as pd

from terreau.analysis.table import NO, YES, number_classes, survey_table, table_from_frame
from terreau.surveys.demo import DEFINITION


def _row(pk, answers, zone=None, codes=()):
    return {"id": pk, "answers": answers, "zone": zone, "zone_label": f"IRIS {zone}",
            "codes": set(codes)}


ROWS = [
    _row(1, {"age": 30, "logement": "heberge", "voiture": "non", "transport": "oui",
             "besoins": ["sante", "garde"], "autre_besoin": "la crèche le soir"},
         zone="372610101", codes=[7]),
    _row(2, {"age": 72, "logement": "proprietaire", "voiture": "oui", "besoins": []},
         zone="372610102"),
    _row(3, {"age": 45, "logement": "locataire_social"}),
]


def test_single_choices_keep_their_names_and_labels_and_skipped_questions_are_missing():
    table = survey_table(DEFINITION, ROWS)
    assert table.frame.loc[1, "logement"] == "heberge"
    assert table.variables["logement"].category_label("heberge") == "Hébergé·e par un proche"
    # "transport" is only asked to people without a car: missing for the others.
    assert table.frame["transport"].tolist() == ["oui", None, None]
    assert table.category_text("logement=heberge") == "Votre logement : Hébergé·e par un proche"


def test_each_choice_of_a_multiple_question_is_a_yes_no_variable():
    table = survey_table(DEFINITION, ROWS)
    assert table.multiples["besoins"][0] == "besoins/emploi"
    assert table.frame["besoins/sante"].tolist() == [YES, NO, None]  # 3 did not answer
    variable = table.variables["besoins/sante"]
    assert variable.kind == "choice" and variable.choice_label == "Se soigner"


def test_numbers_are_cut_into_classes_and_kept_raw_for_weights():
    table = survey_table(DEFINITION, ROWS)
    assert table.variables["age"].kind == "classes"
    assert table.numbers["age"].tolist() == [30, 72, 45]
    assert all(value is not None for value in table.frame["age"])


def test_codes_of_open_answers_are_yes_no_variables_for_those_who_answered():
    table = survey_table(DEFINITION, ROWS, codes={"autre_besoin": [(7, "Garde d'enfants")]})
    assert table.frame["autre_besoin/code-7"].tolist() == [YES, None, None]
    assert table.multiples["autre_besoin"] == ["autre_besoin/code-7"]
    assert table.variables["autre_besoin/code-7"].choice_label == "Garde d'enfants"


def test_the_zone_of_each_answer_is_a_variable_named_by_its_zone():
    table = survey_table(DEFINITION, ROWS)
    assert table.frame["zone"].tolist() == ["372610101", "372610102", None]
    assert table.variables["zone"].category_label("372610101") == "IRIS 372610101"


def test_answers_inside_a_repeat_are_not_columns():
    definition = {"choice_lists": {}, "children": [
        {"type": "repeat", "name": "enfants", "label": {}, "children": [
            {"type": "integer", "name": "age_enfant", "label": {}}]},
        {"type": "integer", "name": "taille_menage", "label": {"fr": "Taille"}}]}
    table = survey_table(definition, [_row(1, {"taille_menage": 3, "enfants": [{}]})])
    assert list(table.frame.columns) == ["taille_menage"]


def test_number_classes_have_round_bounds_and_about_equal_sizes():
    ages = pd.Series(list(range(18, 98)))
    classes, categories = number_classes(ages)
    assert len(categories) == 4
    counts = classes.value_counts()
    assert counts.min() >= 15 and counts.max() <= 25
    assert categories[0].name.startswith("18 à ")


def test_a_plain_table_makes_every_column_categorical_and_empty_cells_missing(data_dir):
    frame = pd.read_csv(data_dir / "analysis" / "factominer-tea-time.csv")
    frame.loc[0, "How"] = " "
    table = table_from_frame(frame)
    assert len(table) == 300 and list(table.variables) == list(frame.columns)
    assert table.frame.loc[0, "How"] is None
    assert [c.name for c in table.variables["Tea"].categories] == [
        "Earl Grey", "black", "green"]
