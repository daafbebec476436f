"""People of the indicators and atlas tests: the group tours-insertion, its steward and member,
a member of another group. A pytest plugin (the root conftest loads it); a folder's own
conftest may define fixtures of the same names, which win there."""

import pytest

from .factories import group_make, user_make


@pytest.fixture
def tours_group(db):
    return group_make("tours-insertion")


@pytest.fixture
def other_group(db):
    return group_make("blois-sante")


@pytest.fixture
def steward(tours_group):
    return user_make("stephane", group=tours_group, role="steward")


@pytest.fixture
def tours_member(tours_group):
    return user_make("mehdi", group=tours_group, role="member")


@pytest.fixture
def outsider(other_group):
    """A member of another group."""
    return user_make("olga", group=other_group, role="member")
