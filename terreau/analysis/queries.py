"""Who may do what with the analyses of a group's survey answers.

- Members of the questionnaire's group read its tabulations and saved analyses: they are
  aggregates, and the group sees its own figures in full.
- The group's facilitators, stewards and admins (those who read the answers, see
  surveys.queries.can_read_answers) create, run, rename and delete analyses, name the
  profiles, code the open answers (they read free text: personal data), filter by collector
  and publish the profiles to the atlas.
- Anyone else: 404 (an analysis's existence is not revealed outside its group).
Outside the group, only the published profile counts per zone reach the atlas, with zones
under the disclosure threshold hidden (publish.py).
"""

from django.db.models import QuerySet

from terreau.surveys.models import Questionnaire
from terreau.surveys.queries import can_read_answers, questionnaire_list_visible

from .models import Analysis


def can_analyse(user, group_id: int) -> bool:
    """Create and run analyses, name profiles, code open answers of the group's surveys."""
    return can_read_answers(user, group_id)


def analysable_questionnaires(user) -> QuerySet[Questionnaire]:
    """The questionnaires whose answers the user may analyse (create analyses, code answers)."""
    return Questionnaire.objects.filter(
        pk__in=[q.pk for q in questionnaire_list_visible(user) if can_analyse(user, q.group_id)]
    ).select_related("group").order_by("title")


def analysis_list_visible(user) -> QuerySet[Analysis]:
    """The saved analyses of the questionnaires the user can read (their groups')."""
    return Analysis.objects.filter(
        questionnaire__in=questionnaire_list_visible(user)
    ).select_related("questionnaire", "questionnaire__group", "campaign")


def analysis_get_visible(*, slug: str, user) -> Analysis | None:
    return analysis_list_visible(user).filter(slug=slug).first()
