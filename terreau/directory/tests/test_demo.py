"""The directory's demo: real files of Centre-Val de Loire, labelled examples, idempotent."""


import pytest

from terreau.directory.demo import EXAMPLE_SOURCE, demo_directory_load
from terreau.directory.models import ChangeRecord, Service, Structure

pytestmark = pytest.mark.django_db


def test_demo_imports_the_real_files_and_examples_once(data_dir, cvl_zones, tours_group):
    text = demo_directory_load(data_dir)

    # France services 2024: 152 lines; médiation numérique: 123 objects, 3 duplicates merged,
    # a few refused (unreadable opening hours); Pôle emploi: 39 lines, 3 management sites at
    # the address of an agency.
    assert "France services (ANCT, août 2024) : 152 fiches, 152 créées" in text
    assert "3 doublons fusionnés" in text and "objet 23 « Marie d'Artenay »" in text
    assert "sites Pôle emploi (2019) : 39 fiches, 36 créées" in text
    examples = Structure.objects.filter(source=EXAMPLE_SOURCE)
    assert examples.count() == 3 and all(s.example for s in examples)
    assert all(s.nom.endswith("(exemple)") for s in examples)
    assert {s.group_id for s in examples} == {tours_group.pk}
    assert Structure.objects.filter(example=False, group=None).count() > 300
    sanitas = examples.get(source_id="sanitas-numerique")
    assert sanitas.services.count() == 2
    assert ChangeRecord.objects.filter(structure=sanitas, via="import").count() == 3

    counts = (Structure.objects.count(), Service.objects.count(), ChangeRecord.objects.count())
    text = demo_directory_load(data_dir)
    assert (Structure.objects.count(), Service.objects.count(),
            ChangeRecord.objects.count()) == counts
    assert "0 créées, 0 mises à jour" in text
