"""What changed between two runs (compare.py): answers added and removed, version, profiles
matched by the respondents both runs read, grown, shrunk, appeared, disappeared."""

import pytest

from terreau.analysis.choices import RunStatus
from terreau.analysis.compare import profiles_match, runs_compare
from terreau.analysis.models import Analysis, AnalysisRun
from terreau.surveys.demo import DEFINITION
from terreau.surveys.services import questionnaire_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysis(tours_group):
    questionnaire = questionnaire_create(group=tours_group, definition=DEFINITION, user=None,
                                         slug="guide")
    return Analysis.objects.create(slug="profils", title="Profils", questionnaire=questionnaire,
                                   parameters={"active": ["a", "b"], "ncp": 5})


def _run(analysis, number, partition: dict[int, int], *, digest="d", parameters=None):
    """A done run whose profile k holds the ids mapped to k (sizes and shares computed)."""
    ids = sorted(partition)
    sizes: dict[int, int] = {}
    for k in partition.values():
        sizes[k] = sizes.get(k, 0) + 1
    profiles = [{"number": k, "size": n, "share": n / len(ids)} for k, n in sorted(sizes.items())]
    return AnalysisRun.objects.create(
        analysis=analysis, number=number, status=RunStatus.DONE, submission_ids=ids,
        answers_digest=digest, respondents=len(ids),
        parameters=parameters or analysis.parameters,
        results={"partition": [partition[i] for i in ids], "profiles": profiles,
                 "profiles_count": len(profiles)})


def test_profiles_are_matched_by_shared_people_whatever_their_numbers(analysis):
    before = _run(analysis, 1, {**{i: 1 for i in range(10)}, **{i: 2 for i in range(10, 30)}})
    # The clustering numbered them the other way round, and 10 new people joined profile 2.
    after = _run(analysis, 2, {**{i: 2 for i in range(10)}, **{i: 1 for i in range(10, 30)},
                               **{i: 2 for i in range(30, 40)}})
    assert profiles_match(before, after) == {1: 2, 2: 1}


def test_the_comparison_says_what_grew_and_how_many_answers_came(analysis):
    before = _run(analysis, 1, {**{i: 1 for i in range(10)}, **{i: 2 for i in range(10, 30)}})
    after = _run(analysis, 2, {**{i: 2 for i in range(10)}, **{i: 1 for i in range(10, 30)},
                               **{i: 2 for i in range(30, 40)}}, digest="e")
    compared = runs_compare(before, after, {2: "Jeunes sans emploi"})
    assert compared["answers"] == {"added": 10, "removed": 0}
    assert "10 nouvelles réponses depuis l'exécution 1." in compared["lines"]
    by_number = {row["number"]: row for row in compared["profiles"]}
    assert by_number[2]["status"] == "grew" and by_number[2]["previous"] == 1
    assert by_number[2]["text"].startswith("Profil 2 « Jeunes sans emploi » (profil 1 de "
                                           "l'exécution 1) a grandi : 20 personnes (50 %)")
    assert by_number[1]["status"] == "same"


def test_a_new_profile_appears_and_an_old_one_disappears(analysis):
    before = _run(analysis, 1, {**{i: 1 for i in range(20)}, **{i: 2 for i in range(20, 40)}})
    after = _run(analysis, 2, {**{i: 1 for i in range(20)}, **{i: 2 for i in range(20, 25)},
                               **{i: 3 for i in range(25, 40)}})
    compared = runs_compare(before, after)
    statuses = sorted((row["status"], row["number"]) for row in compared["profiles"])
    # Old profile 2 (20 people) best matches new profile 3 (15 of them): 2 is new.
    assert statuses == [("appeared", 2), ("same", 1), ("shrank", 3)]
    assert "3 profils au lieu de 2." in compared["lines"]
    assert "Exactement les mêmes réponses que l'exécution 1." in compared["lines"]

    split = _run(analysis, 3, {i: 1 + i % 4 for i in range(40)})
    rows = runs_compare(after, split)["profiles"]
    assert any(row["status"] == "disappeared" and "n'a pas d'équivalent" in row["text"]
               for row in rows)


def test_removed_answers_changed_parameters_and_version_are_told(analysis):
    before = _run(analysis, 1, {i: 1 + i % 2 for i in range(30)})
    after = _run(analysis, 2, {i: 1 + i % 2 for i in range(5, 30)},
                 parameters={**analysis.parameters, "ncp": 3})
    after.version = analysis.questionnaire.latest_version()
    after.save()
    lines = runs_compare(before, after)["lines"]
    assert ("5 réponses de l'exécution 1 ne sont plus lues (effacées ou hors des filtres)."
            in lines)
    assert "Paramètres changés : le nombre d'axes." in lines
    assert "Le questionnaire a changé de version entre les deux exécutions." in lines


def test_only_two_done_runs_compare(analysis):
    done = _run(analysis, 1, {i: 1 for i in range(5)})
    failed = AnalysisRun.objects.create(analysis=analysis, number=2, status=RunStatus.FAILED)
    assert runs_compare(done, failed) is None
    assert runs_compare(None, done) is None
