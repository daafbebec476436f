"""profiles_run, readiness and sentences on real data and on small survey tables (no Django)."""

import json

import numpy as np
import pandas as pd
import pytest

from terreau.analysis.profiles import PARAMETER_DEFAULTS, ProfilesError, profiles_run
from terreau.analysis.readiness import readiness
from terreau.analysis.sentences import category_phrase, profile_sentence
from terreau.analysis.table import YES_NO, Category, SurveyTable, SurveyVariable, table_from_frame

from .test_mca import TEA, tea, tea_columns

KEYS = {"respondents", "ncp", "active", "supplementary", "eigenvalues", "percent",
        "corrected_inertia", "corrected_percent", "categories", "supplementary_categories",
        "rare", "partition", "suggested_profiles", "profiles_count", "gains", "moved",
        "pre_groups", "profiles", "stability", "warnings"}


@pytest.fixture(scope="module")
def tea_result():
    frame = tea()
    active, supplementary = tea_columns(frame)
    marks = []
    result = profiles_run(table_from_frame(frame), active=active, supplementary=supplementary,
                          stability=10, progress=lambda p, label: marks.append((p, label)))
    return result, marks


def test_result_has_the_contract_keys_and_is_json(tea_result):
    result, marks = tea_result
    assert set(result) == KEYS
    json.dumps(result)
    assert np.round(result["eigenvalues"][:8], 5).tolist() == TEA
    assert result["respondents"] == 300 and result["ncp"] == 5
    category = result["categories"]["Tea=green"]
    assert set(category) == {"coord", "contrib", "cos2", "v_test", "count", "variable", "label"}
    assert category["count"] == 33 and category["label"] == "Tea : green"
    assert "sex=F" in result["supplementary_categories"]
    assert [m[0] for m in marks] == sorted(m[0] for m in marks) and marks[-1][0] == 100
    assert set(PARAMETER_DEFAULTS) == {"active", "supplementary", "ncp", "profiles",
                                       "consolidation", "kk", "rare", "stability"}


def test_profiles_partition_descriptions_and_stability(tea_result):
    result, _ = tea_result
    profiles = result["profiles"]
    assert result["profiles_count"] == result["suggested_profiles"] == 3
    assert [p["number"] for p in profiles] == [1, 2, 3]
    assert sorted(p["size"] for p in profiles) == [32, 98, 170]
    assert [result["partition"].count(p["number"]) for p in profiles] == \
        [p["size"] for p in profiles]
    for profile in profiles:
        assert profile["sentence"].startswith(f"Profil {profile['number']} — ")
        assert all(r["v_test"] > 0 and r["p_value"] < 0.05 for r in profile["over"])
        assert all(r["v_test"] < 0 for r in profile["under"])
        assert 0 <= profile["stability"] <= 1
    assert result["stability"]["resamples"] == 10
    assert "Jaccard" in result["stability"]["explanation"]


def test_changing_the_number_of_profiles_and_no_consolidation():
    frame = tea("factominer-tea-time.csv")
    table = table_from_frame(frame)
    result = profiles_run(table, active=list(frame.columns), profiles=5, consolidation=False)
    assert result["profiles_count"] == 5 and result["moved"] == 0
    assert sorted(set(result["partition"])) == [1, 2, 3, 4, 5]
    again = profiles_run(table, active=list(frame.columns), profiles=5, consolidation=False)
    assert again["partition"] == result["partition"]


@pytest.mark.parametrize("kwargs, message", [
    ({"active": ["Tea", "nope"]}, "Question inconnue : nope"),
    ({"active": ["Tea"]}, "au moins deux questions"),
    ({"active": ["Tea", "How"], "profiles": 1}, "Nombre de profils"),
    ({"active": ["Tea", "How"], "kk": "beaucoup"}, "kk"),
    ({"active": ["Tea", "How"], "rare": "drop"}, "Réponses rares"),
    ({"active": ["Tea", "How"], "ncp": 0}, "ncp"),
])
def test_impossible_input_raises_a_french_message(kwargs, message):
    table = table_from_frame(tea("factominer-tea-time.csv"))
    with pytest.raises(ProfilesError, match=message):
        profiles_run(table, **kwargs)


def test_too_few_people():
    table = table_from_frame(tea("factominer-tea-time.csv").head(5))
    with pytest.raises(ProfilesError, match="Seulement 5 réponses"):
        profiles_run(table, active=["Tea", "How"])
    assert readiness(table, ["Tea", "How"])["level"] == "blocking"


def test_readiness_and_rare_categories_grouped_or_set_aside():
    frame = tea()
    table = table_from_frame(frame)
    ready = readiness(table, ["price", "How", "Tea"])
    assert ready["respondents"] == 300 and ready["enough"]
    rare = {r["category"]: r for r in ready["rare"]}
    # price: p_cheap 7 + p_unknown 12 = 19 ≥ 5 % of 300: grouped; How=other (9) alone: aside.
    assert rare["price=p_cheap"]["action"] == "grouped"
    assert rare["price=p_cheap"]["into"] == "price=autres réponses"
    assert rare["How=other"]["action"] == "set_aside"
    assert any("regroupées" in m for m in ready["messages"])
    result = profiles_run(table, active=["price", "How", "Tea", "sugar"], rare="group")
    assert "price=autres réponses" in result["categories"]
    assert result["categories"]["price=autres réponses"]["count"] == 19
    assert "How=other" not in result["categories"]
    assert result["categories"]["How=NA"]["label"] == "How : sans réponse"
    kept = profiles_run(table, active=["price", "How", "Tea", "sugar"])
    assert kept["rare"] == [] and "How=other" in kept["categories"]


def survey_table() -> SurveyTable:
    variables = {
        "besoins/isolement": SurveyVariable("besoins/isolement", "Besoins — Rompre l'isolement",
                                            "choice", YES_NO, "besoins", "Rompre l'isolement"),
        "logement": SurveyVariable("logement", "Votre logement", "single",
                                   (Category("seul", "Vivent seul·es"),), "logement"),
        "age": SurveyVariable("age", "Âge", "classes", (Category("60 à 74", "60 à 74"),), "age"),
        "zone": SurveyVariable("zone", "Zone", "zone",
                               (Category("18279", "à Vierzon"),), "zone"),
    }
    return SurveyTable(pd.DataFrame({k: ["x"] for k in variables}, dtype=object), variables)


def test_sentences_follow_the_kind_of_question():
    table = survey_table()
    assert category_phrase(table, "besoins/isolement=oui") == "citent « Rompre l'isolement »"
    assert category_phrase(table, "besoins/isolement=non") == \
        "ne citent pas « Rompre l'isolement »"
    assert category_phrase(table, "logement=seul") == "Vivent seul·es"
    assert category_phrase(table, "age=60 à 74") == "Âge : 60 à 74"
    assert category_phrase(table, "zone=18279") == "habitent à Vierzon"
    assert category_phrase(table, "logement=NA") == "n'ont pas répondu à « Votre logement »"
    yes_no = SurveyTable(table.frame, {"vit_seul": SurveyVariable(
        "vit_seul", "Vivez-vous seul·e ?", "single",
        (Category("oui", "Oui"), Category("non", "Non")), "vit_seul")})
    assert category_phrase(yes_no, "vit_seul=oui") == "« Vivez-vous seul·e ? » : oui"
    plain = table_from_frame(pd.DataFrame({"SEXE": ["F", "M"]}))
    assert category_phrase(plain, "SEXE=F") == "SEXE : F"
    over = [{"category": "age=60 à 74"}, {"category": "besoins/isolement=oui"}]
    assert profile_sentence(table, 2, 0.18, over) == \
        "Profil 2 — 18 % des personnes : Âge : 60 à 74, citent « Rompre l'isolement »."
    assert profile_sentence(table, 1, 0.004, []).startswith("Profil 1 — 0,4 % des personnes")
