"""gap_demo_load: the example map of the Tours group, once; left out with a French line when
its indicator is missing."""

import pytest

from terreau.directory.gap_demo import SLUG, gap_demo_load
from terreau.directory.models import GapMap
from terreau.indicators.services import indicator_create
from terreau.indicators.tests.factories import user_make

from . import gap_setup as setup

gap_services = setup.gap_services

pytestmark = pytest.mark.django_db


def test_demo_map_once(gap_services, comparateur, tours_group):
    admin = user_make("admin", group=tours_group, role="admin")
    assert "laissée de côté" in gap_demo_load()  # no poverty indicator yet
    # A stand-in for the demo's Filosofi rate, on the comparateur's real values.
    indicator_create(slug="taux-pauvrete", label="Taux de pauvreté", unit="%",
                     formula="taux(comparateur.chomeurs, comparateur.actifs)", user=admin)
    line = gap_demo_load()
    gap_map = GapMap.objects.get(slug=SLUG)
    assert "créée (272 communes" in line
    assert gap_map.example and gap_map.group == tours_group and gap_map.dataset is not None
    assert gap_demo_load().endswith("déjà présente")
    assert GapMap.objects.count() == 1 and gap_map.dataset.versions.count() == 1
