"""Who may do what with a scenario, and the reads the pages and the API share.

Reading follows the scenario's visibility: `author` (its author only), `group` (members of its
group), `instance` (every member of a group of the instance), `public` (anyone, signed in or
not). Instance administrators read what groups read (as for group pages), never others'
drafts. Each map of a step is then computed with the reader's own rights (atlas), so a
reader never sees data their account may not see; rules.py keeps a scenario that uses group
or restricted data from being shown or exported beyond its group.
"""

from django.db.models import Q, QuerySet

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.accounts.queries import membership_role
from terreau.accounts.roles import Role

from .choices import Visibility
from .models import Scenario, Step

MODERATOR_ROLES = (Role.FACILITATOR, Role.ADMIN)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def _administers(user) -> bool:
    return _signed_in(user) and (user.is_superuser
                                 or user.has_perm("accounts.administer_instance"))


def user_group_ids(user) -> set[int]:
    """The pks of the groups the user belongs to (cached on the user for the request)."""
    if not _signed_in(user):
        return set()
    if not hasattr(user, "_terreau_group_ids"):
        user._terreau_group_ids = set(user.memberships.values_list("group_id", flat=True))
    return user._terreau_group_ids


# ---- Reading ------------------------------------------------------------------------------


def scenario_list_visible(user) -> QuerySet[Scenario]:
    """The scenarios `user` may read (anonymous visitors: public ones only)."""
    scenarios = Scenario.objects.select_related("group", "author")
    if not _signed_in(user):
        return scenarios.filter(visibility=Visibility.PUBLIC)
    rule = Q(visibility=Visibility.PUBLIC) | Q(author=user)
    if _administers(user):
        rule |= ~Q(visibility=Visibility.AUTHOR)
    else:
        groups = user_group_ids(user)
        if groups:
            rule |= Q(visibility=Visibility.INSTANCE)
            rule |= Q(visibility=Visibility.GROUP, group_id__in=groups)
    return scenarios.filter(rule)


def scenario_get_visible(*, slug: str, user) -> Scenario | None:
    """The scenario if it exists and `user` may read it, else None (pages answer 404)."""
    return scenario_list_visible(user).filter(slug=slug).first()


def scenario_can_read(user, scenario: Scenario) -> bool:
    return scenario_list_visible(user).filter(pk=scenario.pk).exists()


# ---- Writing ------------------------------------------------------------------------------


def scenario_can_moderate(user, scenario: Scenario) -> bool:
    """Facilitators (and admins) of the scenario's group moderate its comments."""
    if not _signed_in(user):
        return False
    return user.is_superuser or membership_role(user, scenario.group_id) in MODERATOR_ROLES


def scenario_can_edit(user, scenario: Scenario) -> bool:
    """Its author, and the facilitators of its group: title, steps, visibility, deletion,
    meetings. (Its author must still belong to the group.)"""
    if not _signed_in(user):
        return False
    if user.is_superuser or scenario_can_moderate(user, scenario):
        return True
    return scenario.author_id == user.pk and scenario.group_id in user_group_ids(user)


def scenario_can_contribute(user, scenario: Scenario) -> bool:
    """Members of its group state hypotheses and change their status."""
    if not _signed_in(user):
        return False
    return user.is_superuser or scenario.group_id in user_group_ids(user)


def scenario_can_comment(user, scenario: Scenario) -> bool:
    """Every signed-in member of a group who reads the scenario may comment on it."""
    if not _signed_in(user):
        return False
    if not (user.is_superuser or user_group_ids(user)):
        return False
    return scenario_can_read(user, scenario)


def scenario_list_editable(user) -> QuerySet[Scenario]:
    """The scenarios the user may add steps to ("ajouter cette vue à un scénario")."""
    if not _signed_in(user):
        return Scenario.objects.none()
    scenarios = Scenario.objects.select_related("group")
    if user.is_superuser:
        return scenarios
    moderated = Membership.objects.filter(user=user, role__in=MODERATOR_ROLES).values("group")
    return scenarios.filter(Q(author=user, group_id__in=user_group_ids(user))
                            | Q(group__in=moderated))


def groups_for_new_scenario(user) -> QuerySet[TerritorialGroup]:
    """The groups a user may create a scenario in (their own)."""
    if not _signed_in(user):
        return TerritorialGroup.objects.none()
    return TerritorialGroup.objects.filter(pk__in=user_group_ids(user)).order_by("name")


def step_list(scenario: Scenario) -> list[Step]:
    return list(scenario.steps.order_by("position", "pk"))
