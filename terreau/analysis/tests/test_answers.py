"""The answers an analysis reads (answers.py): filters, codes, and the digest of a run."""

import datetime
import uuid

import pytest
from django.utils import timezone

from terreau.analysis.answers import AnswerFilters, answers_table, profile_members
from terreau.analysis.models import Analysis, AnalysisRun, CodeAssignment, OpenCode
from terreau.surveys.models import Submission
from terreau.surveys.tests import campaign_setup as setup
from terreau.territory.models import Zone

pytestmark = pytest.mark.django_db
campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator


def _answer(campaign, answers, *, day=datetime.date(2026, 3, 2), zone="372610101",
            collector=None, complete=True) -> Submission:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))
    return Submission.objects.create(
        questionnaire=campaign.questionnaire, version=campaign.questionnaire.latest_version(),
        campaign=campaign, collector=collector, zone=Zone.objects.get(code=zone),
        answers=answers, complete=complete, consent={"accepte": True}, consent_at=at,
        collected_at=at, idempotency_key=str(uuid.uuid4()))


@pytest.fixture
def answered(campaign, collector):
    first = _answer(campaign, {"logement": "heberge", "besoins": ["sante"],
                               "autre_besoin": "une crèche"})
    second = _answer(campaign, {"logement": "proprietaire", "besoins": []},
                     day=datetime.date(2026, 4, 10), zone="372610102", collector=collector)
    _answer(campaign, {"logement": "heberge"}, complete=False)
    return first, second


def test_only_complete_answers_are_read_in_order_with_their_zone(campaign, answered):
    loaded = answers_table(campaign.questionnaire)
    assert loaded.ids == [answered[0].pk, answered[1].pk]
    assert loaded.table.frame["logement"].tolist() == ["heberge", "proprietaire"]
    assert loaded.table.frame["zone"].tolist() == ["372610101", "372610102"]
    assert loaded.version_id == campaign.questionnaire.latest_version().pk


def test_filters_narrow_the_answers(campaign, answered, collector):
    questionnaire = campaign.questionnaire
    second = [answered[1].pk]
    assert answers_table(questionnaire, AnswerFilters(
        start=datetime.date(2026, 4, 1))).ids == second
    assert answers_table(questionnaire, AnswerFilters(
        end=datetime.date(2026, 3, 31))).ids == [answered[0].pk]
    assert answers_table(questionnaire, AnswerFilters(zones=("372610102",))).ids == second
    assert answers_table(questionnaire, AnswerFilters(collector_id=collector.pk)).ids == second
    assert answers_table(questionnaire, AnswerFilters(campaign_id=campaign.pk + 1)).ids == []


def test_the_profile_filter_reads_the_partition_of_a_run(campaign, answered):
    analysis = Analysis.objects.create(slug="profils", title="Profils",
                                       questionnaire=campaign.questionnaire)
    run = AnalysisRun.objects.create(analysis=analysis, number=1,
                                     submission_ids=[a.pk for a in answered],
                                     results={"partition": [2, 1]})
    assert profile_members(run.pk, 2) == [answered[0].pk]
    filters = AnswerFilters(profile_run_id=run.pk, profile_number=1)
    assert answers_table(campaign.questionnaire, filters).ids == [answered[1].pk]


def test_filters_survive_a_round_trip_through_the_saved_parameters():
    filters = AnswerFilters(campaign_id=3, start=datetime.date(2026, 1, 5), zones=("37261",))
    saved = filters.as_dict()
    assert saved == {"campaign_id": 3, "start": "2026-01-05", "zones": ("37261",)}
    assert AnswerFilters.from_dict(saved) == filters


def test_codes_of_open_answers_become_columns_and_change_the_digest(campaign, answered):
    before = answers_table(campaign.questionnaire).digest
    code = OpenCode.objects.create(questionnaire=campaign.questionnaire,
                                   question="autre_besoin", label="Garde d'enfants")
    CodeAssignment.objects.create(code=code, submission=answered[0])
    loaded = answers_table(campaign.questionnaire)
    assert loaded.table.frame[f"autre_besoin/code-{code.pk}"].tolist() == ["oui", None]
    assert loaded.digest != before
    assert answers_table(campaign.questionnaire).digest == loaded.digest  # stable
