"""Tables of routes × people for the permission tests of each app (test_permissions.py).

A table lists every page and API endpoint of an app, who reaches it (the others get 404: its
existence is not revealed) and who may use it (the others, who read it, get 403). Each app
says how to build a request and what a person should get; this module walks the table and
checks that no route of the app is missing from it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class Route:
    name: str  # "analysis:analysis" or "api:analysis_detail"
    method: str
    kwargs: tuple[str, ...]  # names of the objects the URL needs
    readers: frozenset  # who reaches it (else 404)
    allowed: frozenset  # who may do it (readers not allowed: 403)
    ok: int = 200
    query: str = ""


def route(name, method, kwargs=(), readers=frozenset(), allowed=None, ok=200, query=""):
    allowed = readers if allowed is None else allowed
    return Route(name, method, tuple(kwargs), frozenset(readers), frozenset(allowed), ok, query)


def routes_check(client, routes: list[Route], people: dict, request: Callable,
                 expected: Callable) -> list[str]:
    """Each route for each person (None: anonymous), every request's changes undone; the
    lines of what answered otherwise than `expected(route, person)` says."""
    wrong = []
    for route_ in routes:
        for person, user in people.items():
            client.logout()
            if user is not None:
                client.force_login(user)
            with transaction.atomic():
                response = request(client, route_, person)
                transaction.set_rollback(True)
            if response.status_code not in expected(route_, person):
                wrong.append(f"{route_.method.upper()} {route_.name}?{route_.query} as "
                             f"{person}: {response.status_code}, expected "
                             f"{sorted(expected(route_, person))}")
    return wrong


def routes_missing(app_label: str, urlpatterns, api_prefix: str, routes: list[Route]) -> list:
    """The pages of the app and the API endpoints under `api_prefix` with no row in `routes`."""
    from terreau.api import api

    pages = {f"{app_label}:{p.name}" for p in urlpatterns}
    endpoints = {f"api:{p.name}" for p in api.urls[0] if str(p.pattern).startswith(api_prefix)}
    return sorted((pages | endpoints) - {r.name for r in routes})


ANONYMOUS_REFUSALS = frozenset({302, 401, 403, 404})


def expected_status(route_: Route, person: str) -> set[int]:
    """The usual rule: a stranger gets 404, a reader not allowed 403, the anonymous visitor
    (`"anonyme"`) any refusal (the sign-in page, 401 from the API…) unless the route is
    open to everyone."""
    if person == "anonyme" and person not in route_.readers:
        return set(ANONYMOUS_REFUSALS)
    if person not in route_.readers:
        return {404}
    return {route_.ok} if person in route_.allowed else {403}
