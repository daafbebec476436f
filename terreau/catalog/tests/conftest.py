"""Fixtures of the statistics import tests: real INSEE files and real zones (COG 2018).

Zones are imported once per test module with the real zone importer (outside the per-test
transaction, then deleted), because importing 1,776 communes takes about a second.
`db_state()` fingerprints the catalogue tables to check that a refused import wrote nothing.
"""

from pathlib import Path

import pytest

from terreau.catalog.models import DataHolder, Dataset, DatasetVersion, Series, Variable
from terreau.core import testing
from terreau.territory.models import Zone, ZoneAlias
from terreau.territory.services import zones_import


@pytest.fixture(scope="session")
def stats_dir(data_dir) -> Path:
    return data_dir / "stats"


@pytest.fixture(scope="session")
def cog_dir(data_dir) -> Path:
    return data_dir / "cog"


def _wipe() -> None:
    Dataset.objects.all().delete()
    DataHolder.objects.all().delete()
    ZoneAlias.objects.all().delete()
    Zone.objects.all().delete()


@pytest.fixture(scope="module")
def cvl_zones_2018(django_db_setup, django_db_blocker, data_dir):
    """The 6 départements and 1,776 communes of Centre-Val de Loire (COG 2018), and their
    IRIS (INSEE list 2023, codes and names without contours)."""
    geo = data_dir / "geo"
    with django_db_blocker.unblock():
        _wipe()
        zones_import(path=geo / "departements-centre-val-de-loire.geojson",
                     level="departement", vintage=2018)
        zones_import(path=geo / "communes-centre-val-de-loire.geojson", level="commune",
                     vintage=2018)
        communes = Zone.objects.filter(level="commune").values_list("code", flat=True)
        testing.load_iris_list(list(communes), data_dir)
    yield
    with django_db_blocker.unblock():
        _wipe()


def db_state() -> tuple:
    """Counts of every catalogue table and of the zone aliases, to compare before/after."""
    return (Dataset.objects.count(), DatasetVersion.objects.count(), Variable.objects.count(),
            Series.objects.count(), DataHolder.objects.count(), ZoneAlias.objects.count())
