"""The scenario a page is about, or the refusal: 404 when the user may not read it (its
existence is not revealed), 403 when they read it but may not change it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ..models import Scenario
from ..queries import scenario_can_edit, scenario_get_visible

NOT_FOUND = "Scénario introuvable."
NOT_EDITOR = "Seuls son auteur·rice et l'animation du groupe modifient ce scénario."


def readable(request, slug: str) -> Scenario:
    scenario = scenario_get_visible(slug=slug, user=request.user)
    if scenario is None:
        raise Http404(NOT_FOUND)
    return scenario


def editable(request, slug: str, refusal: str = NOT_EDITOR) -> Scenario:
    scenario = readable(request, slug)
    if not scenario_can_edit(request.user, scenario):
        raise PermissionDenied(refusal)
    return scenario
