"""The collection pages: who opens the form of a campaign, what it carries (definition,
consent texts, the campaign's zones, where to send), and the service worker's script."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from terreau.indicators.tests.factories import user_make
from terreau.surveys.models import Campaign

from . import campaign_setup as setup
from .campaign_setup import TOURS_IRIS

# Fixtures of campaign_setup used here.
campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator

COLLECT = "/enquetes/collecte/diagnostic-tours/"
PUBLIC = "/enquetes/r/jeton-public-de-test/"


def setup_of(response) -> dict:
    found = re.search(r'<script id="survey-setup" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    return json.loads(found.group(1))


@pytest.mark.django_db
@pytest.mark.usefixtures("campaign")
def test_a_collector_opens_the_form_with_everything_it_needs(client, collector):
    client.force_login(collector)
    response = client.get(COLLECT)
    assert response.status_code == 200
    setup = setup_of(response)
    assert setup["version"] == 1
    assert [node["name"] for node in setup["definition"]["children"]] == [
        "situation", "besoins_section"]
    assert setup["consentement"]["qui"] == "Le groupe Tours insertion"
    assert setup["consentement"]["pourquoi"] == "Connaître les besoins."
    assert "moins de 11" in setup["consentement"]["publication"]
    assert setup["envoi"] == "/api/v1/enquetes/campagnes/diagnostic-tours/reponses"
    assert setup["effacer"].endswith("/enquetes/effacer/")
    # The zones are the IRIS of Tours, by name, and nothing outside Tours.
    codes = [zone["code"] for zone in setup["zones"]]
    assert TOURS_IRIS in codes and len(codes) > 40
    assert all(code.startswith("37261") for code in codes)
    assert setup["public"] is False
    assert COLLECT in setup["fichiers"]
    assert any(path.endswith("js/surveys/form.js") for path in setup["fichiers"])


@pytest.mark.django_db
@pytest.mark.usefixtures("campaign")
def test_who_may_open_the_collector_form(client, facilitator, tours_group, outsider):
    client.force_login(facilitator)  # designers of the group collect too
    assert client.get(COLLECT).status_code == 200
    client.force_login(user_make("mona", group=tours_group, role="member"))
    assert client.get(COLLECT).status_code == 403  # a member who is not a collector
    client.force_login(outsider)
    assert client.get(COLLECT).status_code == 404  # another group's campaign
    client.logout()
    response = client.get(COLLECT)  # signed-out: to the sign-in page, then back here
    assert response.status_code == 302 and "next=" in response["Location"]


@pytest.mark.django_db
@pytest.mark.usefixtures("campaign")
def test_the_public_link_opens_without_an_account(client):
    response = client.get(PUBLIC)
    assert response.status_code == 200
    setup = setup_of(response)
    assert setup["public"] is True
    assert setup["envoi"] == "/api/v1/enquetes/r/jeton-public-de-test/reponses"
    assert "Avant de commencer" not in response.content.decode()  # drawn by form.js
    assert client.get("/enquetes/r/pas-un-jeton/").status_code == 404
    campaign = Campaign.objects.get()
    campaign.public_token = None
    campaign.save()
    assert client.get(PUBLIC).status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("campaign")
def test_a_closed_campaign_says_so(client):
    campaign = Campaign.objects.get()
    campaign.closed_at = timezone.now()
    campaign.save()
    assert setup_of(client.get(PUBLIC))["close"] is True
    campaign.closed_at = None
    campaign.ends_on = datetime.date(2021, 1, 1)  # over: the public link no longer answers
    campaign.save()
    assert setup_of(client.get(PUBLIC))["close"] is True


@pytest.mark.django_db
@pytest.mark.usefixtures("campaign")
def test_user_text_stays_inert_in_the_page(client):
    campaign = Campaign.objects.get()
    campaign.title = "</script><script>alert(1)</script>"
    campaign.purpose = "<img src=x onerror=alert(1)>"
    campaign.save()
    html = client.get(PUBLIC).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert setup_of(client.get(PUBLIC))["consentement"]["pourquoi"] == campaign.purpose


@pytest.mark.django_db
@pytest.mark.usefixtures("campaign")
def test_the_service_worker_script_controls_the_survey_pages(client):
    response = client.get("/enquetes/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/enquetes/"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    script = response.content.decode()
    assert 'const STATIC_PREFIX = "/static/"' in script
    # The cache is named after the files it keeps: the page fills the same one.
    cache = re.search(r'const CACHE = "(terreau-enquetes-[0-9a-f]{12})"', script).group(1)
    assert setup_of(client.get(PUBLIC))["cache"] == cache
    assert "{%" not in script and "verbatim" not in script
