"""Every page and API endpoint of the actions, for every role.

One table: each route, who reaches it (else 404), who may use it (else 403), and the status
each person gets. A route added to the app without a row here fails
`test_every_route_is_in_the_table`.

People (monitoring/tests/fixtures.py): anonymous visitor, `camille` (signed in, no group),
`olga` (member of the Vierzon group), `mehdi` (member of the Tours group), `fanny`
(facilitator of the Tours group), `ada` (admin, hence of the whole instance). The action
below is the Tours group's, not shared, planned by Fanny: its group reads it, Fanny and the
admins change it and evaluate it (Mehdi would too, as its author or one of its members). Any
member of a group plans an action; the list, the map and the register of levers and
obstacles are everyone's (each showing what the person may read).
"""

import datetime

import pytest
from django.urls import reverse

from terreau.actions import urls as actions_urls
from terreau.actions.choices import Decision
from terreau.actions.evaluation import round_save
from terreau.actions.plans import action_create, task_add
from terreau.core.testing_routes import expected_status, routes_check, routes_missing
from terreau.core.testing_routes import route as table_route

pytestmark = pytest.mark.django_db

PEOPLE = ("anonyme", "camille", "olga", "mehdi", "fanny", "ada")
SIGNED_IN = frozenset(PEOPLE) - {"anonyme"}
GROUP = frozenset({"mehdi", "fanny", "ada"})
EDITORS = frozenset({"fanny", "ada"})
IN_A_GROUP = SIGNED_IN - {"camille"}


def route(name, method, kwargs=("slug",), readers=GROUP, allowed=None, ok=200, query=""):
    return table_route(name, method, kwargs, readers, allowed, ok, query)


ROUND, TASK = ("slug", "number"), ("slug", "pk")

ROUTES = [
    route("actions:list", "get", (), SIGNED_IN),
    route("actions:map_data", "get", (), SIGNED_IN),
    route("actions:create", "get", (), SIGNED_IN, IN_A_GROUP),
    route("actions:detail", "get"),
    route("actions:edit", "get", allowed=EDITORS),
    route("actions:tasks", "post", allowed=EDITORS, ok=302),
    route("actions:task", "post", TASK, allowed=EDITORS, ok=302),
    route("actions:register", "get", (), SIGNED_IN),
    route("actions:round_create", "get", allowed=EDITORS),
    route("actions:round_detail", "get", ROUND),
    route("actions:round_edit", "get", ROUND, allowed=EDITORS),
    route("actions:round_conclude", "post", ROUND, allowed=EDITORS, ok=302),
    route("api:actions_list", "get", (), SIGNED_IN),
    route("api:action_create", "post", (), SIGNED_IN, {"mehdi", "fanny", "ada"}, ok=201),
    route("api:action_detail", "get"),
    route("api:action_update", "patch", allowed=EDITORS),
    route("api:action_task_create", "post", allowed=EDITORS, ok=201),
    route("api:actions_register", "get", (), SIGNED_IN),
    route("api:actions_rounds", "get"),
    route("api:actions_round_create", "post", allowed=EDITORS, ok=201),
    route("api:actions_round_conclude", "post", ROUND, allowed=EDITORS),
]

BODIES = {
    "actions:tasks": {"title": "Réserver la salle", "due_on": "2026-02-01"},
    "actions:task": {"operation": "faite"},
    "api:action_create": {"titre": "Café des parents", "groupe": "tours-insertion"},
    "api:action_update": {"etat": "en_cours"},
    "api:action_task_create": {"quoi": "Imprimer les affiches"},
    "api:actions_round_create": {"date": "2026-03-01", "ce_qui_s_est_passe": "Deux séances."},
}


@pytest.fixture
def world(group, fanny, mehdi, olga, camille, ada):
    action = action_create(group=group, by=fanny, title="Permanence de la Mission locale",
                           shared=False, starts_on=datetime.date(2026, 1, 10))
    task = task_add(action=action, by=fanny, title="Prévenir le CCAS")
    round_save(action=action, by=fanny, fields={
        "held_on": datetime.date(2026, 3, 12), "what_happened": "Dix permanences tenues.",
        "decision": Decision.CONTINUE, "decision_note": "Les jeunes viennent."})
    users = {"camille": camille, "olga": olga, "mehdi": mehdi, "fanny": fanny, "ada": ada}
    return users, {"slug": action.slug, "pk": task.pk, "number": 1}


def test_every_route_is_in_the_table():
    assert routes_missing("actions", actions_urls.urlpatterns, "actions/", ROUTES) == []


def test_each_person_gets_what_the_table_says(client, world):
    users, objects = world
    people = {"anonyme": None, **users}

    def request(client, route, person):
        url = reverse(route.name, kwargs={k: objects[k] for k in route.kwargs})
        body = BODIES.get(route.name, {})
        if route.method == "get":
            return client.get(url)
        if route.name.startswith("api:"):
            return getattr(client, route.method)(url, body, content_type="application/json")
        return client.post(url, body)

    assert routes_check(client, ROUTES, people, request, expected_status) == []
