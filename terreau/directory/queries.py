"""Who may do what in the directory.

- Every signed-in person reads structures, services and the skills of their groups' members
  (the directory is public information about public services; skills are the group's).
- The data stewards and admins of the group that keeps a structure (`Structure.group`)
  change it directly, review the changes proposed for it, mark it closed, see its secret
  update link; for structures of the whole instance (national imports, `group` empty), any
  data steward and the instance's admins do. Anyone signed in proposes a change; the
  structure's own staff propose through its secret link, without an account.
- Importing and exporting directories: data stewards and admins (of the group they import
  for; instance-wide imports: instance admins).
- Gap maps: read by the members of their group; made by its facilitators, stewards, admins.
"""

from django.db.models import QuerySet

from terreau.accounts.models import TerritorialGroup
from terreau.accounts.queries import administers, membership_role
from terreau.accounts.roles import Role

from .models import GapMap, Structure

STEWARD_ROLES = (Role.STEWARD, Role.ADMIN)
MAKER_ROLES = (Role.FACILITATOR, Role.STEWARD, Role.ADMIN)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def is_any_steward(user) -> bool:
    return administers(user) or (_signed_in(user) and user.memberships.filter(
        role__in=STEWARD_ROLES).exists())


def can_steward(user, structure: Structure) -> bool:
    """Change the structure directly, review proposals for it, see its secret link."""
    if not _signed_in(user):
        return False
    if structure.group_id is None:
        return is_any_steward(user)
    return administers(user) or membership_role(user, structure.group_id) in STEWARD_ROLES


def groups_stewarded_by(user) -> QuerySet[TerritorialGroup]:
    """The groups whose directory the user keeps (imports, creations, reviews)."""
    groups = TerritorialGroup.objects.order_by("name")
    if not _signed_in(user):
        return groups.none()
    if administers(user):
        return groups
    return groups.filter(memberships__user=user,
                         memberships__role__in=STEWARD_ROLES).distinct()


def can_import(user, group: TerritorialGroup | None) -> bool:
    """Import a directory for `group` (None: for the whole instance)."""
    if group is None:
        return administers(user)
    return administers(user) or (_signed_in(user)
                                  and membership_role(user, group.pk) in STEWARD_ROLES)


def gap_maps_visible(user) -> QuerySet[GapMap]:
    maps = GapMap.objects.select_related("group")
    if administers(user):
        return maps
    if not _signed_in(user):
        return maps.none()
    return maps.filter(group__memberships__user=user).distinct()


def can_make_gap_maps(user, group_id: int) -> bool:
    return _signed_in(user) and (user.is_superuser
                                 or membership_role(user, group_id) in MAKER_ROLES)
