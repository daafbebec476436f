"""Publishing a run's profiles to the atlas (publish.py): a versioned catalogue dataset through
the ordinary import, one share indicator per profile, and disclosure control outside the group.

The runs are made by hand (partition, profiles) over real submissions placed in real IRIS of
Tours: these tests do not depend on the statistics core.
"""

import datetime
import json
import uuid

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from terreau.analysis import publish as publishing
from terreau.analysis.choices import RunStatus
from terreau.analysis.models import Analysis, AnalysisRun, ProfileName
from terreau.analysis.publish import PublishError, publish, run_zones
from terreau.atlas.params import MapParams
from terreau.atlas.queries import atlas_map_json
from terreau.catalog.choices import MissingReason, Sensitivity
from terreau.catalog.queries import series_for
from terreau.indicators.models import Indicator
from terreau.indicators.queries import (
    indicator_get_visible,
    indicator_list_visible,
    indicator_values,
)
from terreau.indicators.tests.factories import user_make
from terreau.surveys.models import Submission
from terreau.surveys.tests import campaign_setup as setup
from terreau.territory.models import Zone

pytestmark = pytest.mark.django_db
campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator

# Respondents per IRIS (index in the sorted IRIS of Tours) and their profiles, in row order.
LAYOUT = {0: [1] * 9 + [2] * 3, 1: [1] * 5 + [2] * 4 + [3] * 2, 2: [2, 2, 3, 3]}
APART = [1, 3]  # two respondents without a zone


def tours_iris(n: int = 3) -> list[Zone]:
    return list(Zone.objects.filter(level="iris", code__startswith="37261").order_by("code")[:n])


def answer(campaign, zone: Zone | None) -> Submission:
    at = timezone.make_aware(datetime.datetime(2026, 3, 2, 11))
    return Submission.objects.create(
        questionnaire=campaign.questionnaire, version=campaign.questionnaire.latest_version(),
        campaign=campaign, zone=zone, answers={"logement": "locataire_social"},
        consent={"accepte": True}, consent_at=at, collected_at=at,
        idempotency_key=str(uuid.uuid4()))


def run_make(analysis: Analysis, layout=None, apart=None, *, number: int = 1,
             names: dict[int, str] | None = None) -> AnalysisRun:
    """A finished run over new submissions: `layout` {IRIS index: [profiles]}, `apart`."""
    layout = LAYOUT if layout is None else layout
    apart = APART if apart is None else apart
    iris = tours_iris()
    ids, partition = [], []
    for index, profiles in layout.items():
        for profile in profiles:
            ids.append(answer(analysis.questionnaire.campaigns.first(), iris[index]).pk)
            partition.append(profile)
    for profile in apart:
        ids.append(answer(analysis.questionnaire.campaigns.first(), None).pk)
        partition.append(profile)
    k = max(partition)
    profiles = [{"number": n, "size": partition.count(n), "share": partition.count(n) /
                 len(partition), "sentence": f"Profil {n}"} for n in range(1, k + 1)]
    run = AnalysisRun.objects.create(
        analysis=analysis, number=number, submission_ids=ids, respondents=len(ids),
        status=RunStatus.DONE, finished_at=timezone.now(),
        results={"partition": partition, "profiles": profiles, "profiles_count": k})
    for n, name in (names or {}).items():
        ProfileName.objects.create(run=run, number=n, name=name)
    return run


@pytest.fixture
def analysis(campaign, facilitator):
    return Analysis.objects.create(slug="besoins-tours", title="Besoins à Tours",
                                   questionnaire=campaign.questionnaire, campaign=campaign,
                                   created_by=facilitator)


@pytest.fixture
def run(analysis):
    return run_make(analysis, names={1: "Familles en logement social", 2: "Jeunes isolés"})


def values(version, slug: str) -> dict[str, tuple[float, int]]:
    """{zone code: (value, reason)} of a variable in a version."""
    variable = version.dataset.variables.get(slug=slug)
    ids, vals, reasons = series_for(variable, version=version)
    codes = dict(Zone.objects.filter(pk__in=ids.tolist()).values_list("pk", "code"))
    return {codes[int(i)]: (None if np.isnan(v) else float(v), int(r))
            for i, v, r in zip(ids, vals, reasons, strict=True)}


def test_counts_per_zone_of_the_campaign_level(run):
    zones = run_zones(run)
    iris = tours_iris()
    assert zones.level == "iris"
    assert zones.within == "commune:37261"
    assert [(z.code, z.respondents, z.counts) for z in zones.counts.zones] == [
        (iris[0].code, 12, (9, 3, 0)), (iris[1].code, 11, (5, 4, 2)),
        (iris[2].code, 4, (0, 2, 2))]
    assert [z.hidden for z in zones.counts.zones] == [False, False, True]
    assert zones.counts.without_zone.respondents == 2
    assert zones.names[iris[0].code] == iris[0].name
    assert zones.profile_names == {1: "Familles en logement social", 2: "Jeunes isolés"}


def test_erased_answers_are_left_out(run):
    Submission.objects.filter(pk=run.submission_ids[0]).delete()
    zones = run_zones(run)
    assert zones.erased == 1
    assert zones.counts.zones[0].counts == (8, 3, 0)


def test_a_group_publication_keeps_small_zones_in_clear_inside_the_group(
        analysis, run, facilitator, tours_group):
    publication = publish(analysis=analysis, user=facilitator)
    dataset = publication.dataset
    iris = tours_iris()
    assert (dataset.slug, dataset.level, dataset.sensitivity) == (
        "profils-besoins-tours", "iris", Sensitivity.GROUP)
    assert dataset.owner_group == tours_group
    assert publication.version.number == 1
    assert publication.version.created_by == facilitator
    assert [v.slug for v in dataset.variables.order_by("position")] == [
        "repondants", "profil_1", "profil_2", "profil_3"]
    assert values(publication.version, "repondants") == {
        iris[0].code: (12.0, 0), iris[1].code: (11.0, 0), iris[2].code: (4.0, 0)}
    assert values(publication.version, "profil_2")[iris[2].code] == (2.0, 0)
    analysis.refresh_from_db()
    assert analysis.dataset == dataset
    labels = [i.label for i in publication.indicators]
    assert labels == [
        "Profil 1 — Familles en logement social (part des personnes interrogées)",
        "Profil 2 — Jeunes isolés (part des personnes interrogées)",
        "Profil 3 (part des personnes interrogées)"]
    first = publication.indicators[0]
    assert first.formula == "part(profils-besoins-tours.profil_1, profils-besoins-tours.repondants)"
    assert (first.kind, first.unit, first.owner_group) == ("share", "%", tours_group)


def test_shares_are_the_indicator_values(analysis, run, facilitator):
    publication = publish(analysis=analysis, user=facilitator)
    result = indicator_values(publication.indicators[0], level="iris", within="commune:37261",
                              user=facilitator)
    by_code = {row.code: row for row in result.rows}
    iris = tours_iris()
    assert by_code[iris[0].code].value == pytest.approx(75.0)
    assert by_code[iris[1].code].value == pytest.approx(5 / 11 * 100)
    assert by_code[iris[2].code].value == pytest.approx(0.0)


def test_shared_publication_writes_small_zones_as_secret(analysis, run, facilitator):
    publication = publish(analysis=analysis, user=facilitator, sensitivity=Sensitivity.SHARED)
    iris = tours_iris()
    assert publication.secret_zones == 1
    for slug in ("repondants", "profil_1", "profil_2", "profil_3"):
        value, reason = values(publication.version, slug)[iris[2].code]
        assert value is None and reason == MissingReason.SECRET
    assert values(publication.version, "profil_1")[iris[0].code] == (9.0, 0)


def test_another_group_sees_nothing_of_a_group_publication(
        analysis, run, facilitator, outsider, tours_member):
    publication = publish(analysis=analysis, user=facilitator)
    slug = publication.indicators[0].slug
    assert indicator_get_visible(slug=slug, user=outsider) is None
    assert not indicator_list_visible(outsider).filter(slug__startswith="profils-").exists()
    assert indicator_get_visible(slug=slug, user=tours_member) is not None
    with pytest.raises(PermissionError):
        indicator_values(publication.indicators[0], level="iris", user=outsider)


def test_with_shared_another_group_sees_shares_but_not_small_zones(
        analysis, run, facilitator, outsider):
    publication = publish(analysis=analysis, user=facilitator, sensitivity=Sensitivity.SHARED)
    indicator = publication.indicators[1]
    assert indicator_get_visible(slug=indicator.slug, user=outsider) is not None
    params = MapParams(indicator=indicator.slug, level="iris", within="commune:37261")
    body, _ = atlas_map_json(params, outsider)  # what /api/v1/atlas/carte sends
    iris = tours_iris()
    rows = _rows_by_code(json.loads(body))
    assert rows[iris[0].code]["valeur"] == pytest.approx(25.0)
    assert rows[iris[2].code]["valeur"] is None
    # No figure of the commune either, from which the secret IRIS could be worked out.
    commune = indicator_values(indicator, level="commune", within="37", user=outsider)
    tours = next(row for row in commune.rows if row.code == "37261")
    assert tours.value is None


def _rows_by_code(body: dict) -> dict[str, dict]:
    """The zones of the atlas map's JSON, whatever its nesting, by code."""
    found = {}

    def walk(node):
        if isinstance(node, dict):
            if "code" in node and "valeur" in node:
                found[node["code"]] = node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body)
    return found


def test_republishing_makes_a_new_version_and_follows_names_and_profiles(
        analysis, run, facilitator):
    first = publish(analysis=analysis, user=facilitator)
    slug_3 = first.indicators[2].slug
    second_run = run_make(analysis, {0: [1] * 6 + [2] * 6, 1: [2] * 11}, [], number=2,
                          names={1: "Retraités sans voiture"})
    second = publish(analysis=analysis, user=facilitator)
    assert second.version.number == 2
    assert second.version.dataset == first.dataset
    assert first.version.series.exists()  # the first version stays as it was
    assert [i.pk for i in second.indicators] == [i.pk for i in first.indicators[:2]]
    assert second.indicators[0].label.startswith("Profil 1 — Retraités sans voiture")
    assert second.removed == ["Profil 3 (part des personnes interrogées)"]
    assert not Indicator.objects.filter(slug=slug_3).exists()
    assert publishing.published_indicators(analysis) == second.indicators
    iris = tours_iris()
    assert values(second.version, "profil_2")[iris[1].code] == (11.0, 0)
    assert second_run.number == 2


def test_a_user_made_indicator_on_the_dataset_survives_republishing(
        analysis, run, facilitator):
    from terreau.indicators.services import indicator_create

    publication = publish(analysis=analysis, user=facilitator)
    mine = indicator_create(slug="profils-1-et-2", label="Profils 1 et 2",
                            formula="profils-besoins-tours.profil_1 + "
                                    "profils-besoins-tours.profil_2", user=facilitator)
    run_make(analysis, {0: [1] * 12}, [], number=2)
    publish(analysis=analysis, user=facilitator)
    assert Indicator.objects.filter(pk=mine.pk).exists()
    assert publication.dataset.versions.count() == 2


def test_widening_after_small_zones_were_published_in_clear_is_refused(
        analysis, run, facilitator):
    publication = publish(analysis=analysis, user=facilitator)
    with pytest.raises(PublishError, match="anciennes versions"):
        publish(analysis=analysis, user=facilitator, sensitivity=Sensitivity.OPEN)
    publication.dataset.refresh_from_db()
    assert publication.dataset.sensitivity == Sensitivity.GROUP
    assert publication.dataset.versions.count() == 1


def test_widening_is_allowed_when_no_small_zone_was_ever_in_clear(analysis, facilitator):
    run_make(analysis, {0: [1] * 12, 1: [2] * 11}, [])
    publish(analysis=analysis, user=facilitator)
    publication = publish(analysis=analysis, user=facilitator, sensitivity=Sensitivity.OPEN)
    assert publication.dataset.sensitivity == Sensitivity.OPEN
    assert publication.version.number == 2


def test_only_answer_readers_publish(analysis, run, collector, tours_group):
    steward = user_make("sophie", group=tours_group, role="steward")
    with pytest.raises(PermissionDenied):
        publish(analysis=analysis, user=collector)
    assert publish(analysis=analysis, user=steward).version.number == 1


def test_nothing_to_publish_is_said_in_french(analysis, facilitator):
    with pytest.raises(PublishError, match="Aucune exécution terminée"):
        publish(analysis=analysis, user=facilitator)
    run_make(analysis, {}, [1, 2, 2])
    with pytest.raises(PublishError, match="rien à montrer"):
        publish(analysis=analysis, user=facilitator)
    with pytest.raises(PublishError, match="Sensibilité"):
        publish(analysis=analysis, user=facilitator, sensitivity="restricted")


def test_a_failed_indicator_leaves_no_dataset_behind(analysis, run, facilitator, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError({"formula": "refusée"})

    monkeypatch.setattr(publishing, "indicator_create", refuse)
    with pytest.raises(PublishError, match="Indicateurs refusés"):
        publish(analysis=analysis, user=facilitator)
    from terreau.catalog.models import Dataset

    assert not Dataset.objects.filter(slug="profils-besoins-tours").exists()
    analysis.refresh_from_db()
    assert analysis.dataset is None


def test_long_slugs_stay_within_80_characters(campaign, facilitator):
    long = Analysis.objects.create(slug="a" * 80, title="Longue",
                                   questionnaire=campaign.questionnaire, campaign=campaign)
    run_make(long, {0: [1] * 11, 1: [2] * 11}, [])
    publication = publish(analysis=long, user=facilitator)
    assert len(publication.dataset.slug) <= 80
    assert all(len(i.slug) <= 80 for i in publication.indicators)
    assert publishing.published_indicators(long) == publication.indicators


def test_atlas_link_is_the_atlas_permalink(analysis, run, facilitator):
    from django.test import RequestFactory

    publication = publish(analysis=analysis, user=facilitator)
    url = publishing.atlas_url(publication.indicators[0], "iris", "commune:37261")
    path, _, query = url.partition("?")
    assert path == "/atlas/"
    params = MapParams.from_query(RequestFactory().get(url).GET, require_indicator=True)
    assert (params.indicator, params.level, params.within) == (
        publication.indicators[0].slug, "iris", "commune:37261")
    assert query == params.querystring()
