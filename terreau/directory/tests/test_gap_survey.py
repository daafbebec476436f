"""The need from answers: the share of respondents citing a need (a yes/no variable) or
classed in a profile, per IRIS of Tours, with the disclosure threshold (11 answers); its
publication to the atlas beside the offer."""

import numpy as np
import pytest

from terreau.analysis.models import Analysis
from terreau.analysis.tests.tab_fixtures import submission_make
from terreau.analysis.tests.test_publish import run_make, tours_iris
from terreau.catalog.choices import MissingReason
from terreau.catalog.queries import series_for
from terreau.directory.gap_needs import GapError, need_read
from terreau.directory.gap_publish import compare_url, gap_map_create, indicator_slugs
from terreau.directory.gap_queries import GapSpec, gap_run
from terreau.indicators.queries import indicator_get_visible, indicator_values
from terreau.surveys.followup import THRESHOLD
from terreau.surveys.tests import campaign_setup as setup
from terreau.territory.models import Zone

from .gap_setup import service_make

pytestmark = pytest.mark.django_db
campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator

SANTE = {"kind": "survey", "questionnaire": "guide-tours", "variable": "besoins/sante"}
DAY = __import__("datetime").date(2026, 3, 2)


@pytest.fixture
def answered(campaign):
    """Three IRIS of Tours: 20 answers (12 cite health), 16 (4 cite it, 4 more skip the
    question), 5 (all cite it: under the threshold)."""
    a, b, c = (zone.code for zone in tours_iris(3))
    groups = [(12, ["isolement", "sante"], a), (8, ["emploi"], a), (4, ["sante"], b),
              (12, [], b), (5, ["sante"], c)]
    for count, needs, zone in groups:
        for _ in range(count):
            submission_make(campaign, {"logement": "proprietaire", "besoins": needs},
                            zone=zone, day=DAY)
    for _ in range(4):
        submission_make(campaign, {"logement": "heberge"}, zone=b, day=DAY)
    return a, b, c


def test_share_citing_a_need_with_the_threshold(answered, facilitator):
    a, b, c = answered
    need = need_read(SANTE, level="iris", within="commune:37261", user=facilitator)
    assert need.values[a] == pytest.approx(60.0)
    assert need.values[b] == pytest.approx(25.0)  # 4 of 16 who answered the question
    assert c not in need.values and need.note(c) == f"moins de {THRESHOLD} réponses"
    assert need.respondents == {a: 20, b: 16, c: 5} and need.cited[c] == 5
    # The commune level gathers the IRIS: 41 answers, 21 citing health.
    commune = need_read(SANTE, level="commune", within="37", user=facilitator)
    assert commune.values["37261"] == pytest.approx(100 * 21 / 41)


def test_survey_need_in_the_table(answered, facilitator):
    a, b, c = answered
    service_make(code="37261", lon=0.6848, lat=47.3941, eligibility=["37261"])
    result = gap_run(GapSpec("numerique", SANTE, "iris", "commune:37261"), user=facilitator)
    rows = result.table.by_code
    assert rows[a].need == pytest.approx(60.0) and rows[a].eligible == 1
    assert rows[c].need is None
    assert rows[c].reasons.startswith(f"besoin inconnu (moins de {THRESHOLD} réponses)")
    # IRIS without contours are placed at their commune's centre.
    assert result.approximate_centres == Zone.objects.filter(level="iris").count()
    assert rows[a].nearest_km < 2


def test_survey_need_refusals(answered, facilitator, outsider, other_group):
    with pytest.raises(GapError, match="n'est pas une réponse oui/non"):
        need_read({**SANTE, "variable": "logement"}, level="iris", within="", user=facilitator)
    with pytest.raises(GapError, match="Questionnaire introuvable"):
        need_read(SANTE, level="iris", within="", user=outsider)
    with pytest.raises(GapError, match="appartient à un autre groupe"):
        need_read(SANTE, level="iris", within="", user=facilitator, group=other_group)


def test_survey_need_published_with_small_zones_secret(answered, facilitator, tours_group,
                                                        tours_member):
    a, b, c = answered
    service_make(code="37261", lon=0.6848, lat=47.3941, eligibility=["37261"])
    gap_map, _, publication = gap_map_create(
        group=tours_group, title="Santé", user=facilitator,
        spec=GapSpec("numerique", SANTE, "iris", "commune:37261"))
    variable = publication.dataset.variables.get(slug="besoin")
    ids, values, reasons = series_for(variable)
    codes = dict(Zone.objects.filter(pk__in=ids.tolist()).values_list("pk", "code"))
    by_code = {codes[int(i)]: (v, r) for i, v, r in zip(ids, values, reasons, strict=True)}
    assert by_code[a][0] == 12
    assert np.isnan(by_code[c][0]) and by_code[c][1] == MissingReason.SECRET
    need = indicator_get_visible(slug=indicator_slugs(gap_map)["need"], user=tours_member)
    shares = {row.code: row.value for row in indicator_values(
        need, level="iris", within="commune:37261", user=tours_member).rows}
    assert shares[a] == pytest.approx(60.0) and shares[c] is None
    assert f"carte={indicator_slugs(gap_map)['need']}" in compare_url(gap_map)


def test_profile_need(campaign, facilitator):
    analysis = Analysis.objects.create(slug="besoins-tours", title="Besoins à Tours",
                                       questionnaire=campaign.questionnaire,
                                       campaign=campaign, created_by=facilitator)
    run_make(analysis)  # IRIS 0: 12 answers (9 in profile 1), IRIS 1: 11 (5), IRIS 2: 4
    iris = [zone.code for zone in tours_iris(3)]
    need = need_read({"kind": "profile", "analysis": "besoins-tours", "profile": 1},
                     level="iris", within="commune:37261", user=facilitator)
    assert need.values == {iris[0]: pytest.approx(75.0), iris[1]: pytest.approx(500 / 11)}
    assert need.note(iris[2]) == f"moins de {THRESHOLD} réponses"
    with pytest.raises(GapError, match="Profil 7 inconnu"):
        need_read({"kind": "profile", "analysis": "besoins-tours", "profile": 7},
                  level="iris", within="", user=facilitator)
    with pytest.raises(GapError, match="comptés au niveau « iris »"):
        need_read({"kind": "profile", "analysis": "besoins-tours", "profile": 1},
                  level="commune", within="", user=facilitator)
