"""The scenario an API call is about, or the refusal (as views/access.py, with ninja's
HttpError): 404 when the client may not read it, 403 when they may not change it."""

from django.http import HttpRequest
from ninja.errors import HttpError

from .models import Scenario
from .queries import scenario_can_edit, scenario_get_visible
from .views.access import NOT_EDITOR, NOT_FOUND


def readable(request: HttpRequest, slug: str) -> Scenario:
    scenario = scenario_get_visible(slug=slug, user=request.user)
    if scenario is None:
        raise HttpError(404, NOT_FOUND)
    return scenario


def editable(request: HttpRequest, slug: str, refusal: str = NOT_EDITOR) -> Scenario:
    scenario = readable(request, slug)
    if not scenario_can_edit(request.user, scenario):
        raise HttpError(403, refusal)
    return scenario
