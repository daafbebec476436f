"""Fixtures of the directory's tests: the data·inclusion vocabularies, the real files."""

import pytest


@pytest.fixture
def services_dir(data_dir):
    """../shared/data/services (the schemas, their vocabularies and the real files)."""
    return data_dir / "services"


@pytest.fixture
def vocabularies(db, services_dir):
    """The data·inclusion v1 value lists in the database (themes, publics, fees…)."""
    from terreau.directory.vocabularies import vocabularies_load

    return vocabularies_load(services_dir / "data-inclusion")
