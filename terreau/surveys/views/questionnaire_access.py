"""The questionnaire a page is about, or the refusal: 404 when the user is not a member of
its group (its existence is not revealed), 403 when they read it but may not design it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ..models import Questionnaire
from ..queries import can_design, questionnaire_get_visible

NOT_FOUND = "Questionnaire introuvable."
NOT_DESIGNER = "Seule l'animation du groupe modifie ce questionnaire."


def readable(request, slug: str) -> Questionnaire:
    questionnaire = questionnaire_get_visible(slug=slug, user=request.user)
    if questionnaire is None:
        raise Http404(NOT_FOUND)
    return questionnaire


def designable(request, slug: str, refusal: str = NOT_DESIGNER) -> Questionnaire:
    questionnaire = readable(request, slug)
    if not can_design(request.user, questionnaire.group_id):
        raise PermissionDenied(refusal)
    return questionnaire
