"""Who may do what with actions, and the lists the pages and the API read.

- The members of a group read its actions; an action marked `shared` is read by every
  signed-in person of the instance (the map of actions on the territory), without the list
  of its members. Instance admins read every action.
- Any member of a group plans an action for it. The action's author, its members and the
  group's facilitators and admins change it, its tasks and its evaluation rounds.
- Concluding a round changes the status of the hypotheses it gives a verdict on: the person
  must also be allowed to change those hypotheses in their scenario.
"""

from django.db.models import Q, QuerySet

from terreau.accounts.models import TerritorialGroup
from terreau.accounts.queries import administers, membership_role
from terreau.accounts.roles import Role
from terreau.scenarios.hypotheses import hypothesis_can_change
from terreau.scenarios.models import Hypothesis

from .models import Action

MANAGER_ROLES = (Role.FACILITATOR, Role.ADMIN)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def action_list_visible(user) -> QuerySet[Action]:
    """The actions a person reads: their groups' and the shared ones of other groups."""
    actions = Action.objects.select_related("group")
    if administers(user):
        return actions
    if not _signed_in(user):
        return actions.none()
    return actions.filter(Q(group__memberships__user=user) | Q(shared=True)).distinct()


def action_can_read(user, action: Action) -> bool:
    return (administers(user) or action.shared and _signed_in(user)
            or membership_role(user, action.group_id) is not None)


def action_is_own_group(user, action: Action) -> bool:
    """Members of the action's group (and admins) see its members and its tasks."""
    return administers(user) or membership_role(user, action.group_id) is not None


def action_get_readable(user, slug: str) -> Action | None:
    action = Action.objects.select_related("group").filter(slug=slug).first()
    return action if action is not None and action_can_read(user, action) else None


def action_can_create(user, group: TerritorialGroup) -> bool:
    return administers(user) or membership_role(user, group.pk) is not None


def action_can_edit(user, action: Action) -> bool:
    if not _signed_in(user):
        return False
    role = membership_role(user, action.group_id)
    if administers(user) or role in MANAGER_ROLES:
        return True
    return role is not None and (action.created_by_id == user.pk
                                 or action.members.filter(user=user).exists())


def verdict_can_apply(user, hypothesis: Hypothesis) -> bool:
    return _signed_in(user) and hypothesis_can_change(user, hypothesis)


def groups_for_actions(user) -> QuerySet[TerritorialGroup]:
    """The groups a person may plan an action for."""
    if administers(user):
        return TerritorialGroup.objects.order_by("name")
    if not _signed_in(user):
        return TerritorialGroup.objects.none()
    return TerritorialGroup.objects.filter(memberships__user=user).order_by("name")
