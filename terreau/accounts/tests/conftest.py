"""Fixtures of the accounts tests; territories drawn by a group on real communes."""

import pytest

from terreau.accounts.services import group_territory_create
from terreau.core.tests.fixtures import run_cli  # noqa: F401
from terreau.territory.models import Zone

from .factories import group_make, user_make

# Tours and four communes around it.
AROUND_TOURS = ("37261", "37122", "37214", "37233", "37195")


def commune_ids(codes) -> list[int]:
    ids = dict(Zone.objects.filter(level="commune", code__in=codes).values_list("code", "pk"))
    assert len(ids) == len(codes), "communes absentes des données"
    return [ids[code] for code in codes]


@pytest.fixture
def tours_group(db):
    return group_make("tours-insertion", "Tours — insertion")


@pytest.fixture
def blois_group(db):
    return group_make("blois-sante", "Blois — santé")


@pytest.fixture
def tours_member(tours_group):
    return user_make("mehdi", group=tours_group)


@pytest.fixture
def outsider(blois_group):
    """A member of another group."""
    return user_make("olga", group=blois_group)


@pytest.fixture
def around_tours(cvl_zones, tours_group, tours_member):
    """The group's territory "Agglomération de Tours": five communes."""
    return group_territory_create(group=tours_group, name="Agglomération de Tours",
                                  zone_ids=commune_ids(AROUND_TOURS), user=tours_member)
