"""The yearly report: figures from the sessions (tally), targets of the year and of the
whole project, actions and their concluded rounds, levers and obstacles, names only on
request."""

import json
from datetime import date

import pytest

from terreau.monitoring.report import ReportYearError, report_build, report_display

from .factories import session_make

pytest_plugins = ["terreau.monitoring.tests.report_fixtures"]

pytestmark = pytest.mark.django_db


def test_the_figures_of_the_year_come_from_its_sessions(group, year_data):
    report = report_build(group, 1)
    assert (report["sessions"], report["person_hours"], report["participants"],
            report["inhabitants"]) == (3, 28.5, 3, 9)
    assert report["by_type"] == {
        "seance_travail": {"sessions": 1, "person_hours": 9.0, "participants": 3},
        "formation": {"sessions": 1, "person_hours": 12.0, "participants": 1},
        "restitution_locale": {"sessions": 1, "person_hours": 7.5, "participants": 1}}
    assert report["person_days"] == round(28.5 / 7, 2)
    assert report["year_label"] == "Année 1 (2025-2026)"
    assert (report["first_day"], report["last_day"]) == ("2025-04-01", "2026-03-31")
    assert report["group"] == {"slug": "tours-insertion", "name": "Tours — insertion"}
    assert report["interviews"] == 1
    json.dumps(report)  # what the command line and the API write


def test_a_session_on_31_march_counts_in_the_year_that_ends(group, year_data):
    titles = [s["title"] for s in report_build(group, 1)["session_list"]]
    assert titles[-1] == "Restitution au quartier"
    assert "Rentrée de l'année 2" not in titles
    second = report_build(group, 2)
    assert [s["title"] for s in second["session_list"]] == ["Rentrée de l'année 2"]
    assert (second["sessions"], second["person_hours"]) == (1, 2.0)


def test_each_session_has_its_counts_without_names(group, year_data):
    first = report_build(group, 1)["session_list"][0]
    assert first == {"id": first["id"], "date": "2025-05-12",
                     "title": "Lancement du diagnostic", "group": "Tours — insertion",
                     "type": "seance_travail", "type_label": "Séance de travail",
                     "duration_hours": 3.0, "members": 2, "guests": 1, "inhabitants": 0,
                     "person_hours": 9.0, "attendance_recorded": True}


def test_targets_of_the_year_and_of_the_whole_project(group, year_data):
    targets = report_build(group, 1)["targets"]
    assert [(t["label"], t["unit"], t["target"], t["done"]) for t in targets] == [
        ("Séances de travail tenues", "séances", 10.0, 3.0),
        ("Documents produits", "documents", 4.0, None),
        ("Heures de présence sur le projet", "heures", 100.0, 30.5)]
    assert [t["share"] for t in targets] == [0.3, None, 0.305]
    assert [t["period"] for t in targets] == ["année", "année", "projet entier"]


def test_actions_rounds_levers_and_improvements(group, year_data):
    report = report_build(group, 1)
    [action] = report["actions"]
    assert action["title"] == "Permanence emploi au centre social"
    [round_] = action["rounds"]
    assert (round_["number"], round_["decision_label"]) == (1, "Continuer")
    assert round_["verdicts"] == [{
        "hypothesis": "Les jeunes du nord ne connaissent pas la Mission locale.",
        "status": "confirmee", "status_label": "Confirmée",
        "reason": "Aucun ne connaissait la permanence."}]
    assert [f["text"] for f in report["levers"]] == ["Le centre social prête sa salle."]
    assert [f["text"] for f in report["obstacles"]] == ["Pas de bus le soir."]
    assert report["improvements"] == [{
        "source": "Action « Permanence emploi au centre social », évaluation 1",
        "text": "Prévenir les habitants plus tôt."}]
    second = report_build(group, 2)
    assert [a["title"] for a in second["actions"]] == [
        "Permanence emploi au centre social", "Action de l'année 2"]
    assert second["levers"] == [] and second["improvements"] == []


def test_names_only_with_names(group, year_data):
    plain = json.dumps(report_build(group, 1), ensure_ascii=False)
    assert "Fanny Martin" not in plain and "Léa Durand" not in plain
    assert "attendance" not in report_build(group, 1)
    named = report_build(group, 1, with_names=True)
    assert [(row["date"], row["name"], row["structure"], row["hours"])
            for row in named["attendance"] if row["session"] == "Lancement du diagnostic"] == [
        ("2025-05-12", "Fanny Martin", "Centre social Pluriel", 3.0),
        ("2025-05-12", "Mehdi Benali", "Mission locale", 3.0),
        ("2025-05-12", "Léa Durand", "CCAS de Tours", 3.0)]
    assert named["session_list"][0]["names"] == ["Fanny Martin", "Mehdi Benali",
                                                 "Léa Durand"]
    assert named["attendance"][0]["mission"] == "Animatrice"
    assert len(named["attendance"]) == 5  # inhabitants are never named


def test_an_erased_person_has_no_name_in_the_attendance(group, people):
    session_make(group, date(2025, 5, 1), people=[people["lea"]])
    people["lea"].delete()
    [row] = report_build(group, 1, with_names=True)["attendance"]
    assert row["name"] == "Personne effacée"


def test_the_whole_project_adds_the_groups_and_its_own_targets(group, other_group,
                                                               year_data):
    report = report_build(None, 1)
    assert report["group"] is None
    assert (report["sessions"], report["person_hours"], report["participants"]) == (4, 31.5, 4)
    assert [(row["name"], row["sessions"], row["person_hours"]) for row in report["groups"]] == [
        ("Tours — insertion", 3, 28.5), ("Vierzon — santé", 1, 3.0)]
    assert [(t["label"], t["target"], t["done"]) for t in report["targets"]] == [
        ("Personnes formées", 20.0, 2.0)]
    assert "attendance" not in report


def test_a_year_outside_the_project_is_refused(group):
    with pytest.raises(ReportYearError, match="de 1 à 3"):
        report_build(group, 4)


def test_the_display_has_dates_and_type_labels(group, year_data):
    shown = report_display(report_build(group, 1))
    assert shown["first_day"] == date(2025, 4, 1)
    assert shown["session_list"][0]["date"] == date(2025, 5, 12)
    assert shown["type_rows"][0] == {"label": "Séance de travail", "sessions": 1,
                                     "person_hours": 9.0, "participants": 3}


def test_the_self_evaluations_improvements_join_the_rounds(group, year_data, monkeypatch):
    asked = []

    def summary(of_group, year):
        asked.append((of_group.slug, year))
        return {"answers": 4, "members": 6, "questions": [],
                "improvements": ["Tourner les lieux de réunion."]}

    monkeypatch.setattr("terreau.monitoring.report.summary", summary)
    report = report_build(group, 1)
    assert report["improvements"][-1] == {"source": "Auto-évaluation",
                                          "text": "Tourner les lieux de réunion."}
    assert report["self_evaluation"]["answers"] == 4
    project = report_build(None, 1)
    assert {"source": "Auto-évaluation — Tours — insertion",
            "text": "Tourner les lieux de réunion."} in project["improvements"]
    assert ("tours-insertion", 1) in asked
