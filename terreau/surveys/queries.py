"""Who may do what with a group's questionnaires, campaigns and answers.

- Members of the group read its questionnaires and campaigns, and collect when they are
  among a campaign's collectors.
- Facilitators (role with `surveys.manage_surveys`) and admins of the group design
  questionnaires and run campaigns.
- Answers are personal data (sensitivity "group"): only the group's facilitators, stewards
  and admins read them, export them and see the collection's follow-up; every export is
  written to the audit log. Instance administrators see every group's, as for group pages.
A questionnaire or campaign of another group is a 404; a page one may read but not use, 403.
"""

from django.db.models import QuerySet

from terreau.accounts.models import TerritorialGroup
from terreau.accounts.queries import membership_role
from terreau.accounts.roles import Role

from .models import Campaign, Questionnaire

DESIGNER_ROLES = (Role.FACILITATOR, Role.ADMIN)
ANSWER_READER_ROLES = (Role.FACILITATOR, Role.STEWARD, Role.ADMIN)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def _administers(user) -> bool:
    return _signed_in(user) and (user.is_superuser
                                 or user.has_perm("accounts.administer_instance"))


def questionnaire_list_visible(user) -> QuerySet[Questionnaire]:
    """The questionnaires of the user's groups (every group's for instance admins)."""
    questionnaires = Questionnaire.objects.select_related("group")
    if _administers(user):
        return questionnaires
    if not _signed_in(user):
        return questionnaires.none()
    return questionnaires.filter(group__memberships__user=user).distinct()


def questionnaire_get_visible(*, slug: str, user) -> Questionnaire | None:
    return questionnaire_list_visible(user).filter(slug=slug).first()


def can_design(user, group_id: int) -> bool:
    """Design questionnaires and run campaigns in the group."""
    return _signed_in(user) and (user.is_superuser
                                 or membership_role(user, group_id) in DESIGNER_ROLES)


def groups_designed_by(user) -> QuerySet[TerritorialGroup]:
    """The groups whose questionnaires and campaigns the user designs (all for superusers)."""
    groups = TerritorialGroup.objects.order_by("name")
    if not _signed_in(user):
        return groups.none()
    if user.is_superuser:
        return groups
    return groups.filter(memberships__user=user,
                         memberships__role__in=DESIGNER_ROLES).distinct()


def can_read_answers(user, group_id: int) -> bool:
    """Read, export and follow the answers of the group's questionnaires."""
    return _signed_in(user) and (user.is_superuser
                                 or membership_role(user, group_id) in ANSWER_READER_ROLES)


def campaign_list_visible(user) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.select_related("questionnaire", "questionnaire__group")
    if _administers(user):
        return campaigns
    if not _signed_in(user):
        return campaigns.none()
    return campaigns.filter(questionnaire__group__memberships__user=user).distinct()


def campaign_get_visible(*, slug: str, user) -> Campaign | None:
    return campaign_list_visible(user).filter(slug=slug).first()


def can_collect(user, campaign: Campaign) -> bool:
    """Collect answers in the campaign's name: its collectors and its group's designers."""
    if not _signed_in(user):
        return False
    if can_design(user, campaign.questionnaire.group_id):
        return True
    return campaign.collectors.filter(pk=user.pk).exists()
