"""Who may change what in the catalogue: one small predicate per decision.

Seeing a dataset is decided by `Dataset.objects.visible_to(user)` alone (models/datasets.py);
these rules only say who may *change* things, and always on top of that visibility.

- Metadata of a dataset: the stewards of the instance (`catalog.import_data`) and the
  facilitators / stewards of the dataset's owner group, if they can see it. Only stewards
  may change who sees it (sensitivity, owner group, named stewards): widening access to a
  group's data is a data-protection decision, not an editorial one.
- Downloads (CSV/XLSX of a version): open and shared data only, to those who see them.
  DESIGN.md: group and restricted data never leave through exports; they are read on
  their pages only.
- Data holders: stewards and facilitators (`catalog.import_data` or `accounts.manage_group`).
- Requests to holders and the data inventory of a group: the facilitators, stewards and
  administrators of that group, and the administrators of the instance.
"""

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.accounts.roles import Role

from .choices import Sensitivity
from .models import Dataset

DOWNLOADABLE = (Sensitivity.OPEN, Sensitivity.SHARED)

GROUP_EDITOR_ROLES = (Role.FACILITATOR, Role.STEWARD, Role.ADMIN)


def is_instance_admin(user) -> bool:
    return user.is_superuser or user.has_perm("accounts.administer_instance")


def can_import(user) -> bool:
    return user.has_perm("catalog.import_data")


def can_edit_group(user, group: TerritorialGroup | None) -> bool:
    """Return True if the user leads the group's work: facilitator, steward or admin of it."""
    if group is None or not user.is_authenticated:
        return False
    if is_instance_admin(user):
        return True
    return Membership.objects.filter(user=user, group=group,
                                     role__in=GROUP_EDITOR_ROLES).exists()


def can_edit_dataset(user, dataset: Dataset) -> bool:
    """Return True if the user may edit the dataset's metadata sheet."""
    if not Dataset.objects.visible_to(user).filter(pk=dataset.pk).exists():
        return False
    return can_import(user) or can_edit_group(user, dataset.owner_group)


def can_download(user, dataset: Dataset) -> bool:
    """Return True if the user may download the dataset's values as a file."""
    return (dataset.sensitivity in DOWNLOADABLE
            and Dataset.objects.visible_to(user).filter(pk=dataset.pk).exists())


def can_change_access(user) -> bool:
    """Return True if the user may change who sees a dataset (sensitivity, group, stewards)."""
    return can_import(user)


def can_manage_holders(user) -> bool:
    return can_import(user) or user.has_perm("accounts.manage_group")


def groups_edited_by(user):
    """Return the groups whose requests and inventory the user may edit."""
    groups = TerritorialGroup.objects.order_by("name")
    if is_instance_admin(user):
        return groups
    return groups.filter(memberships__user=user,
                         memberships__role__in=GROUP_EDITOR_ROLES).distinct()
