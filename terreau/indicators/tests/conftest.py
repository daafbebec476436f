"""Fixtures of the indicators tests: real INSEE values for Indre-et-Loire, people per role."""

import pytest

from terreau.core.tests.fixtures import run_cli  # noqa: F401

from .factories import dataset_make, user_make


@pytest.fixture
def facilitator(tours_group):
    return user_make("fanny", group=tours_group, role="facilitator")


@pytest.fixture
def comparateur(cvl_zones, data_dir):
    """The comparateur's real counts and medians for the 272 communes of Indre-et-Loire."""
    return dataset_make(data_dir)
