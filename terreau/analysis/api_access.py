"""The saved analysis an API endpoint is about, or the refusal, as the pages do
(views/access.py): 404 outside the questionnaire's group, 403 for a member who may not act."""

from django.http import HttpRequest
from ninja.errors import HttpError

from .models import Analysis
from .queries import analysis_get_visible, can_analyse
from .views.access import NOT_ANALYST, NOT_FOUND


def readable(request: HttpRequest, slug: str) -> Analysis:
    analysis = analysis_get_visible(slug=slug, user=request.user)
    if analysis is None:
        raise HttpError(404, NOT_FOUND)
    return analysis


def analysable(request: HttpRequest, slug: str, refusal: str = NOT_ANALYST) -> Analysis:
    analysis = readable(request, slug)
    if not can_analyse(request.user, analysis.group_id):
        raise HttpError(403, refusal)
    return analysis
