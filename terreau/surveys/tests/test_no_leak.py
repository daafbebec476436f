"""Every page and API route of the surveys app, asked by a member of ANOTHER group and by an
anonymous visitor: nothing of the group's questionnaire, campaign or answers comes back.

Each part has its own table of roles (test_campaigns, test_questionnaire_pages,
test_xlsform_pages, test_answers_export); this one walks the URL patterns themselves, so a
route added without its check fails here. Public by design: the service worker, the public
link's form and submission, the erasure page and API, the lists (which then show nothing of
the group).
"""

import datetime

import pytest
from django.urls import URLPattern

from terreau.surveys import urls as survey_urls
from terreau.surveys.demo import DEFINITION
from terreau.surveys.models import Campaign
from terreau.surveys.services import questionnaire_create

pytestmark = pytest.mark.django_db

PUBLIC = {"service_worker", "collect_public", "erase", "survey_submit_public", "survey_erase"}
LISTS = {"list", "campaigns", "questionnaire_list"}  # answer 200, without the group's items
CAMPAIGN_ROUTES = ("campagnes/", "collecte/")
REFUSED = {302, 401, 403, 404, 405}


@pytest.fixture
def survey(tours_group, steward):
    questionnaire = questionnaire_create(group=tours_group, definition=DEFINITION,
                                         user=steward, slug="guide-secret",
                                         title="Guide très secret")
    campaign = Campaign.objects.create(
        questionnaire=questionnaire, slug="campagne-secrete", title="Campagne très secrète",
        starts_on=datetime.date(2026, 1, 1), public_token="jeton-public-1234",
        collected_by="Le groupe", purpose="Comprendre")
    return questionnaire, campaign


def _routes() -> list[tuple[str, str]]:
    """(name, path) of every page and API route, with the test's objects in place."""
    from terreau.api import api

    pages = [(p.name, "/enquetes/" + str(p.pattern)) for p in survey_urls.urlpatterns
             if isinstance(p, URLPattern)]
    endpoints = [(p.name, "/api/v1/" + str(p.pattern)) for p in api.urls[0]
                 if str(p.pattern).startswith("enquetes/")]
    return pages + endpoints


def _fill(path: str) -> str:
    campaign = any(f"/{word}" in path for word in CAMPAIGN_ROUTES)
    slug = "campagne-secrete" if campaign else "guide-secret"
    for pattern, value in (("<slug:slug>", slug), ("<slug>", slug),
                           ("<str:token>", "jeton-public-1234"), ("<token>", "jeton-public-1234"),
                           ("<str:name>", "age"), ("<int:number>", "1"), ("<number>", "1")):
        path = path.replace(pattern, value)
    assert "<" not in path, path
    return path


def _same_as_unknown(client, method: str, path: str, response) -> bool:
    """An API answer that does not depend on the survey existing (ninja checks the body's
    shape before the view runs, for any slug) reveals nothing."""
    if not path.startswith("/api/"):
        return False
    other = path.replace("campagne-secrete", "inconnue").replace("guide-secret", "inconnu")
    twin = getattr(client, method)(other)
    return (twin.status_code == response.status_code
            and "secret" not in response.content.decode(errors="replace"))


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_no_route_gives_a_group_survey_to_outsiders(client, survey, outsider, who):
    if who == "outsider":
        client.force_login(outsider)
    leaks = []
    for name, raw in _routes():
        path = _fill(raw)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            body = response.content.decode(errors="replace")
            if name in PUBLIC:
                continue
            if name in LISTS and response.status_code == 200:
                if "très secret" in body or "guide-secret" in body:
                    leaks.append(f"{method.upper()} {path} ({name}) shows the group's survey")
                continue
            if response.status_code not in REFUSED and not _same_as_unknown(
                    client, method, path, response):
                leaks.append(f"{method.upper()} {path} ({name}): {response.status_code}")
    assert leaks == [], "\n".join(leaks)


def test_the_public_routes_are_only_the_public_link_and_erasure(survey, client):
    """The public link's form opens without an account; nothing else of the campaign does."""
    assert client.get("/enquetes/r/jeton-public-1234/").status_code == 200
    assert client.get("/enquetes/r/jeton-inconnu/").status_code == 404
    assert client.get("/enquetes/collecte/campagne-secrete/").status_code == 302
