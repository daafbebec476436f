"""Campaign pages: creating and editing (designers), the public link and its QR code, the
follow-up per day, collector and zone with counts under 11 hidden outside answer readers,
and one table of every page and route of part D for every role."""

import datetime
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from terreau.surveys.models import Campaign

from . import campaign_setup as setup
from .answers_make import answers_make

pytestmark = pytest.mark.django_db
campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator
HIDDEN = "moins de 11</span>"  # a count shown as "moins de 11"


def _form(questionnaire, **changes) -> dict:
    return {"questionnaire": questionnaire.pk, "title": "Diagnostic Rives du Cher",
            "starts_on": "2026-04-01", "ends_on": "2026-06-30", "within": "commune:37261",
            "zone_level": "iris", "collected_by": "Tours insertion",
            "purpose": "Connaître les besoins.", "publication": "Des nombres par quartier.",
            "retention": "Deux ans.", "contact": "", "public_link": "on", **changes}


def test_a_facilitator_creates_a_campaign_with_a_public_link(client, campaign, facilitator,
                                                             collector):
    client.force_login(facilitator)
    page = client.get(reverse("surveys:campaign_create"),
                      {"questionnaire": campaign.questionnaire.slug})
    assert "Niveau des zones proposées" in page.content.decode()
    response = client.post(reverse("surveys:campaign_create"),
                           _form(campaign.questionnaire, collectors=[collector.pk]))
    created = Campaign.objects.get(title="Diagnostic Rives du Cher")
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    assert created.public_token and list(created.collectors.all()) == [collector]
    detail = client.get(created.get_absolute_url()).content.decode()
    assert f"/enquetes/r/{created.public_token}/" in detail
    assert "<svg" in detail and "Code QR" in detail


def test_errors_stay_beside_the_field_and_nothing_is_written(client, campaign, facilitator,
                                                            outsider):
    client.force_login(facilitator)
    response = client.post(reverse("surveys:campaign_create"), _form(
        campaign.questionnaire, ends_on="2026-01-01", zone_level="region",
        collectors=[outsider.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "La fin vient avant le début." in text
    assert "Aucune zone de ce niveau dans ce territoire." in text
    assert Campaign.objects.count() == 1


def test_editing_turns_the_public_link_off_and_closes_the_collection(client, campaign,
                                                                     facilitator):
    client.force_login(facilitator)
    data = _form(campaign.questionnaire, title="Diagnostic Tours", closed="on")
    del data["public_link"]
    assert client.post(reverse("surveys:campaign_edit", args=[campaign.slug]),
                       data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.public_token is None and campaign.closed_at is not None
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Collecte close" in page and "Pas de lien public" in page


def test_the_follow_up_counts_per_day_collector_and_zone_for_answer_readers(
        client, campaign, facilitator, collector):
    answers_make(campaign, 12, collector=collector)
    answers_make(campaign, 3, zone_code="372610102", day=datetime.date(2026, 3, 3),
                 complete=False)
    client.force_login(facilitator)
    text = client.get(campaign.get_absolute_url()).content.decode()
    assert "<strong>15</strong> réponses reçues, dont 3 incomplètes" in text
    assert "02/03/2026" in text and "03/03/2026" in text
    assert "Lien public (sans enquêteur·rice)" in text and "colette" in text
    assert "Centre 1" in text and "Centre 2" in text
    assert "Réponses incomplètes" in text
    assert HIDDEN not in text
    assert '"reponses": 3' in text  # the chart's data


def test_counts_under_11_are_hidden_from_members_who_do_not_read_answers(
        client, campaign, collector):
    answers_make(campaign, 12, collector=collector)
    answers_make(campaign, 3, zone_code="372610102", day=datetime.date(2026, 3, 3),
                 complete=False)
    client.force_login(collector)
    text = client.get(campaign.get_absolute_url()).content.decode()
    assert "<strong>15</strong>" in text and HIDDEN in text
    assert "Réponses incomplètes" not in text
    assert '"reponses": 3' not in text and '"reponses": 12' in text
    assert ">3<" not in text


def test_the_campaign_list_hides_small_counts_from_members(client, campaign, collector,
                                                           steward):
    answers_make(campaign, 4)
    client.force_login(collector)
    assert "<td>moins de 11</td>" in client.get(reverse("surveys:campaigns")).content.decode()
    client.force_login(steward)
    text = client.get(reverse("surveys:campaigns")).content.decode()
    assert "<td>moins de 11</td>" not in text and "<td>4</td>" in text


# ---- Permissions: every page and route of campaigns, submissions and erasure ------------

PEOPLE = ("anonyme", "camille", "olga", "mehdi", "colette", "stephane", "fanny")
GROUP = {"mehdi", "colette", "stephane", "fanny"}
DESIGNERS = {"fanny"}
COLLECTORS = {"colette", "fanny"}
EVERYONE = set(PEOPLE)
SIGNED_IN = EVERYONE - {"anonyme"}


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    args: tuple
    readers: frozenset  # who reaches it (else 404, or 403 for a page with no object)
    allowed: frozenset
    ok: int


def route(name, method, args, readers, allowed=None, ok=200):
    return Route(name, method, args, frozenset(readers),
                 frozenset(readers if allowed is None else allowed), ok)


ROUTES = [
    route("surveys:campaigns", "get", (), SIGNED_IN),
    route("surveys:campaign_create", "get", (), SIGNED_IN, DESIGNERS),
    route("surveys:campaign_create", "post", (), SIGNED_IN, DESIGNERS, ok=302),
    route("surveys:campaign", "get", ("slug",), GROUP),
    route("surveys:campaign_edit", "get", ("slug",), GROUP, DESIGNERS),
    route("surveys:campaign_edit", "post", ("slug",), GROUP, DESIGNERS, ok=302),
    route("surveys:erase", "get", (), EVERYONE),
    route("surveys:erase", "post", (), EVERYONE),
    route("api:survey_submit", "post", ("slug",), GROUP, COLLECTORS, ok=201),
    route("api:survey_submit_public", "post", ("token",), EVERYONE, ok=201),
    route("api:survey_erase", "post", (), EVERYONE),
]


@pytest.fixture
def people(campaign, facilitator, collector, member, outsider, tours_member, steward):
    return {"camille": member, "olga": outsider, "mehdi": tours_member, "colette": collector,
            "stephane": steward, "fanny": facilitator}


def _request(client, route: Route, campaign):
    values = {"slug": campaign.slug, "token": campaign.public_token}
    url = reverse(route.name, args=[values[name] for name in route.args])
    if route.name.startswith("api:"):
        data = {"recu": "K7PX3M9QRT"} if route.name == "api:survey_erase" else setup.body()
        return client.post(url, data, content_type="application/json")
    data = {}
    if route.method == "post" and route.name != "surveys:erase":
        data = _form(campaign.questionnaire, title=f"Essai {timezone.now().timestamp()}")
        if route.name == "surveys:campaign_edit":
            data.pop("questionnaire")
    elif route.name == "surveys:erase":
        data = {"code": "K7PX3M9QRT"}
    return getattr(client, route.method)(url, data)


def _expected(route: Route, person: str) -> set[int]:
    if person == "anonyme" and person not in route.allowed:
        return {302, 401}
    if person not in route.readers:
        return {404}
    if person not in route.allowed:
        return {403}
    return {route.ok}


def test_every_page_and_route_answers_each_role_as_the_table_says(client, campaign, people,
                                                                  monkeypatch):
    # Route tables need the answer check only for the two submission routes.
    wrong = []
    for item in ROUTES:
        for person in PEOPLE:
            client.logout()
            if person != "anonyme":
                client.force_login(people[person])
            with transaction.atomic():
                response = _request(client, item, campaign)
                transaction.set_rollback(True)
            if response.status_code not in _expected(item, person):
                wrong.append(f"{item.method.upper()} {item.name} as {person}: "
                             f"{response.status_code}, expected {_expected(item, person)}")
    assert wrong == [], "\n".join(wrong)


def test_another_groups_campaign_is_a_404_and_a_member_may_not_edit(client, campaign, outsider,
                                                                    tours_member):
    client.force_login(outsider)
    assert client.get(campaign.get_absolute_url()).status_code == 404
    client.force_login(tours_member)
    assert client.get(reverse("surveys:campaign_edit", args=[campaign.slug])).status_code == 403


def test_every_route_of_part_d_is_in_the_table():
    from terreau.api import api
    from terreau.surveys.views import campaigns, erase

    pages = {f"surveys:{p.name}" for p in [*campaigns.urlpatterns, *erase.urlpatterns]}
    endpoints = {f"api:{p.name}" for p in api.urls[0]
                 if p.name in {"survey_submit", "survey_submit_public", "survey_erase"}}
    assert len(endpoints) == 3
    assert pages | endpoints <= {r.name for r in ROUTES}
