"""Every page and API endpoint of the directory, for every role.

One table: each route, who reaches it (else 404), who may use it (else 403), and the status
each person gets. A route added to the app without a row here fails
`test_every_route_is_in_the_table`.

People: anonymous visitor, `camille` (signed in, no group), `olga` (member of another group),
`mehdi` (member of the Tours group), `bea` (data steward of another group), `stephane` (data
steward of the Tours group), `fanny` (facilitator of the Tours group). The structure below is
kept by the Tours group. The directory is public information: every signed-in person reads
it and may propose a change; stewards of the keeping group change it and review; the secret
link needs no account; a gap map and a member's skills are their group's.
"""

import pytest
from django.urls import reverse

from terreau.core.testing_routes import Route, routes_check, routes_missing
from terreau.core.testing_routes import route as table_route
from terreau.directory import urls as directory_urls
from terreau.directory.models import ChangeProposal, Skill, SkillOffer
from terreau.directory.records_review import secret_link_create
from terreau.directory.skills import skills_seed
from terreau.indicators.tests.factories import user_make

from .gap_setup import gap_map, gap_services  # noqa: F401 (fixtures)
from .test_records_fixtures import place  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

PEOPLE = ("anonyme", "camille", "olga", "mehdi", "bea", "stephane", "fanny")
SIGNED_IN = frozenset(PEOPLE) - {"anonyme"}
EVERYONE = frozenset(PEOPLE)
GROUP = frozenset({"mehdi", "stephane", "fanny"})
STEWARDS = frozenset({"bea", "stephane"})  # of some group
KEEPERS = frozenset({"stephane"})  # stewards of the structure's group
MAKERS = frozenset({"stephane", "fanny"})  # who make the group's gap maps
ANONYMOUS_REFUSALS = {302, 401, 403, 404}


def route(name, method, kwargs=(), readers=SIGNED_IN, allowed=None, ok=200, query=""):
    return table_route(name, method, kwargs, readers, allowed, ok, query)


PK, SERVICE, SLUG = ("pk",), ("service",), ("slug",)

ROUTES = [
    route("directory:index", "get", query="theme=numerique"),
    route("directory:structure", "get", PK),
    route("directory:service", "get", SERVICE),
    route("directory:sheet", "get"),
    route("directory:sheet_pdf", "get", query="zone=37261"),
    route("directory:themes", "get"),
    route("directory:history", "get", PK),
    route("directory:structure_edit", "get", PK),  # stewards edit, the others propose
    route("directory:service_edit", "get", SERVICE),
    route("directory:structure_create", "get", allowed=STEWARDS),
    route("directory:structure_close", "get", PK, allowed=KEEPERS),
    route("directory:service_create", "get", PK, allowed=KEEPERS),
    route("directory:service_close", "get", SERVICE, allowed=KEEPERS),
    route("directory:secret_link", "get", PK, allowed=KEEPERS),
    route("directory:review_list", "get"),  # the proposals one may review: none for most
    route("directory:proposal", "get", ("proposal",), KEEPERS | {"mehdi"}),  # and its author
    route("directory:secret_update", "get", ("token",), EVERYONE),
    route("directory:secret_thanks", "get", ("token",), EVERYONE),
    route("directory:import", "get", allowed=STEWARDS),
    # An import nobody staged: refused to non-stewards, not found for stewards.
    route("directory:import_report", "get", ("token",), allowed=STEWARDS, ok=404),
    route("directory:import_progress", "get", ("token",), allowed=STEWARDS, ok=404),
    route("directory:export", "get", allowed=STEWARDS),
    route("directory:skills", "get"),
    route("directory:skill_list", "get"),
    route("directory:skill_offer_create", "get"),
    route("directory:skill_offers_mine", "get"),
    route("directory:skill_offer_withdraw", "get", ("offer",), {"mehdi"}),  # one's own
    route("directory:gap_maps", "get"),
    route("directory:gap_map_create", "get", allowed=MAKERS | {"bea"}),
    route("directory:gap_map", "get", SLUG, GROUP),
    route("directory:gap_map_recompute", "post", SLUG, GROUP, MAKERS, ok=302),
    route("api:services_search", "get", query="theme=numerique"),
    route("api:structure_read", "get", PK),
    route("api:records_structure_change", "patch", PK, ok=202),  # a proposal, or applied
    route("api:records_structure_create", "post", allowed=STEWARDS, ok=201),
    route("api:records_proposals", "get"),
    route("api:records_proposal_approve", "post", ("proposal",), KEEPERS | {"mehdi"},
          KEEPERS),
    route("api:records_proposal_reject", "post", ("proposal",), KEEPERS | {"mehdi"},
          KEEPERS),
    route("api:directory_import", "post", allowed=STEWARDS, ok=400),  # no file
    route("api:directory_export", "get", allowed=STEWARDS,
          query="format=datainclusion-json"),
    route("api:skills_list", "get"),
    route("api:skills_search", "get", query="competence=interpretariat"),
    route("api:skill_offer_create", "post", (), SIGNED_IN, SIGNED_IN, ok=201),
    route("api:skill_offer_delete", "delete", ("offer_id",), {"mehdi"}, ok=204),
    route("api:directory_gap_map", "get", SLUG, GROUP),
]


@pytest.fixture
def world(place, gap_map, tours_group, other_group, tours_member, steward, outsider,  # noqa: F811
          member):
    skills_seed()
    fanny = user_make("fanny", group=tours_group, role="facilitator")
    people = {"camille": member, "olga": outsider, "mehdi": tours_member,
              "bea": user_make("bea", group=other_group, role="steward"),
              "stephane": steward, "fanny": fanny}
    proposal = ChangeProposal.objects.create(structure=place, via="form",
                                             changes={"structure": {"telephone": "0247000001"}},
                                             proposed_by=tours_member)
    offer = SkillOffer.objects.create(skill=Skill.objects.get(slug="garde-enfants"),
                                      group=tours_group, person=tours_member,
                                      created_by=tours_member)
    objects = {"pk": place.pk, "service": place.services.get().pk, "slug": gap_map.slug,
               "proposal": proposal.pk, "token": secret_link_create(place, user=steward),
               "offer": offer.pk, "offer_id": offer.pk}
    return people, objects


def _url(route: Route, objects: dict) -> str:
    names = {"service": "pk", "proposal": "pk", "offer": "pk"}
    if route.name.startswith("directory:import_"):
        url = reverse(route.name, kwargs={"token": "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"})
    else:
        url = reverse(route.name, kwargs={names.get(k, k): objects[k] for k in route.kwargs})
    return f"{url}?{route.query}" if route.query else url


def _body_group(person: str) -> str:
    return "blois-sante" if person in ("olga", "bea") else "tours-insertion"


def _body(route: Route, person: str) -> dict:
    group = _body_group(person)
    return {
        "api:records_structure_change": {"structure": {"telephone": "02 47 00 00 02"}},
        "api:records_structure_create": {"groupe": group, "structure": {
            "nom": "Épicerie solidaire", "code_insee": "37261"}},
        "api:skill_offer_create": {"competence": "interpretariat", "precisions": "arabe",
                                   "groupe": group},
    }.get(route.name, {})


def _request(client, route: Route, objects: dict, person: str):
    url, body = _url(route, objects), _body(route, person)
    if route.name == "api:directory_import":  # a form without its file
        return client.post(url, {"format": "mednum", "groupe": _body_group(person)})
    if route.name.startswith("api:") and route.method in ("post", "patch"):
        return getattr(client, route.method)(url, body, content_type="application/json")
    return getattr(client, route.method)(url, body)


def expected(route: Route, person: str) -> set[int]:
    if person not in route.readers:
        if person == "anonyme":
            return ANONYMOUS_REFUSALS
        return {404}
    if person not in route.allowed:
        return ANONYMOUS_REFUSALS if person == "anonyme" else {403}
    if route.name == "api:records_structure_change" and person in KEEPERS:
        return {200}  # applied directly
    if route.name == "api:skill_offer_create" and person == "camille":
        return {404}  # in no group: the group named is not hers
    return {route.ok}


def test_every_page_and_endpoint_answers_each_role_as_the_table_says(client, world):
    people, objects = world
    users = {person: people.get(person) for person in PEOPLE}
    wrong = routes_check(client, ROUTES, users,
                         lambda client, route, person: _request(client, route, objects, person),
                         expected)
    assert wrong == [], "\n".join(wrong)


def test_every_route_is_in_the_table():
    assert routes_missing("directory", directory_urls.urlpatterns, "annuaire/", ROUTES) == []
