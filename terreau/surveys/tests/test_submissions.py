"""Storing answers: consent first, version and collector recorded, a resend is no duplicate,
the receipt code kept only as a hash, zones only inside the campaign's territory, the public
link answers without an account and only while the campaign is open."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.surveys.models import Submission
from terreau.surveys.services import version_save
from terreau.surveys.submissions import SubmissionRefused, submission_create

from . import campaign_setup as setup
from .campaign_setup import AMBOISE, TOURS_IRIS, answers, body

# Fixtures of campaign_setup used here.
campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator

pytestmark = pytest.mark.django_db

SUBMIT, PUBLIC = "api:survey_submit", "api:survey_submit_public"


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def collector_client(client, collector):
    client.force_login(collector)
    return client


def test_a_collector_sends_an_answer_with_consent_version_zone_and_receipt(
        collector_client, campaign, collector):
    data = body()
    response = _post(collector_client, reverse(SUBMIT, args=[campaign.slug]), data)
    assert response.status_code == 201, response.content
    submission = Submission.objects.get(pk=response.json()["id"])
    assert submission.version.number == 1
    assert submission.collector == collector and submission.campaign == campaign
    assert submission.zone.code == TOURS_IRIS and submission.zone.level == "iris"
    assert submission.consent["accepte"] is True
    assert submission.consent["textes"]["purpose"] == "Connaître les besoins."
    assert submission.answers["besoins"] == ["emploi", "sante"]
    assert submission.answers["age"] == 34
    assert submission.collected_at == datetime.datetime(2026, 3, 2, 9, 5, tzinfo=datetime.UTC)
    assert submission.complete is True


def test_the_same_key_twice_stores_one_answer_and_the_resend_gets_200(collector_client,
                                                                      campaign):
    url, data = reverse(SUBMIT, args=[campaign.slug]), body()
    first = _post(collector_client, url, data)
    second = _post(collector_client, url, data)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert Submission.objects.count() == 1


def test_without_consent_nothing_is_stored(collector_client, campaign):
    data = body(consentement={"accepte": False, "affiche_le": ""})
    response = _post(collector_client, reverse(SUBMIT, args=[campaign.slug]), data)
    assert response.status_code == 400
    assert "consentement" in response.json()["detail"]
    assert not Submission.objects.exists()


def test_the_receipt_code_is_kept_only_as_its_hash(collector_client, campaign):
    _post(collector_client, reverse(SUBMIT, args=[campaign.slug]), body(recu="k7px-3m9q-rt"))
    submission = Submission.objects.get()
    assert submission.receipt_hash == hashlib.sha256(b"K7PX3M9QRT").hexdigest()
    stored = str(Submission.objects.values().get())
    assert "K7PX3M9QRT" not in stored.upper().replace("-", "")


def test_an_answer_keeps_the_older_version_it_was_given_with(collector_client, campaign,
                                                               facilitator):
    url = reverse(SUBMIT, args=[campaign.slug])
    assert _post(collector_client, url, body()).status_code == 201
    changed = {**campaign.questionnaire.latest_version().definition, "title": "Guide v2"}
    version_save(questionnaire=campaign.questionnaire, definition=changed, user=facilitator)
    assert _post(collector_client, url, body(version=1)).status_code == 201
    assert _post(collector_client, url, body(version=2)).status_code == 201
    assert sorted(Submission.objects.values_list("version__number", flat=True)) == [1, 1, 2]
    assert _post(collector_client, url, body(version=7)).status_code == 400


def test_a_zone_outside_the_campaign_is_refused_in_french(collector_client, campaign):
    url = reverse(SUBMIT, args=[campaign.slug])
    response = _post(collector_client, url, body(reponses=answers(quartier=AMBOISE)))
    assert response.status_code == 400
    assert "quartier" in response.json()["erreurs"]
    response = _post(collector_client, url, body(zone=AMBOISE))
    assert response.status_code == 400
    assert response.json()["erreurs"]["zone"] == ("Cette zone n'est pas dans le territoire de "
                                                  "l'enquête.")
    assert not Submission.objects.exists()


def test_answers_are_checked_and_errors_named_per_question(collector_client, campaign):
    response = _post(collector_client, reverse(SUBMIT, args=[campaign.slug]),
                     body(reponses=answers(age="7")))
    assert response.status_code == 400
    assert response.json()["erreurs"]["age"] == "L'âge va de 15 à 110 ans."
    assert not Submission.objects.exists()


def test_the_public_link_takes_answers_without_an_account(client, campaign):
    response = _post(client, reverse(PUBLIC, args=[campaign.public_token]), body())
    assert response.status_code == 201
    submission = Submission.objects.get()
    assert submission.collector is None and submission.campaign == campaign


def test_an_unknown_or_removed_public_link_is_a_404(client, campaign):
    assert _post(client, reverse(PUBLIC, args=["pas-un-jeton"]), body()).status_code == 404
    campaign.public_token = None
    campaign.save()
    assert _post(client, reverse(PUBLIC, args=["jeton-public-de-test"]),
                 body()).status_code == 404


def test_a_closed_campaign_refuses_answers_on_its_public_link(client, campaign):
    campaign.closed_at = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save()
    response = _post(client, reverse(PUBLIC, args=[campaign.public_token]),
                     body(recueillie_le=None))
    assert response.status_code == 403
    assert "close" in response.json()["detail"]
    assert not Submission.objects.exists()


def test_a_collector_sends_after_closing_what_was_collected_before(collector_client, campaign):
    campaign.closed_at = timezone.now()
    campaign.save()
    url = reverse(SUBMIT, args=[campaign.slug])
    assert _post(collector_client, url, body()).status_code == 201  # collected in 2026-03
    late = (timezone.now() + datetime.timedelta(minutes=1)).isoformat()
    assert _post(collector_client, url, body(recueillie_le=late)).status_code == 403


def test_a_member_who_is_not_a_collector_may_not_send(client, campaign, tours_member):
    client.force_login(tours_member)
    response = _post(client, reverse(SUBMIT, args=[campaign.slug]), body())
    assert response.status_code == 403


def test_the_collectors_api_wants_the_csrf_token(campaign, collector):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(collector)
    response = _post(strict, reverse(SUBMIT, args=[campaign.slug]), body())
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_a_key_of_another_campaigns_answer_is_refused(campaign, collector):
    version = campaign.questionnaire.latest_version()
    kwargs = {"version": version, "raw_answers": answers(), "receipt_code": "ABCDEFGHJK",
              "consent": {"accepte": True}, "collected_at": None, "idempotency_key": "cle-12345678"}
    submission, created = submission_create(campaign=campaign, **kwargs)
    assert created
    other = type(campaign).objects.get(pk=campaign.pk)
    other.pk, other.slug, other.public_token = None, "autre", None
    other.save()
    with pytest.raises(SubmissionRefused):
        submission_create(campaign=other, **kwargs)
