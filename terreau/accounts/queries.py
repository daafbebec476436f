from django.db.models import QuerySet

from .models import Membership, TerritorialGroup


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    return user.memberships.select_related("group").order_by("group__name")


def group_get_visible(*, user, slug: str) -> TerritorialGroup | None:
    """Return the group if the user belongs to it (or administers the instance)."""
    groups = TerritorialGroup.objects.prefetch_related("zones")
    if not user.has_perm("accounts.administer_instance") and not user.is_superuser:
        groups = groups.filter(memberships__user=user)
    return groups.filter(slug=slug).first()
