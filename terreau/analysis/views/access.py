"""The saved analysis a page is about, or the refusal: 404 when the user is not a member of
its questionnaire's group (its existence is not revealed), 403 when they read it but may not
act on it (run, name, publish: the answer readers only, queries.can_analyse)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ..models import Analysis
from ..queries import analysis_get_visible, can_analyse

NOT_FOUND = "Analyse introuvable."
NOT_ANALYST = ("Seules l'animation et les personnes qui lisent les réponses du groupe "
               "créent, lancent et modifient les analyses.")


def readable(request, slug: str) -> Analysis:
    analysis = analysis_get_visible(slug=slug, user=request.user)
    if analysis is None:
        raise Http404(NOT_FOUND)
    return analysis


def analysable(request, slug: str, refusal: str = NOT_ANALYST) -> Analysis:
    analysis = readable(request, slug)
    if not can_analyse(request.user, analysis.group_id):
        raise PermissionDenied(refusal)
    return analysis
