"""Every page and API endpoint of the scenarios app, for every role and two visibilities.

One table: each route, who may use it (a rule of queries.py), and the status each person gets.
A route added to the app without a row here fails `test_every_route_is_in_the_table`.

People: anonymous visitor, `camille` (signed in, no group), `olga` (member of another group),
`leo` (member of the scenario's group), `mehdi` (its author, a member), `fanny` (facilitator
of the group). The refusals: a scenario one may not read is a 404 (its existence is not
revealed); one may read but not change is a 403; anonymous visitors are sent to sign in (302)
or get 401 from the API, unless the scenario is public.
"""

import pytest
from django.urls import reverse

from terreau.core.testing_routes import Route, route, routes_check, routes_missing
from terreau.indicators.tests.factories import user_make
from terreau.scenarios import urls as scenario_urls
from terreau.scenarios.choices import Visibility
from terreau.scenarios.discussion import comment_add
from terreau.scenarios.hypotheses import hypothesis_add
from terreau.scenarios.meetings import meeting_start
from terreau.scenarios.models import Notification
from terreau.scenarios.services import scenario_create, step_add

pytestmark = pytest.mark.django_db

PEOPLE = ("anonyme", "camille", "olga", "leo", "mehdi", "fanny")
GROUP = {"leo", "mehdi", "fanny"}  # members of the scenario's group
EDITORS = {"mehdi", "fanny"}  # its author and the group's facilitator
SIGNED_IN_WITH_GROUP = {"olga", "leo", "mehdi", "fanny"}
EVERYONE = set(PEOPLE)
ANONYMOUS_REFUSALS = {302, 401, 403, 404}


S, STEP, HYP, COMMENT = ("slug",), ("slug", "step_id"), ("slug", "pk"), ("slug", "pk")

# Routes on the group scenario ("Mon groupe"): the main table.
GROUP_ROUTES = [
    route("scenarios:list", "get", (), EVERYONE),
    route("scenarios:create", "get", (), SIGNED_IN_WITH_GROUP - {"anonyme"} | {"camille"},
          SIGNED_IN_WITH_GROUP),
    route("scenarios:add_view", "get", (), SIGNED_IN_WITH_GROUP | {"camille"},
          SIGNED_IN_WITH_GROUP, query="page=carte&vue=indicateur%3D{chomage}%26dans%3D37"),
    route("scenarios:detail", "get", S, GROUP),
    route("scenarios:edit", "get", S, GROUP, EDITORS),
    route("scenarios:edit", "post", S, GROUP, EDITORS, ok=302),
    route("scenarios:delete", "get", S, GROUP, EDITORS),
    route("scenarios:step_edit", "get", STEP, GROUP, EDITORS),
    route("scenarios:step_move", "post", STEP, GROUP, EDITORS, ok=302),
    route("scenarios:step_delete", "get", STEP, GROUP, EDITORS),
    route("scenarios:hypothesis_add", "get", S, GROUP),
    route("scenarios:hypothesis_edit", "get", ("slug", "hypothesis"), GROUP, EDITORS),
    route("scenarios:hypothesis_status", "get", ("slug", "hypothesis"), GROUP),
    route("scenarios:hypothesis_delete", "get", ("slug", "hypothesis"), GROUP, EDITORS),
    route("scenarios:comment_add", "post", S, GROUP, ok=302),
    route("scenarios:comment_edit", "get", ("slug", "comment"), GROUP, {"mehdi"}),
    route("scenarios:comment_delete", "get", ("slug", "comment"), GROUP, EDITORS),
    route("scenarios:export_html", "get", S, GROUP),
    route("scenarios:export_pdf", "get", S, GROUP),
    route("scenarios:copy", "get", S, GROUP),
    route("scenarios:meeting_start", "post", S, GROUP, EDITORS, ok=302),
    route("scenarios:meeting_screen", "get", ("slug", "meeting"), GROUP, EDITORS),
    route("scenarios:meeting_results", "get", ("slug", "meeting"), GROUP),
    route("scenarios:meeting_end", "post", ("slug", "meeting"), GROUP, EDITORS, ok=302),
    route("scenarios:meeting_join", "get", (), EVERYONE),
    route("scenarios:meeting_follow", "get", ("code",), EVERYONE, ok=302),  # no token: join
    route("scenarios:notifications", "get", (), EVERYONE - {"anonyme"}),
    route("scenarios:notification_open", "get", ("notification",), {"mehdi"}, ok=302),
    route("scenarios:group_activity", "get", ("group",), GROUP),
    route("api:scenario_list", "get", (), EVERYONE),
    route("api:scenario_create", "post", (), SIGNED_IN_WITH_GROUP | {"camille"},
          SIGNED_IN_WITH_GROUP, ok=201),
    route("api:scenario_detail", "get", S, GROUP),
    route("api:scenario_step_add", "post", S, GROUP, EDITORS, ok=201),
    route("api:scenario_step_update", "put", STEP, GROUP, EDITORS),
    route("api:scenario_step_delete", "delete", STEP, GROUP, EDITORS, ok=204),
    route("api:scenario_steps_order", "post", S, GROUP, EDITORS),
    route("api:scenario_step_map", "get", STEP, GROUP),
    route("api:scenario_comments", "get", S, GROUP),
    route("api:scenario_comment_add", "post", S, GROUP, ok=201),
    route("api:scenario_comment_update", "patch", ("slug", "comment_id"), GROUP, {"mehdi"}),
    route("api:scenario_comment_delete", "delete", ("slug", "comment_id"), GROUP, EDITORS,
          ok=204),
    route("api:scenario_hypothesis_add", "post", S, GROUP, ok=201),
    route("api:scenario_hypothesis_status", "post", ("slug", "hypothesis_id"), GROUP),
    route("api:notifications_list", "get", (), EVERYONE - {"anonyme"}),
    route("api:scenario_copy", "post", S, GROUP, ok=201),
    route("api:meeting_state", "get", ("code",), set(), set()),  # a participant's token only
    route("api:meeting_vote", "post", ("code",), set(), set()),
    route("api:meeting_comment", "post", ("code",), set(), set()),
    route("api:meeting_step", "post", ("slug", "pk_meeting"), GROUP, EDITORS),
    route("api:meeting_tally", "get", ("slug", "pk_meeting"), GROUP, EDITORS),
]

# Routes read on a public scenario (open data only): anonymous visitors read it too.
PUBLIC_ROUTES = [
    route("scenarios:detail", "get", S, EVERYONE),
    route("scenarios:export_html", "get", S, EVERYONE),
    route("api:scenario_detail", "get", S, EVERYONE),
    route("api:scenario_step_map", "get", STEP, EVERYONE),
    route("scenarios:edit", "get", S, EVERYONE, EDITORS),
    route("scenarios:copy", "get", S, EVERYONE, SIGNED_IN_WITH_GROUP),
    route("scenarios:hypothesis_add", "get", S, EVERYONE, GROUP),
]


@pytest.fixture
def world(tours_group, other_group, tours_member, outsider, member, chomage):
    """The people and a group scenario with a step, a hypothesis, a comment, an open meeting."""
    people = {"camille": member, "olga": outsider, "mehdi": tours_member,
              "leo": user_make("leo", group=tours_group, role="member"),
              "fanny": user_make("fanny", group=tours_group, role="facilitator")}
    scenarios = {}
    for visibility in (Visibility.GROUP, Visibility.PUBLIC):
        scenario = scenario_create(title=f"Chômage ({visibility})", group=tours_group,
                                   author=tours_member, visibility=visibility)
        step = step_add(scenario=scenario, kind="carte", user=tours_member, title="Chômage",
                        query=f"indicateur={chomage.slug}&niveau=commune&dans=37")
        hypothesis = hypothesis_add(scenario=scenario, statement="Le chômage est plus haut "
                                    "à Tours.", by=tours_member, step_ids=[step.pk])
        comment = comment_add(scenario=scenario, step=step, author=tours_member,
                              body="Une première remarque.")
        meeting = meeting_start(scenario=scenario, user=people["fanny"])
        scenarios[visibility] = {"slug": scenario.slug, "step_id": step.pk,
                                 "hypothesis": hypothesis.pk, "hypothesis_id": hypothesis.pk,
                                 "comment": comment.pk, "comment_id": comment.pk,
                                 "meeting": meeting.pk, "pk_meeting": meeting.pk,
                                 "code": meeting.code, "group": tours_group.slug,
                                 "notification": Notification.objects.create(
                                     recipient=tours_member, kind="mention",
                                     scenario=scenario, text="x", url="/").pk}
    return people, scenarios, chomage


def _kwargs(route: Route, objects: dict) -> dict:
    names = {"hypothesis": "pk", "comment": "pk", "meeting": "pk", "notification": "pk",
             "group": "group_slug", "pk_meeting": "pk"}
    return {names.get(name, name): objects[name] for name in route.kwargs}


def _body(route: Route, objects: dict, chomage) -> dict:
    """A valid body: what an allowed person sends to get `ok`."""
    vue = f"indicateur={chomage.slug}&niveau=commune&dans=37"
    bodies = {
        "scenarios:edit": {"title": "Nouveau titre", "question": "", "visibility": "group"},
        "scenarios:step_move": {"position": "1"},
        "scenarios:comment_add": {"body": "Bien vu.", "step": objects["step_id"]},
        "api:scenario_create": {"titre": "Par l'API"},  # in the first of one's groups
        "api:scenario_step_add": {"page": "carte", "vue": vue, "titre": "Encore"},
        "api:scenario_step_update": {"titre": "Renommée", "recit": "Texte"},
        "api:scenario_steps_order": {"ids": [objects["step_id"]]},
        "api:scenario_comment_add": {"texte": "Par l'API", "etape": objects["step_id"]},
        "api:scenario_comment_update": {"texte": "Corrigé"},
        "api:scenario_hypothesis_add": {"enonce": "Une autre hypothèse."},
        "api:scenario_hypothesis_status": {"statut": "confirmee", "raison": "Vu."},
        "api:scenario_copy": {"groupe": "", "dans": "37"},
        "api:meeting_vote": {"hypothese": objects["hypothesis"], "choix": "pour"},
        "api:meeting_comment": {"texte": "Dans la salle."},
        "api:meeting_step": {"position": 1},
    }
    return bodies.get(route.name, {})


def _request(client, route: Route, objects: dict, chomage, person: str):
    url = reverse(route.name, kwargs=_kwargs(route, objects))
    if route.query:
        url += "?" + route.query.format(chomage=chomage.slug)
    body = _body(route, objects, chomage)
    if route.name == "api:scenario_copy" and person in SIGNED_IN_WITH_GROUP:
        body = {**body, "groupe": "blois-sante" if person == "olga" else "tours-insertion"}
    if route.name.startswith("api:") and route.method != "get":
        return getattr(client, route.method)(url, body, content_type="application/json")
    return getattr(client, route.method)(url, body)


def expected(route: Route, person: str) -> set[int]:
    if person == "anonyme" and person not in route.readers:
        return ANONYMOUS_REFUSALS
    if person not in route.readers:
        return {404} if route.readers else {401, 403}
    if person not in route.allowed:
        return {302, 401} if person == "anonyme" else {403}
    return {route.ok}


def _check(client, people, routes, objects, chomage) -> list[str]:
    users = {person: people.get(person) for person in PEOPLE}
    return routes_check(
        client, routes, users,
        lambda client, route, person: _request(client, route, objects, chomage, person),
        expected)


def test_every_page_and_endpoint_answers_each_role_as_the_table_says(client, world):
    people, scenarios, chomage = world
    wrong = _check(client, people, GROUP_ROUTES, scenarios[Visibility.GROUP], chomage)
    wrong += _check(client, people, PUBLIC_ROUTES, scenarios[Visibility.PUBLIC], chomage)
    assert wrong == [], "\n".join(wrong)


def test_every_route_is_in_the_table():
    assert routes_missing("scenarios", scenario_urls.urlpatterns, "scenarios/",
                          GROUP_ROUTES) == []
