"""The yearly self-evaluation: start, answer through the surveys' submission service,
summary counts and shares, the under-3 rule, and who sees what."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.accounts.tests.factories import user_make
from terreau.monitoring.models import SelfEvaluation
from terreau.monitoring.selfeval import (
    CLOSED_QUESTIONS,
    SelfEvaluationError,
    selfeval_start,
    summary,
)
from terreau.surveys import definition as defn
from terreau.surveys.submissions import submission_create


def answer(self_evaluation, user, **values):
    campaign = self_evaluation.campaign
    raw = {name: "plutot_oui" for name, _ in CLOSED_QUESTIONS}
    raw.update(values)
    submission, created = submission_create(
        campaign=campaign, version=campaign.questionnaire.latest_version(), raw_answers=raw,
        consent={"accepte": True}, receipt_code="RECU-" + uuid.uuid4().hex[:8],
        idempotency_key=uuid.uuid4().hex, collected_at=timezone.now(), collector=user)
    assert created
    return submission


def test_start_creates_the_questionnaire_once_and_a_campaign_per_year(group, fanny, mehdi):
    first = selfeval_start(group=group, year=2, by=fanny)
    assert selfeval_start(group=group, year=2, by=fanny) == first
    second = selfeval_start(group=group, year=3, by=fanny)
    assert second.campaign.questionnaire == first.campaign.questionnaire
    assert first.campaign != second.campaign
    assert first.campaign.starts_on.isoformat() == "2026-04-01"
    assert set(first.campaign.collectors.all()) == {fanny, mehdi}
    questions = defn.questions(first.campaign.questionnaire.latest_version().definition)
    assert 6 <= len(questions) <= 10
    assert SelfEvaluation.objects.filter(group=group).count() == 2


def test_an_answer_keeps_no_link_to_the_member_who_sent_it(group, fanny, mehdi):
    """Facilitators read the survey's answers: a member's own answer must not name them."""
    self_evaluation = selfeval_start(group=group, year=2, by=fanny)
    assert self_evaluation.campaign.anonymous
    assert answer(self_evaluation, mehdi).collector is None


def test_a_year_outside_the_project_is_refused(group, fanny):
    with pytest.raises(SelfEvaluationError, match="année"):
        selfeval_start(group=group, year=4, by=fanny)


def test_summary_counts_and_shares(group, fanny, mehdi):
    assert summary(group, 2) is None
    self_evaluation = selfeval_start(group=group, year=2, by=fanny)
    assert summary(group, 2)["answers"] == 0
    answer(self_evaluation, fanny, engagement="tout_a_fait", a_ameliorer="Plus de <b>habitants</b>")
    answer(self_evaluation, mehdi, engagement="plutot_non")
    answer(self_evaluation, mehdi, engagement="tout_a_fait", a_ameliorer="Des séances le soir")
    result = summary(group, 2)
    assert result["answers"] == 3 and result["members"] == 2 and not result["too_few"]
    engagement = result["questions"][0]
    rows = {row["label"]: (row["count"], row["share"]) for row in engagement["rows"]}
    assert rows["Oui, tout à fait"] == (2, pytest.approx(2 / 3))
    assert rows["Plutôt non"] == (1, pytest.approx(1 / 3))
    assert rows["Je ne sais pas"] == (0, 0.0)
    assert len(result["questions"]) == len(CLOSED_QUESTIONS)
    assert result["improvements"] == ["Des séances le soir", "Plus de <b>habitants</b>"]


def test_the_page_hides_shares_under_three_answers(client, group, fanny, mehdi):
    self_evaluation = selfeval_start(group=group, year=2, by=fanny)
    answer(self_evaluation, fanny, a_ameliorer="Un texte qui trahirait son auteur")
    client.force_login(mehdi)
    page = client.get(reverse("monitoring:selfeval", args=[group.slug, 2])).content.decode()
    assert "trop peu" in page
    assert "Un texte qui trahirait" not in page
    answer(self_evaluation, mehdi)
    answer(self_evaluation, mehdi, a_ameliorer="<script>alert(1)</script>")
    page = client.get(reverse("monitoring:selfeval", args=[group.slug, 2])).content.decode()
    assert "trop peu" not in page
    assert "100 %" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_members_get_the_link_to_the_surveys_form(client, group, fanny, mehdi):
    self_evaluation = selfeval_start(group=group, year=2, by=fanny)
    client.force_login(mehdi)
    url = reverse("monitoring:selfeval", args=[group.slug, 2])
    assert client.get(url).status_code == 200
    response = client.post(url, {"repondre": "1"})
    collect = reverse("surveys:collect", args=[self_evaluation.campaign.slug])
    assert response.status_code == 302 and response.url == collect
    assert client.get(collect).status_code == 200


def test_a_member_who_joined_later_may_answer(client, group, fanny):
    self_evaluation = selfeval_start(group=group, year=2, by=fanny)
    late = user_make("nora", group=group)
    client.force_login(late)
    response = client.post(reverse("monitoring:selfeval", args=[group.slug, 2]),
                           {"repondre": "1"})
    assert response.status_code == 302
    assert self_evaluation.campaign.collectors.filter(pk=late.pk).exists()


def test_only_facilitators_start_it(client, group, fanny, mehdi):
    url = reverse("monitoring:selfeval", args=[group.slug, 2])
    client.force_login(mehdi)
    assert client.post(url, {"demarrer": "1"}).status_code == 403
    assert not SelfEvaluation.objects.exists()
    client.force_login(fanny)
    response = client.post(url, {"demarrer": "1"})
    assert response.status_code == 302
    assert SelfEvaluation.objects.filter(group=group, year=2).exists()


def test_other_groups_and_strangers_are_refused(client, group, fanny, olga, camille):
    selfeval_start(group=group, year=2, by=fanny)
    url = reverse("monitoring:selfeval", args=[group.slug, 2])
    for user in (olga, camille):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"repondre": "1"}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(fanny)
    assert client.get(reverse("monitoring:selfeval", args=[group.slug, 7])).status_code == 404
