from django.db.models import Count, QuerySet

from terreau.territory.models import Zone
from terreau.territory.queries import MAX_DEPTH
from terreau.territory.within import ChoiceGroups, Within

from .models import GroupTerritory, Membership, TerritorialGroup


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    return user.memberships.select_related("group").order_by("group__name")


def membership_role(user, group_id: int) -> str | None:
    """The user's role in the group (None when signed out or not a member)."""
    if user is None or not user.is_authenticated:
        return None
    return (Membership.objects.filter(user=user, group_id=group_id)
            .values_list("role", flat=True).first())


def group_get_visible(*, user, slug: str) -> TerritorialGroup | None:
    """Return the group if the user belongs to it (or administers the instance)."""
    groups = TerritorialGroup.objects.prefetch_related("zones")
    if not user.has_perm("accounts.administer_instance") and not user.is_superuser:
        groups = groups.filter(memberships__user=user)
    return groups.filter(slug=slug).first()


# ---- Territories drawn by the groups ("territoires vécus") ------------------------------


def administers(user) -> bool:
    """Whether the person administers the whole instance (every group, every page)."""
    return (user is not None and user.is_authenticated
            and (user.is_superuser or user.has_perm("accounts.administer_instance")))


def group_territory_list_visible(*, user) -> QuerySet[GroupTerritory]:
    """Return the territories of the user's groups (every group's for instance admins)."""
    if user is None or not user.is_authenticated:
        return GroupTerritory.objects.none()
    territories = GroupTerritory.objects.select_related("group")
    if not administers(user):
        territories = territories.filter(group__memberships__user=user)
    return territories.order_by("group__name", "name")


def group_territory_list(*, group: TerritorialGroup) -> QuerySet[GroupTerritory]:
    """Return a group's territories with their zone counts (for its page)."""
    return group.territories.annotate(zone_count=Count("zones")).order_by("name")


def group_territory_get_visible(*, user, group_slug: str, slug: str) -> GroupTerritory | None:
    """Return the territory `slug` of a group, if the user may see it."""
    return (group_territory_list_visible(user=user)
            .filter(group__slug=group_slug, slug=slug).first())


def group_territories_containing(zone: Zone, user) -> list[GroupTerritory]:
    """Return the territories of the user's groups that contain `zone`, by group and name.

    A territory contains the zone when it chose the zone itself or one of its ancestors (the
    IRIS of a commune it chose). For the atlas's zone portraits: each one is a reference,
    read with indicator_values(level=t.level, within=t.within_param) (its selection row).
    """
    hops = ["parent" + "__parent" * depth + "_id" for depth in range(MAX_DEPTH)]
    chain = Zone.objects.filter(pk=zone.pk).values_list(*hops).first() or ()
    ids = {zone.pk, *(pk for pk in chain if pk is not None)}
    return list(group_territory_list_visible(user=user).filter(zones__in=ids).distinct())


def group_territory_within(text: str, user) -> Within | None:
    """Resolve `dans=vecu:<text>` for `user` (None when unknown or not theirs to see)."""
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None
    territory = group_territory_list_visible(user=user).filter(pk=int(text)).first()
    if territory is None:
        return None
    zone_ids = frozenset(territory.zones.values_list("pk", flat=True))
    return Within(param=territory.within_param, key=territory.within_param,
                  name=territory.name, level=territory.level, zone_ids=zone_ids,
                  label=f"territoire « {territory.name} » du groupe {territory.group.name}",
                  version=str(territory.revision))


def group_territory_choices(user) -> ChoiceGroups:
    """Return the option group of the territories the user's groups drew, for the selects."""
    options = [(t.within_param, f"{t.name} ({t.group.name})", t.within_param)
               for t in group_territory_list_visible(user=user)]
    return [("Territoires de mes groupes", options)] if options else []
