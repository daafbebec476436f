"""Every page and API endpoint of the analysis app, for every role.

One table: each route, who reaches it (else 404: an analysis, a questionnaire's tables or its
open answers do not exist for other groups), who may use it (else 403), and the status each
person gets. A route added to the app without a row here fails `test_every_route_is_in_the_table`.

People: anonymous visitor, `camille` (signed in, no group), `olga` (member of another group),
`mehdi` (member of the questionnaire's group), `colette` (member, a collector of the
campaign), `stephane` (data steward of the group), `fanny` (facilitator of the group).
Members read tabulations and saved analyses; stewards and facilitators (those who read the
answers) analyse, code open answers and publish.
"""

import pytest
from django.urls import reverse

from terreau.analysis import urls as analysis_urls
from terreau.analysis.coding import code_create
from terreau.analysis.services import analysis_create, run_execute, run_start
from terreau.core.testing_routes import Route, route, routes_check, routes_missing

from . import analyses_setup as setup
from .analyses_setup import PARAMETERS, answers_generate

pytestmark = pytest.mark.django_db
campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator

PEOPLE = ("anonyme", "camille", "olga", "mehdi", "colette", "stephane", "fanny")
GROUP = frozenset({"mehdi", "colette", "stephane", "fanny"})
ANALYSTS = frozenset({"stephane", "fanny"})
EVERYONE = frozenset(PEOPLE)
ANONYMOUS_REFUSALS = {302, 401, 403, 404}


Q, QQ, CODE = ("questionnaire",), ("questionnaire", "question"), ("questionnaire", "question",
                                                                 "pk")
A, RUN, PROFILE = ("slug",), ("slug", "number"), ("slug", "number", "profile")
SIGNED_IN = EVERYONE - {"anonyme"}

ROUTES = [
    route("analysis:index", "get", (), SIGNED_IN),
    route("analysis:tabulations", "get", Q, GROUP, query="question=logement&croise=voiture"),
    route("analysis:tabulations", "get", Q, GROUP, ANALYSTS,
          query="question=logement&enqueteur={collector}"),
    route("analysis:tabulations", "get", Q, GROUP, query="question=logement&format=csv"),
    route("analysis:coding", "get", Q, GROUP, ANALYSTS),
    route("analysis:coding_question", "get", QQ, GROUP, ANALYSTS),
    route("analysis:coding_code_new", "post", QQ, GROUP, ANALYSTS, ok=302),
    route("analysis:coding_code_edit", "get", CODE, GROUP, ANALYSTS),
    route("analysis:coding_code_delete", "get", CODE, GROUP, ANALYSTS),
    route("analysis:coding_answers_save", "post", QQ, GROUP, ANALYSTS, ok=302),
    route("analysis:coding_answers_bulk", "post", QQ, GROUP, ANALYSTS, ok=302),
    route("analysis:profile_map", "get", A, GROUP),
    route("analysis:profile_map_publish", "post", A, GROUP, ANALYSTS, ok=302),
    route("analysis:create", "get", (), SIGNED_IN, ok=302),  # pick a questionnaire first
    route("analysis:create", "get", (), GROUP, ANALYSTS, query="questionnaire={q}"),
    route("analysis:analysis", "get", A, GROUP),
    route("analysis:edit", "get", A, GROUP, ANALYSTS),
    route("analysis:delete", "get", A, GROUP, ANALYSTS),
    route("analysis:delete", "post", A, GROUP, ANALYSTS, ok=302),
    route("analysis:run_create", "post", A, GROUP, ANALYSTS, ok=302),
    route("analysis:run", "get", RUN, GROUP),
    route("analysis:run_state", "get", RUN, GROUP),
    route("analysis:profile_name", "post", PROFILE, GROUP, ANALYSTS, ok=302),
    route("api:analysis_tabulation", "get", Q, GROUP, query="question=logement"),
    route("api:coding_question", "get", QQ, GROUP, ANALYSTS),
    route("api:coding_code_create", "post", QQ, GROUP, ANALYSTS, ok=201),
    route("api:coding_assign", "post", QQ, GROUP, ANALYSTS),
    route("api:analysis_profile_zones", "get", A, GROUP),
    route("api:analysis_profile_publication", "post", A, GROUP, ANALYSTS, ok=201),
    route("api:analyses_list", "get", (), SIGNED_IN),
    route("api:analysis_detail", "get", A, GROUP),
    route("api:analysis_run_create", "post", A, GROUP, ANALYSTS, ok=202),
    route("api:analysis_run", "get", RUN, GROUP),
    route("api:analysis_profile_name", "post", PROFILE, GROUP, ANALYSTS),
]


@pytest.fixture
def world(campaign, collector, facilitator, tours_group, tours_member, steward, outsider,
          member):
    answers = answers_generate(campaign, 40)
    answers[0].answers["autre_besoin"] = "Une crèche le soir"  # an open answer to code
    answers[0].collector = collector  # a collector to filter on
    answers[0].save()
    questionnaire = campaign.questionnaire
    analysis = analysis_create(questionnaire=questionnaire, title="Profils",
                               parameters=PARAMETERS, user=facilitator, campaign=campaign)
    run = run_execute(run_start(analysis=analysis, user=facilitator))
    code = code_create(questionnaire=questionnaire, question="autre_besoin",
                       label="Garde d'enfants", user=facilitator)
    people = {"camille": member, "olga": outsider, "mehdi": tours_member,
              "colette": collector, "stephane": steward, "fanny": facilitator}
    objects = {"questionnaire": questionnaire.slug, "question": "autre_besoin",
               "pk": code.pk, "slug": analysis.slug, "number": run.number, "profile": 1,
               "code_id": code.pk, "answer": answers[0].pk, "collector": collector.pk}
    return people, objects


def _url(route: Route, objects: dict) -> str:
    names = {"questionnaire": "slug"}
    url = reverse(route.name, kwargs={names.get(k, k): objects[k] for k in route.kwargs})
    query = route.query.format(q=objects["questionnaire"], collector=objects["collector"])
    return f"{url}?{query}" if query else url


def _body(route: Route, objects: dict) -> dict:
    """A valid body: what an allowed person sends to get `ok`."""
    return {
        "analysis:coding_code_new": {"label": "Transport le soir"},
        "analysis:coding_answers_save": {"reponse": [objects["answer"]],
                                         f"codes-{objects['answer']}": [objects["code_id"]]},
        "analysis:coding_answers_bulk": {"code": objects["code_id"], "action": "ajouter",
                                         "reponse": [objects["answer"]]},
        "analysis:profile_map_publish": {"sensitivity": "group"},
        "analysis:profile_name": {"name": "Familles"},
        "api:coding_code_create": {"libelle": "Transport le soir"},
        "api:coding_assign": {"code": objects["code_id"], "reponses": [objects["answer"]]},
        "api:analysis_profile_publication": {"sensibilite": "group"},
        "api:analysis_profile_name": {"nom": "Familles"},
    }.get(route.name, {})


def _request(client, route: Route, objects: dict):
    url, body = _url(route, objects), _body(route, objects)
    if route.name.startswith("api:") and route.method != "get":
        return client.post(url, body, content_type="application/json")
    return getattr(client, route.method)(url, body)


def expected(route: Route, person: str) -> set[int]:
    if person == "anonyme":
        return ANONYMOUS_REFUSALS
    if person not in route.readers:
        return {404} if route.readers != SIGNED_IN else {403}
    if person not in route.allowed:
        return {403}
    return {route.ok}


def test_every_page_and_endpoint_answers_each_role_as_the_table_says(client, world):
    people, objects = world
    users = {person: people.get(person) for person in PEOPLE}
    wrong = routes_check(client, ROUTES, users,
                         lambda client, route, person: _request(client, route, objects),
                         expected)
    assert wrong == [], "\n".join(wrong)


def test_every_route_is_in_the_table():
    assert routes_missing("analysis", analysis_urls.urlpatterns, "analyses/", ROUTES) == []
