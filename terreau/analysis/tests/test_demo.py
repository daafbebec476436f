"""The demo's health survey of Vierzon and its neighbours: fictitious answers with profiles,
drawn per commune on the atlas, no duplicate."""

import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from terreau.accounts.models import GroupTerritory
from terreau.accounts.services import group_create_or_update
from terreau.analysis import demo
from terreau.analysis.answers import answers_table
from terreau.analysis.choices import RunStatus
from terreau.analysis.demo_answers import (
    CENTRE_SHARE,
    LATENT,
    RESPONDENTS,
    fictitious_answers,
)
from terreau.analysis.models import Analysis, AnalysisRun
from terreau.analysis.publish import dataset_slug, published_indicators
from terreau.catalog.models import Dataset, DatasetVersion
from terreau.core import testing
from terreau.indicators.models import Indicator
from terreau.indicators.queries import indicator_values
from terreau.indicators.tests.factories import user_make
from terreau.surveys.followup import THRESHOLD
from terreau.surveys.models import Campaign, Questionnaire, Submission

pytestmark = pytest.mark.django_db
CODES = sorted(demo.NEIGHBOURHOOD)


@pytest.fixture
def vierzon(data_dir):
    """Vierzon and its neighbours (real contours), the health group and its facilitator."""
    geo = data_dir / "geo"
    testing.load_zones_from_geojson(geo / "region-centre-val-de-loire.geojson", "region")
    testing.load_zones_from_geojson(geo / "departements-centre-val-de-loire.geojson",
                                    "departement", parent_code=lambda code: ("region", "24"))
    for name in ("communes-18-cher.geojson", "communes-41-loir-et-cher.geojson"):
        testing.load_zones_from_geojson(geo / name, "commune", codes=CODES)
    group, _ = group_create_or_update(slug=demo.GROUP, name="Vierzon — santé",
                                      zone_codes=[demo.COMMUNE])
    user_make(demo.AUTHOR, group=group, role="facilitator")
    return group


def test_the_generator_is_reproducible_and_draws_from_every_latent_profile():
    first, again = fictitious_answers(CODES, centre=demo.COMMUNE), fictitious_answers(
        CODES, centre=demo.COMMUNE)
    assert first == again
    assert fictitious_answers(CODES, seed=1, centre=demo.COMMUNE) != first
    assert len(first) == RESPONDENTS
    drawn = Counter(answer.latent for answer in first)
    assert set(drawn) == {latent.name for latent in LATENT}
    assert all(count >= 0.1 * RESPONDENTS for count in drawn.values())
    assert {answer.zone for answer in first} == set(CODES)
    assert all(answer.answers["commune"] == answer.zone for answer in first)
    in_centre = sum(answer.zone == demo.COMMUNE for answer in first) / RESPONDENTS
    assert abs(in_centre - CENTRE_SHARE) < 0.05
    assert fictitious_answers([]) == []
    assert {a.zone for a in fictitious_answers(CODES[:3], centre="absent")} == set(CODES[:3])


def test_the_latent_profiles_lean_towards_different_communes():
    per_commune: dict[str, Counter] = {}
    for answer in fictitious_answers(CODES, centre=demo.COMMUNE):
        per_commune.setdefault(answer.zone, Counter())[answer.latent] += 1
    leading = {counts.most_common(1)[0][0] for code, counts in per_commune.items()
               if code != demo.COMMUNE}
    assert len(leading) >= 3


def test_the_demo_creates_the_territory_the_survey_its_answers_and_an_analysis(vierzon):
    line = demo.demo_analysis_load()
    assert f"{RESPONDENTS} réponse(s) fictive(s) créée(s)" in line

    territory = GroupTerritory.objects.get(group=vierzon, name=demo.TERRITORY)
    assert sorted(territory.zones.values_list("code", flat=True)) == CODES
    questionnaire = Questionnaire.objects.get(slug=demo.SLUG)
    assert questionnaire.group == vierzon
    assert "(exemple fictif)" in questionnaire.title
    assert "aucune personne réelle" in questionnaire.description
    assert "Dans quelle commune habitez-vous ?" in str(questionnaire.latest_version().definition)
    campaign = Campaign.objects.get(slug=demo.CAMPAIGN)
    assert (campaign.within, campaign.zone_level) == (territory.within_param, "commune")
    assert "fictif" in campaign.title and "fictif" in campaign.purpose

    submissions = Submission.objects.filter(campaign=campaign)
    assert submissions.count() == RESPONDENTS
    assert all(s.complete and s.consent["accepte"] for s in submissions)
    assert all("aucune personne réelle" in s.consent["exemple_fictif"] for s in submissions)
    assert all("fictif" in s.consent["textes"]["collected_by"] for s in submissions)
    per_commune = Counter(submissions.values_list("zone__code", flat=True))
    assert sorted(per_commune) == CODES  # every commune of the territory has answers
    assert 0.5 < per_commune[demo.COMMUNE] / RESPONDENTS < 0.7
    assert min(per_commune.values()) < THRESHOLD  # the disclosure rule shows

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
    # The stability check ran: a figure per profile.
    assert run.results["stability"]["resamples"] == demo.STABILITY
    assert all(0 <= p["stability"] <= 1 for p in profiles)


def test_the_profiles_are_published_as_shares_per_commune(vierzon):
    line = demo.demo_analysis_load()
    analysis = Analysis.objects.get(slug=demo.ANALYSIS)
    dataset = Dataset.objects.get(slug=dataset_slug(analysis))
    assert dataset.slug == "profils-profils-sante-vierzon"
    assert "publiés dans l'atlas" in line and dataset.slug in line
    assert analysis.dataset == dataset
    assert (dataset.sensitivity, dataset.level) == ("group", "commune")
    assert dataset.owner_group == vierzon
    indicators = published_indicators(analysis)
    assert len(indicators) == demo.PROFILES

    run = analysis.latest_done_run()
    zone_of = dict(Submission.objects.filter(pk__in=run.submission_ids)
                   .values_list("pk", "zone__code"))
    counts = Counter((zone_of[sid], k) for sid, k in zip(run.submission_ids,
                                                         run.results["partition"], strict=True))
    totals = Counter(zone_of.values())
    author = get_user_model().objects.get(username=demo.AUTHOR)
    within = analysis.campaign.within
    for number, indicator in enumerate(indicators, start=1):
        rows = indicator_values(indicator, level="commune", within=within, user=author).rows
        values = {row.code: row.value for row in rows}
        assert sorted(values) == CODES
        for code in CODES:
            assert values[code] == pytest.approx(100 * counts[code, number] / totals[code])


def test_the_latent_profiles_are_found_again(vierzon):
    """Most people drawn from each latent profile of the generator share one profile."""
    demo.demo_analysis_load()
    run = AnalysisRun.objects.get(analysis__slug=demo.ANALYSIS)
    latent = {f"{demo.KEY_PREFIX}{i:04d}": answer.latent
              for i, answer in enumerate(fictitious_answers(CODES, centre=demo.COMMUNE),
                                         start=1)}
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
    line = demo.demo_analysis_load()
    assert "0 réponse(s) fictive(s) créée(s)" in line and "déjà présente" in line
    assert "publiés" not in line
    assert GroupTerritory.objects.count() == 1
    assert Questionnaire.objects.filter(slug=demo.SLUG).count() == 1
    assert Campaign.objects.filter(slug=demo.CAMPAIGN).count() == 1
    assert Submission.objects.count() == RESPONDENTS
    assert Analysis.objects.count() == 1 and AnalysisRun.objects.count() == 1
    assert Dataset.objects.count() == 1 and DatasetVersion.objects.count() == 1
    assert Indicator.objects.count() == demo.PROFILES


def test_without_the_group_or_vierzon_nothing_is_created(db):
    assert "groupe ou compte de démonstration absent" in demo.demo_analysis_load()
    group, _ = group_create_or_update(slug=demo.GROUP, name="Vierzon — santé")
    user_make(demo.AUTHOR, group=group, role="facilitator")
    assert "la commune de Vierzon est absente" in demo.demo_analysis_load()
    assert not Questionnaire.objects.exists() and not GroupTerritory.objects.exists()


@pytest.mark.browser
def test_the_atlas_draws_the_profiles_right_after_the_demo(page, live_server, vierzon,
                                                            console_errors):
    """« Voir sur la carte » of the demo's analysis opens the atlas on the ten communes."""
    demo.demo_analysis_load()
    testing.browser_sign_in(page, live_server.url, demo.AUTHOR)
    page.goto(f"{live_server.url}/analyses/{demo.ANALYSIS}/carte/")
    page.get_by_role("link", name="Voir sur la carte (Profil 1 (part des personnes "
                                   "interrogées))").click()
    page.wait_for_url(re.compile(r"/atlas/\?"))
    page.wait_for_function("document.body?.dataset.atlasReady === '1' "
                           "&& document.body?.dataset.mapIdle === '1'", timeout=20_000)
    assert f"indicateur={dataset_slug(Analysis.objects.get())}-1" in page.url
    assert "Profil 1" in page.locator("[data-legend-caption]").inner_text()
    items = page.locator("[data-legend-classes] li")
    counts = {items.nth(i).locator(".legend-label").inner_text():
              int(re.sub(r"\D", "", items.nth(i).locator(".legend-count").inner_text()
                         .split(" ")[0])) for i in range(items.count())}
    assert sum(n for label, n in counts.items() if label != "sans valeur") == len(CODES)
    colours = testing.frequent_colours(page, page.locator("#atlas-map canvas"), min_pixels=50)
    assert len(colours) >= 3  # several classes of shares among the ten communes
    assert console_errors == []
