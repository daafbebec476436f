"""Every page and API endpoint of the project's monitoring, for every role.

One table: each route, who reaches it (else 404), who may use it (else 403), and the status
each person gets. A route added to the app without a row here fails
`test_every_route_is_in_the_table`.

People (fixtures.py): anonymous visitor, `camille` (signed in, no group), `olga` (member of
the Vierzon group), `mehdi` (member of the Tours group), `fanny` (facilitator of the Tours
group), `ada` (admin, hence of the whole instance). The monitoring belongs to its group: its
members read it, its facilitators record sessions, attendance and targets; the whole
project's figures (counts only) are read by everyone signed in; the project's calendar and
targets are the instance admins'. The calendar feed needs its secret key, not an account.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from terreau.core.testing_routes import Route, expected_status, routes_check, routes_missing
from terreau.core.testing_routes import route as table_route
from terreau.monitoring import urls as monitoring_urls
from terreau.monitoring.ical import feed_token_renew
from terreau.monitoring.models import Interview, Target

from .factories import session_make

pytestmark = pytest.mark.django_db

PEOPLE = ("anonyme", "camille", "olga", "mehdi", "fanny", "ada")
EVERYONE = frozenset(PEOPLE)
SIGNED_IN = EVERYONE - {"anonyme"}
GROUP = frozenset({"mehdi", "fanny", "ada"})
MANAGERS = frozenset({"fanny", "ada"})
ADMINS = frozenset({"ada"})


def route(name, method, kwargs=("group",), readers=GROUP, allowed=None, ok=200, query=""):
    return table_route(name, method, kwargs, readers, allowed, ok, query)


SESSION, YEAR = ("group", "pk"), ("group", "year")

ROUTES = [
    route("monitoring:index", "get", (), SIGNED_IN),
    route("monitoring:dashboard", "get"),
    route("monitoring:project", "get", (), SIGNED_IN),
    route("monitoring:sessions", "get"),
    route("monitoring:session_create", "get", allowed=MANAGERS),
    route("monitoring:session_detail", "get", SESSION),
    route("monitoring:session_edit", "get", SESSION, allowed=MANAGERS),
    route("monitoring:attendance", "get", SESSION, allowed=MANAGERS),
    route("monitoring:attendance_sheet", "get", SESSION, allowed=MANAGERS),
    route("monitoring:sessions_import", "get", allowed=MANAGERS),
    # An import nobody staged: refused to members, not found for facilitators.
    route("monitoring:sessions_import_report", "get", ("group", "token"), allowed=MANAGERS,
          ok=404),
    route("monitoring:calendar_subscribe", "get"),
    route("monitoring:calendar_feed", "get", readers=EVERYONE, query="cle={feed}"),
    route("monitoring:people", "get"),  # a member sees their own presences only
    # Someone else's entry: not even shown to a member (a member erases their own).
    route("monitoring:person_erase", "get", ("group", "person"), MANAGERS),
    route("monitoring:person_erase", "get", ("group", "own_person"), MANAGERS | {"mehdi"}),
    route("monitoring:interviews", "get"),
    route("monitoring:interview_create", "get"),
    route("monitoring:interview_detail", "get", ("group", "interview")),
    route("monitoring:interview_edit", "get", ("group", "interview"), allowed=MANAGERS),
    route("monitoring:targets", "get"),
    route("monitoring:target_create", "get", allowed=MANAGERS),
    route("monitoring:target_edit", "get", ("group", "target"), allowed=MANAGERS),
    route("monitoring:project_target_create", "get", (), SIGNED_IN, ADMINS),
    route("monitoring:project_target_edit", "get", ("project_target",), SIGNED_IN, ADMINS),
    route("monitoring:report", "get", YEAR),
    route("monitoring:report_xlsx", "get", YEAR),
    route("monitoring:report_pdf", "get", YEAR),
    route("monitoring:project_report", "get", ("year",), SIGNED_IN),
    route("monitoring:project_report_xlsx", "get", ("year",), SIGNED_IN),
    route("monitoring:project_report_pdf", "get", ("year",), SIGNED_IN),
    route("monitoring:selfeval", "get", YEAR),
    route("api:monitoring_sessions_list", "get", query="annee=1"),
    route("api:monitoring_session_create", "post", allowed=MANAGERS, ok=201),
    route("api:monitoring_session_detail", "get", SESSION),
    route("api:monitoring_attendance_set", "put", SESSION, allowed=MANAGERS),
    route("api:group_targets", "get"),
    route("api:group_target_create", "post", allowed=MANAGERS, ok=201),
    route("api:project_targets", "get", (), SIGNED_IN),
    route("api:report", "get", YEAR),
    route("api:project_report", "get", ("year",), SIGNED_IN),
]

BODIES = {
    "api:monitoring_session_create": {"intitule": "Séance de printemps", "type": "formation",
                                      "date": "2025-05-12", "duree_heures": "2,5"},
    "api:monitoring_attendance_set": {"membres": [], "invites": [], "habitants": 3},
    "api:group_target_create": {"objectif": "Séances de l'année", "unite": "séances",
                                "cible": 10, "mesure": "seances", "annee": 1},
}


@pytest.fixture
def world(group, people, fanny, mehdi, olga, camille, ada):
    session = session_make(group, date(2025, 5, 1), people=[people["mehdi"]],
                           guests=[people["lea"]], inhabitants=2)
    interview = Interview.objects.create(group=group, date=date(2025, 6, 1),
                                         person_kind="habitant", interviewer=fanny,
                                         notes="Notes de l'entretien")
    target = Target.objects.create(group=group, year=1, label="Séances", unit="séances",
                                   value=Decimal(10), metric="seances")
    project_target = Target.objects.create(group=None, year=None, label="Habitants",
                                           unit="habitants", value=Decimal(100),
                                           metric="habitants")
    users = {"camille": camille, "olga": olga, "mehdi": mehdi, "fanny": fanny, "ada": ada}
    objects = {"group": group.slug, "pk": session.pk, "year": 1, "person": people["lea"].pk,
               "own_person": people["mehdi"].pk,
               "interview": interview.pk, "target": target.pk,
               "project_target": project_target.pk,
               "token": "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
               "feed": feed_token_renew(group, mehdi)}
    return users, objects


def _url(route: Route, objects: dict) -> str:
    names = dict.fromkeys(("person", "own_person", "interview", "target", "project_target"),
                          "pk")
    url = reverse(route.name, kwargs={names.get(k, k): objects[k] for k in route.kwargs})
    return f"{url}?{route.query.format(**objects)}" if route.query else url


def test_every_route_is_in_the_table():
    assert routes_missing("monitoring", monitoring_urls.urlpatterns, "suivi/", ROUTES) == []


def test_each_person_gets_what_the_table_says(client, world):
    users, objects = world
    people = {"anonyme": None, **users}

    def request(client, route, person):
        url = _url(route, objects)
        if route.method == "get":
            return client.get(url)
        return getattr(client, route.method)(url, BODIES.get(route.name, {}),
                                             content_type="application/json")

    assert routes_check(client, ROUTES, people, request, expected_status) == []
