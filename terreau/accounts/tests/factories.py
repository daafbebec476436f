"""Small factories for the accounts tests."""

from django.contrib.auth import get_user_model

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.territory.geometry import normalize_search
from terreau.territory.models import Zone


def zone_make(code: str, name: str, level: str = "commune") -> Zone:
    return Zone.objects.create(level=level, code=code, name=name,
                               search_name=normalize_search(name))


def group_make(slug: str, name: str) -> TerritorialGroup:
    return TerritorialGroup.objects.create(slug=slug, name=name)


def user_make(username: str, *, group: TerritorialGroup | None = None, role: str = "member",
              password: str = "mot-de-passe-de-test"):
    user = get_user_model().objects.create_user(username=username, password=password)
    if group is not None:
        Membership.objects.create(user=user, group=group, role=role)
    return user
