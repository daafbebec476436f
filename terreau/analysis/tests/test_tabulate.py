"""Tabulations (tabulate.py, no database): flat and cross tables checked against a textbook
example, scipy and FactoMineR's real `tea` survey; weights, multiple choices, non-responses."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from terreau.analysis.table import survey_table, table_from_frame
from terreau.analysis.tabulate import (
    TabulateError,
    chi2_test,
    fr_p,
    sentence,
    tab_questions,
    tabulate,
    weight_questions,
)
from terreau.analysis.views.tabulations_grid import chart_data, export_rows, grid
from terreau.core.testing import shared_data_dir
from terreau.surveys.demo import DEFINITION


def _expand(counts: dict[tuple[str, str], int], names=("genre", "parti")) -> pd.DataFrame:
    rows = []
    for (a, b), n in counts.items():
        rows += [{names[0]: a, names[1]: b}] * n
    return pd.DataFrame(rows)


# Agresti, An Introduction to Categorical Data Analysis (2007), table 2.5: gender and party
# identification; X² = 30.1 (df 2), adjusted residuals 4.5, 0.7, -5.3 for women.
AGRESTI = {("F", "Dem"): 762, ("F", "Ind"): 327, ("F", "Rep"): 468,
           ("M", "Dem"): 484, ("M", "Ind"): 239, ("M", "Rep"): 477}


def test_the_textbook_example_gives_the_published_chi2_and_residuals():
    result = tabulate(table_from_frame(_expand(AGRESTI)), "genre", "parti")
    test = result["test"]
    assert test["chi2"] == pytest.approx(30.07, abs=0.005)
    assert test["dof"] == 2 and test["p_value"] < 1e-6
    assert np.round(test["residuals"], 1).tolist() == [[4.5, 0.7, -5.3], [-4.5, -0.7, 5.3]]
    assert test["cramer_v"] == pytest.approx(math.sqrt(30.0701 / 2757), rel=1e-4)
    assert result["flags"] == [["+", "", "-"], ["-", "", "+"]]
    assert result["explanation"] == (
        "Le lien entre « genre » et « parti » est faible (V de Cramér = 0,10) ; il est très "
        "peu probable qu'il soit dû au hasard (p < 0,001).")
    assert result["row_pct"][0][0] == pytest.approx(100 * 762 / 1557)
    assert result["column_pct"][0][0] == pytest.approx(100 * 762 / 1246)
    assert result["row_totals"] == [1557, 1200] and result["column_totals"] == [1246, 566, 945]
    assert not result["warnings"]


def test_a_two_by_two_table_has_no_yates_correction():
    counts = np.array([[12, 5], [6, 11]])
    frame = _expand({("a", "x"): 12, ("a", "y"): 5, ("b", "x"): 6, ("b", "y"): 11})
    test = tabulate(table_from_frame(frame), "genre", "parti")["test"]
    assert test["chi2"] == pytest.approx(chi2_contingency(counts, correction=False).statistic)
    assert test["chi2"] > chi2_contingency(counts, correction=True).statistic
    assert test["cramer_v"] == pytest.approx(math.sqrt(test["chi2"] / 34))


@pytest.fixture(scope="module")
def tea() -> pd.DataFrame:
    path = shared_data_dir() / "analysis" / "factominer-tea.csv"
    if not path.exists():
        pytest.skip(f"Données partagées absentes : {path}")
    return pd.read_csv(path)


def test_the_real_tea_survey_matches_scipy_cell_by_cell(tea):
    table = table_from_frame(tea[["Tea", "How", "sex", "price"]])
    result = tabulate(table, "price", "How")
    observed = pd.crosstab(tea["price"], tea["How"])
    reference = chi2_contingency(observed.to_numpy(), correction=False)
    assert [c["name"] for c in result["rows"]["categories"]] == list(observed.index)
    assert result["counts"] == observed.to_numpy().tolist()
    test = result["test"]
    assert test["chi2"] == pytest.approx(reference.statistic, rel=1e-12)
    assert test["p_value"] == pytest.approx(reference.pvalue, rel=1e-9)
    assert test["dof"] == reference.dof == 15
    np.testing.assert_allclose(test["expected"], reference.expected_freq)
    # "other" (9 people) makes many small expected counts: the warning says so.
    assert test["small_expected_share"] > 0.2 and result["warnings"]
    assert "Prudence" in result["warnings"][0]
    flat = tabulate(table, "Tea")
    assert [(line["name"], line["count"]) for line in flat["lines"]] == [
        ("Earl Grey", 193), ("black", 74), ("green", 33)]  # MANIFEST's counts


def _row(pk, answers, zone="372610101"):
    return {"id": pk, "answers": answers, "zone": zone, "zone_label": zone, "codes": set()}


@pytest.fixture
def demo_table():
    """The answers of tab_fixtures.py's table, without the database."""
    groups = [(12, {"logement": "locataire_social", "voiture": "non", "vit_seul": "oui",
                    "age": 70, "besoins": ["isolement", "sante"]}),
              (8, {"logement": "locataire_social", "voiture": "oui", "vit_seul": "non",
                   "age": 35, "besoins": ["emploi"]}),
              (4, {"logement": "proprietaire", "voiture": "non", "vit_seul": "oui", "age": 80,
                   "besoins": ["sante"]}),
              (12, {"logement": "proprietaire", "voiture": "oui", "vit_seul": "non",
                    "age": 45, "besoins": []}),
              (4, {"logement": "heberge", "voiture": "non", "age": 22})]
    answers = [a for count, a in groups for _ in range(count)]
    return survey_table(DEFINITION, [_row(i + 1, a) for i, a in enumerate(answers)])


def test_the_questions_to_tabulate_list_multiple_choices_once(demo_table):
    keys = [key for key, _ in tab_questions(demo_table)]
    assert keys[:3] == ["age", "logement", "vit_seul"]
    assert "besoins" in keys and "besoins/sante" not in keys and "zone" in keys
    assert dict(tab_questions(demo_table))["besoins"] == (
        "Pour quoi auriez-vous besoin d'aide aujourd'hui ?")
    assert weight_questions(demo_table) == [("age", "Quel âge avez-vous ?")]


def test_a_flat_table_counts_with_and_without_non_responses(demo_table):
    result = tabulate(demo_table, "vit_seul")
    lines = {line["name"]: line for line in result["lines"]}
    assert lines["oui"]["count"] == 16 and lines["non"]["count"] == 20
    assert lines["oui"]["pct_valid"] == pytest.approx(100 * 16 / 36)
    assert lines["oui"]["pct_all"] == pytest.approx(40.0)
    missing = result["non_response"]
    assert missing["label"] == "Non-réponse" and missing["count"] == 4
    assert missing["pct_valid"] is None and missing["pct_all"] == pytest.approx(10.0)
    shown = grid(result)
    assert [row["label"] for row in shown["rows"]] == ["Oui", "Non", "Non-réponse", "Total"]
    assert shown["rows"][0]["texts"] == ["16", "44,4\u202f%", "40,0\u202f%"]
    # Every category of the list, even one nobody chose.
    assert [line["count"] for line in tabulate(demo_table, "logement")["lines"]] == [
        20, 0, 16, 4, 0]


def test_a_multiple_choice_question_gives_percentages_of_respondents(demo_table):
    result = tabulate(demo_table, "besoins")
    lines = {line["name"]: line for line in result["lines"]}
    assert result["multiple"] and result["answered"] == 36
    assert lines["besoins/sante"]["count"] == 16
    assert lines["besoins/sante"]["pct_valid"] == pytest.approx(100 * 16 / 36)
    assert lines["besoins/sante"]["label"] == "Se soigner"
    assert sum(line["pct_valid"] for line in result["lines"]) > 100 - 100 * 12 / 36
    assert result["non_response"]["count"] == 4
    assert any("peut dépasser 100" in note for note in result["notes"])
    labels = [row["label"] for row in grid(result)["rows"]][-3:]
    assert labels == ["Non-réponse", "Personnes ayant répondu", "Ensemble des personnes"]


def test_weights_sum_and_people_without_weight_are_set_aside():
    frame = pd.DataFrame({"q": ["a", "a", "b", None, "b"]})
    table = table_from_frame(frame)
    table.numbers = pd.DataFrame({"poids": [1.5, 0.5, 3.0, 1.0, None]},
                                 index=table.frame.index)
    result = tabulate(table, "q", weight="poids")
    assert [line["count"] for line in result["lines"]] == [2.0, 3.0]
    assert [line["raw"] for line in result["lines"]] == [2, 1]
    assert result["lines"][1]["pct_valid"] == pytest.approx(60.0)
    assert result["non_response"]["count"] == 1.0 and result["unweighted"] == 1
    assert any("indicatif" in note for note in result["notes"])
    assert any("1 personne sans poids" in note for note in result["notes"])
    header, rows = export_rows(result)
    assert header[:3] == ["Réponse", "Effectif", "Effectif brut"]
    assert rows[0] == ["a", 2, 2, 40.0, 33.3]  # 2 of 5 who answered, of 6 in all
    with pytest.raises(TabulateError, match="numérique"):
        tabulate(table, "q", weight="q")


def test_the_test_on_weighted_answers_does_not_depend_on_the_weights_scale():
    frame = _expand({("a", "x"): 30, ("a", "y"): 10, ("b", "x"): 12, ("b", "y"): 20})
    table = table_from_frame(frame)
    plain = tabulate(table, "genre", "parti")
    table.numbers = pd.DataFrame({"w": 10.0}, index=table.frame.index)
    weighted = tabulate(table, "genre", "parti", weight="w")
    assert weighted["counts"][0][0] == 300.0
    assert weighted["test"]["chi2"] == pytest.approx(plain["test"]["chi2"])
    assert weighted["test"]["p_value"] == pytest.approx(plain["test"]["p_value"])


def test_a_multiple_choice_question_crossed_has_one_line_and_one_test_per_choice(demo_table):
    result = tabulate(demo_table, "voiture", "besoins")  # the choices go in rows
    assert result["swapped"] and result["multiple"]
    assert [c["name"] for c in result["columns"]["categories"]] == ["oui", "non"]
    names = [c["name"] for c in result["rows"]["categories"]]
    sante = names.index("besoins/sante")
    assert result["counts"][sante] == [0, 16]
    assert result["column_totals"] == [20, 16]  # answered "besoins" (the 4 hébergés did not)
    assert result["column_pct"][sante] == [0.0, 100.0]
    assert result["test"] is None
    reference = chi2_contingency(np.array([[0, 16], [20, 0]]), correction=False)
    test = result["tests"][sante]
    assert test["chi2"] == pytest.approx(reference.statistic)
    assert result["flags"][sante] == ["-", "+"]
    garde = names.index("besoins/garde")
    assert result["tests"][garde] is None and result["flags"][garde] == ["", ""]
    assert "citer « Se soigner »" in result["explanation"]
    assert "un sur vingt" in result["explanation"]
    header, rows = export_rows(result, "colonne")
    assert header[1:3] == ["Oui (effectif)", "Oui (% en colonne)"]
    assert rows[sante][:5] == ["Se soigner", 0, 0.0, 16, 100.0]
    assert rows[-1][0] == "Personnes ayant répondu"


def test_cross_tables_leave_out_non_responses_and_empty_categories(demo_table):
    result = tabulate(demo_table, "logement", "vit_seul")
    assert [c["name"] for c in result["rows"]["categories"]] == [
        "locataire_social", "proprietaire"]  # nobody hébergé answered "vit_seul"
    assert result["excluded"] == 4 and result["total"] == 36
    expected = chi2_contingency(np.array([[12, 8], [4, 12]]), correction=False)
    assert result["test"]["chi2"] == pytest.approx(expected.statistic)
    shown = grid(result, "ligne")
    assert shown["rows"][0]["cells"][0]["pct_text"] == "60,0\u202f%"
    assert shown["rows"][0]["total"]["pct"] == 100.0
    assert grid(result, "aucun")["rows"][0]["cells"][0]["pct_text"] == ""
    data = chart_data(result, "colonne")
    assert data["mesure"] == "% en colonne" and len(data["barres"]) == 4


def test_impossible_tables_say_why_in_french(demo_table):
    with pytest.raises(TabulateError, match="inconnue"):
        tabulate(demo_table, "pas_une_question")
    with pytest.raises(TabulateError, match="différentes"):
        tabulate(demo_table, "logement", "logement")
    frame = pd.DataFrame({"a": ["x", "x", "y"], "b": ["u", "u", "u"]})
    result = tabulate(table_from_frame(frame), "a", "b")
    assert result["test"] is None and "Pas de test" in result["explanation"]


def test_words_for_the_strength_and_the_p_value():
    def said(v, p):
        return sentence("« A »", "« B »", {"cramer_v": v, "p_value": p})
    assert said(0.12, 0.003) == ("Le lien entre « A » et « B » est faible (V de Cramér = "
                                 "0,12) ; il est très peu probable qu'il soit dû au hasard "
                                 "(p = 0,003).")
    assert "est moyen" in said(0.25, 0.02) and "peu probable" in said(0.25, 0.02)
    assert "pourrait être dû au hasard (p = 0,21)" in said(0.05, 0.2134)
    assert "est fort" in said(0.45, 0.0001)
    assert fr_p(0.0004) == "p < 0,001" and fr_p(0.047) == "p = 0,047"
    assert chi2_test([[1, 2, 3]]) is None


def test_no_answer_left_after_filtering_gives_empty_tables_not_errors(demo_table):
    empty = demo_table.subset([])
    assert tabulate(empty, "besoins")["total"] == 0
    for first, second in (("logement", "voiture"), ("besoins", "voiture")):
        result = tabulate(empty, first, second)
        assert result["total"] == 0 and "Pas de test" in result["explanation"]
        assert export_rows(result)[1][-1][0] in ("Total", "Personnes ayant répondu")
        assert chart_data(result)["barres"] == []
