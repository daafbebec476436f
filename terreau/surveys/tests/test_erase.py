"""Erasing with a receipt code: exactly the answers given with it, by anyone, page or API;
the page says how many and nothing about whether a code existed."""

import pytest
from django.urls import reverse

from terreau.surveys.models import Submission

from . import campaign_setup as setup
from .answers_make import answers_make

pytestmark = pytest.mark.django_db
campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator


@pytest.fixture
def answered(campaign):
    answers_make(campaign, 2, receipt="K7PX3M9QRT")
    answers_make(campaign, 3, receipt="AAAABBBBCC")
    return campaign


def test_the_page_erases_exactly_the_answers_of_the_code_without_an_account(client, answered):
    response = client.post(reverse("surveys:erase"), {"code": "k7px-3m9q-rt"})
    assert response.status_code == 200
    assert "2 réponses effacées." in response.content.decode()
    assert Submission.objects.count() == 3
    response = client.post(reverse("surveys:erase"), {"code": "K7PX3M9QRT"})
    assert "Aucune réponse effacée" in response.content.decode()


def test_the_page_reads_the_same_for_an_unknown_code(client, answered):
    response = client.post(reverse("surveys:erase"), {"code": "ZZZZZZZZZZ"})
    assert "Aucune réponse effacée" in response.content.decode()
    assert Submission.objects.count() == 5


def test_the_page_opens_without_an_account_and_wants_csrf(answered):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    page = strict.get(reverse("surveys:erase"))
    assert page.status_code == 200 and "Code de reçu" in page.content.decode()
    assert strict.post(reverse("surveys:erase"), {"code": "K7PX3M9QRT"}).status_code == 403
    assert Submission.objects.count() == 5


def test_the_api_erases_with_the_code(client, answered):
    response = client.post(reverse("api:survey_erase"), {"recu": "AAAA-BBBB-CC"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json() == {"effacees": 3}
    assert Submission.objects.count() == 2


def test_a_short_or_empty_code_erases_nothing(client, campaign):
    answers_make(campaign, 1)  # an import without a receipt: its hash is empty
    response = client.post(reverse("api:survey_erase"), {"recu": ""},
                           content_type="application/json")
    assert response.json() == {"effacees": 0}
    assert Submission.objects.count() == 1
