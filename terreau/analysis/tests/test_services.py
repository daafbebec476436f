"""Saved analyses (services.py): parameters checked with French messages, runs numbered and
executed in the background, results and answers recorded, names carried over, failures kept."""

import datetime

import pytest

from terreau.analysis.choices import RunStatus
from terreau.analysis.models import Analysis, AnalysisRun
from terreau.analysis.services import (
    AnalysisError,
    analysis_create,
    analysis_update,
    profile_name_set,
    profile_names,
    run_execute,
    run_start,
)
from terreau.analysis.tests import analyses_setup as setup
from terreau.surveys.models import Campaign

pytestmark = pytest.mark.django_db
campaign, collector, facilitator, answered, questionnaire = (
    setup.campaign, setup.collector, setup.facilitator, setup.answered, setup.questionnaire)
TASKS_IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = TASKS_IMMEDIATE


def _create(questionnaire, user, **parameters):
    return analysis_create(questionnaire=questionnaire, title="Profils de besoins",
                           parameters={**setup.PARAMETERS, **parameters}, user=user)


@pytest.mark.parametrize(("parameters", "message"), [
    ({"active": ["logement"]}, "Questions actives : choisissez-en au moins deux."),
    ({"active": ["logement", "inconnue"]}, "Questions inconnues dans ce questionnaire : inconnue."),
    ({"supplementary": ["logement"]}, "à la fois active et supplémentaire : logement."),
    ({"ncp": 11}, "Nombre d'axes : un nombre de 1 à 10 est attendu."),
    ({"profiles": 1}, "Nombre de profils : un nombre de 2 à 12 est attendu."),
    ({"kk": "beaucoup"}, "Pré-regroupement (kk) : un nombre entier est attendu."),
    ({"rare": "jeter"}, "Réponses rares : « regrouper » ou « garder » est attendu."),
    ({"stability": 500}, "Rééchantillonnages de stabilité : un nombre de 0 à 200 est attendu."),
])
def test_bad_parameters_are_refused_in_french(questionnaire, answered, facilitator, parameters,
                                              message):
    with pytest.raises(AnalysisError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _create(questionnaire, facilitator, **parameters)
    assert not Analysis.objects.exists()


def test_an_analysis_keeps_clean_parameters_and_a_free_slug(questionnaire, answered,
                                                            facilitator):
    first = _create(questionnaire, facilitator, profiles="auto", kk=None)
    second = _create(questionnaire, facilitator)
    assert (first.slug, second.slug) == ("profils-de-besoins", "profils-de-besoins-2")
    assert first.parameters == {**setup.PARAMETERS, "profiles": None, "consolidation": True,
                                "kk": None, "stability": 0}
    with pytest.raises(AnalysisError, match="déjà pris"):
        analysis_create(questionnaire=questionnaire, title="X", parameters=setup.PARAMETERS,
                        user=facilitator, slug="nouvelle")
    other = Campaign.objects.create(questionnaire=questionnaire, slug="autre", title="Autre",
                                    starts_on=datetime.date(2026, 1, 1))
    analysis_update(analysis=first, user=facilitator, title="  Nouveau   titre ",
                    campaign=other)
    first.refresh_from_db()
    assert (first.title, first.campaign) == ("Nouveau titre", other)


def test_a_run_reads_the_answers_and_records_what_went_in_and_out(questionnaire, answered,
                                                                  facilitator):
    analysis = _create(questionnaire, facilitator)
    run = run_start(analysis=analysis, user=facilitator)
    assert (run.number, run.status, run.progress) == (1, RunStatus.DONE, 100)
    assert run.submission_ids == [s.pk for s in answered]
    assert run.respondents == 120 and len(run.answers_digest) == 64
    assert run.version == questionnaire.latest_version() and run.finished_at
    results = run.results
    assert len(results["partition"]) == 120
    assert results["profiles_count"] >= 2
    assert sum(p["size"] for p in results["profiles"]) == 120
    assert all(p["sentence"].startswith(f"Profil {p['number']}") for p in results["profiles"])
    assert set(results["supplementary"]) == {"zone"}
    assert run_start(analysis=analysis, user=facilitator).number == 2


def test_three_latent_groups_make_three_profiles(questionnaire, answered, facilitator):
    run = run_start(analysis=_create(questionnaire, facilitator), user=facilitator)
    assert run.results["suggested_profiles"] == 3
    # Each profile is mostly one generated group (people were drawn in turn: i % 3).
    by_profile: dict[int, list[int]] = {}
    for i, profile in enumerate(run.results["partition"]):
        by_profile.setdefault(profile, []).append(i % 3)
    purity = sum(max(g.count(k) for k in range(3)) for g in by_profile.values()) / 120
    assert purity > 0.85


def test_a_new_number_of_profiles_becomes_the_analysis_s(questionnaire, answered, facilitator):
    analysis = _create(questionnaire, facilitator)
    run = run_start(analysis=analysis, user=facilitator, parameters={"profiles": 4})
    assert run.results["profiles_count"] == 4 and run.parameters["profiles"] == 4
    analysis.refresh_from_db()
    assert analysis.parameters["profiles"] == 4


def test_names_carry_over_to_the_matching_profiles_of_the_next_run(campaign, questionnaire,
                                                                   answered, facilitator):
    analysis = _create(questionnaire, facilitator)
    first = run_start(analysis=analysis, user=facilitator)
    partition = first.results["partition"]
    young = partition[0]  # person 0 is of the first generated group
    profile_name_set(run=first, number=young, name=" Jeunes  sans emploi ", user=facilitator)
    assert profile_names(first) == {young: "Jeunes sans emploi"}
    setup.answers_generate(campaign, 30, seed=11)
    second = run_start(analysis=analysis, user=facilitator)
    assert second.respondents == 150
    new_young = second.results["partition"][0]
    assert profile_names(second) == {new_young: "Jeunes sans emploi"}
    assert second.names.get().named_by == facilitator


def test_naming_checks_the_profile_and_an_empty_name_removes_it(questionnaire, answered,
                                                               facilitator):
    run = run_start(analysis=_create(questionnaire, facilitator), user=facilitator)
    with pytest.raises(AnalysisError, match="pas de profil 9"):
        profile_name_set(run=run, number=9, name="X", user=facilitator)
    with pytest.raises(AnalysisError, match="120 caractères au plus"):
        profile_name_set(run=run, number=1, name="x" * 121, user=facilitator)
    profile_name_set(run=run, number=1, name="Aînés isolés", user=facilitator)
    assert profile_name_set(run=run, number=1, name="  ", user=facilitator) is None
    assert profile_names(run) == {}


def test_a_failed_run_keeps_the_french_reason(questionnaire, answered, facilitator):
    empty = Campaign.objects.create(questionnaire=questionnaire, slug="vide", title="Vide",
                                    starts_on=datetime.date(2026, 1, 1))
    analysis = analysis_create(questionnaire=questionnaire, title="Sans réponses",
                               campaign=empty, user=facilitator,
                               parameters={"active": ["logement", "voiture"]})
    run = run_start(analysis=analysis, user=facilitator)
    assert run.status == RunStatus.FAILED and run.error
    assert run.finished_at and run.results == {}
    with pytest.raises(AnalysisError, match="exécution terminée"):
        profile_name_set(run=run, number=1, name="X", user=facilitator)


def test_run_execute_reports_its_progress(questionnaire, answered, facilitator):
    analysis = _create(questionnaire, facilitator)
    run = AnalysisRun.objects.create(analysis=analysis, number=1, parameters=analysis.parameters)
    steps = []
    run_execute(run, progress=lambda percent, label: steps.append((percent, label)))
    assert steps and all(0 <= p <= 99 and label for p, label in steps)
    assert run.status == RunStatus.DONE
