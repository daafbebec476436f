"""The demo's health questionnaire of Vierzon: fictitious answers with profiles, no duplicate."""

import time
from collections import Counter

import pytest

from terreau.accounts.services import group_create_or_update
from terreau.analysis import demo
from terreau.analysis.answers import answers_table
from terreau.analysis.choices import RunStatus
from terreau.analysis.demo_answers import LATENT, RESPONDENTS, fictitious_answers
from terreau.analysis.models import Analysis, AnalysisRun
from terreau.core import testing
from terreau.indicators.tests.factories import user_make
from terreau.surveys.models import Campaign, Questionnaire, Submission
from terreau.territory.models import Zone

pytestmark = pytest.mark.django_db
VIERZON_IRIS = 13  # INSEE's 2023 IRIS list (../shared/data/MANIFEST.md)


@pytest.fixture
def vierzon(data_dir):
    """Vierzon, its 13 IRIS (INSEE's list), the health group and its facilitator."""
    testing.load_zones_from_geojson(data_dir / "geo" / "communes-18-cher.geojson", "commune",
                                    codes=["18279"])
    testing.load_iris_list(["18279"], data_dir)
    group, _ = group_create_or_update(slug=demo.GROUP, name="Vierzon — santé",
                                      zone_codes=["18279"])
    user_make(demo.AUTHOR, group=group, role="facilitator")
    return group


def test_the_generator_is_reproducible_and_draws_from_every_latent_profile():
    zones = [f"1827901{i:02d}" for i in range(1, 14)]
    first, again = fictitious_answers(zones), fictitious_answers(zones)
    assert first == again
    assert fictitious_answers(zones, seed=1) != first
    assert len(first) == RESPONDENTS
    drawn = Counter(answer.latent for answer in first)
    assert set(drawn) == {latent.name for latent in LATENT}
    assert all(count >= 0.1 * RESPONDENTS for count in drawn.values())
    assert {answer.zone for answer in first} <= set(zones)
    assert all(answer.answers["quartier"] == answer.zone for answer in first)
    assert fictitious_answers([]) == []


def test_the_demo_creates_the_questionnaire_its_fictitious_answers_and_an_analysis(vierzon):
    started = time.perf_counter()
    line = demo.demo_analysis_load()
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert f"{RESPONDENTS} réponse(s) fictive(s) créée(s)" in line

    questionnaire = Questionnaire.objects.get(slug=demo.SLUG)
    assert questionnaire.group == vierzon
    assert "(exemple fictif)" in questionnaire.title
    assert "aucune personne réelle" in questionnaire.description
    campaign = Campaign.objects.get(slug=demo.CAMPAIGN)
    assert (campaign.within, campaign.zone_level) == ("commune:18279", "iris")
    assert "fictif" in campaign.title and "fictif" in campaign.purpose

    submissions = Submission.objects.filter(campaign=campaign)
    assert submissions.count() == RESPONDENTS
    assert all(s.complete and s.consent["accepte"] for s in submissions)
    assert all("aucune personne réelle" in s.consent["exemple_fictif"] for s in submissions)
    assert all("fictif" in s.consent["textes"]["collected_by"] for s in submissions)
    zones = set(submissions.values_list("zone__code", flat=True))
    iris = set(Zone.objects.filter(level="iris", code__startswith="18279")
               .values_list("code", flat=True))
    assert len(iris) == VIERZON_IRIS
    assert zones <= iris and len(zones) >= 10

    # The answers read as a table of the questionnaire's variables.
    table = answers_table(questionnaire).table
    assert len(table) == RESPONDENTS
    assert set(demo.ACTIVE + demo.SUPPLEMENTARY) <= set(table.variables)
    assert table.frame["voiture"].value_counts()["non"] > 50

    analysis = Analysis.objects.get(slug=demo.ANALYSIS)
    assert analysis.campaign == campaign and "fictif" in analysis.title
    run = analysis.latest_run()
    assert run.status == RunStatus.DONE, run.error
    assert run.respondents == RESPONDENTS
    profiles = run.results["profiles"]
    assert len(profiles) == demo.PROFILES == run.results["profiles_count"]
    assert run.results["suggested_profiles"] >= 2
    assert sum(p["size"] for p in profiles) == RESPONDENTS
    assert f"({len(profiles)} profils)" in line


def test_the_latent_profiles_are_found_again(vierzon):
    """Most people drawn from each latent profile of the generator share one profile."""
    demo.demo_analysis_load()
    run = AnalysisRun.objects.get(analysis__slug=demo.ANALYSIS)
    zones = sorted(Zone.objects.filter(level="iris", code__startswith="18279")
                   .values_list("code", flat=True))
    latent = {f"{demo.KEY_PREFIX}{i:04d}": answer.latent
              for i, answer in enumerate(fictitious_answers(zones), start=1)}
    keys = dict(Submission.objects.filter(pk__in=run.submission_ids)
                .values_list("pk", "idempotency_key"))
    found: dict[str, Counter] = {}
    for sid, number in zip(run.submission_ids, run.results["partition"], strict=True):
        found.setdefault(latent[keys[sid]], Counter())[number] += 1
    main = {name: counts.most_common(1)[0] for name, counts in found.items()}
    for name, (_, count) in main.items():
        assert count >= 0.6 * sum(found[name].values()), (name, found[name])
    assert len({number for number, _ in main.values()}) == len(LATENT)  # one profile each


def test_loading_again_duplicates_nothing(vierzon):
    demo.demo_analysis_load()
    started = time.perf_counter()
    line = demo.demo_analysis_load()
    assert time.perf_counter() - started < 2
    assert "0 réponse(s) fictive(s) créée(s)" in line and "déjà présente" in line
    assert Questionnaire.objects.filter(slug=demo.SLUG).count() == 1
    assert Campaign.objects.filter(slug=demo.CAMPAIGN).count() == 1
    assert Submission.objects.count() == RESPONDENTS
    assert Analysis.objects.count() == 1 and AnalysisRun.objects.count() == 1


def test_without_the_group_or_the_iris_nothing_is_created(db):
    assert "groupe ou compte de démonstration absent" in demo.demo_analysis_load()
    group, _ = group_create_or_update(slug=demo.GROUP, name="Vierzon — santé")
    user_make(demo.AUTHOR, group=group, role="facilitator")
    assert "IRIS de Vierzon sont absents" in demo.demo_analysis_load()
    assert not Questionnaire.objects.exists()
