"""The data·inclusion value lists in the database, and a group's own themes."""

import pytest

from terreau.directory.models import Vocabulary
from terreau.directory.vocabularies import (
    ThemeError,
    theme_create,
    theme_label,
    vocabularies_cached,
    vocabularies_load,
    vocabulary,
)


def test_load_is_idempotent(vocabularies, services_dir):
    assert vocabularies == 69 + 108 + 14 + 11 + 6 + 4 + 2 + 2 + 2
    again = vocabularies_load(services_dir / "data-inclusion")
    assert again == vocabularies
    assert Vocabulary.objects.count() == vocabularies


def test_vocabulary_gives_labels(vocabularies):
    themes = vocabulary("thematiques")
    assert len(themes) == 69
    assert themes["numerique--acceder-a-une-connexion-internet"] == (
        "Accéder à une connexion Internet")
    assert vocabulary("frais") == {"gratuit": "Gratuit", "payant": "Payant"}
    assert "tous-publics" in vocabulary("publics")


def test_theme_label_names_its_family():
    assert theme_label("numerique--acquerir-un-equipement", "Acquérir un équipement") == (
        "Numérique : Acquérir un équipement")
    assert theme_label("tours-insertion--garde-de-nuit", "Garde de nuit") == "Garde de nuit"


def test_group_theme(vocabularies, tours_group, steward):
    theme = theme_create(tours_group, "  Garde d'enfants la nuit ", "Horaires décalés", steward)
    assert theme.value == "tours-insertion--garde-denfants-la-nuit"
    assert theme.label == "Garde d'enfants la nuit"
    assert not theme.national and theme.group == tours_group
    assert vocabulary("thematiques")[theme.value] == "Garde d'enfants la nuit"
    with pytest.raises(ThemeError, match="déjà"):
        theme_create(tours_group, "Garde d’enfants la nuit", "", steward)
    with pytest.raises(ThemeError, match="nom"):
        theme_create(tours_group, " ! ", "", steward)


def test_cache_reads_each_list_once(vocabularies, django_assert_num_queries):
    with vocabularies_cached():
        with django_assert_num_queries(1):
            for _ in range(5):
                vocabulary("publics")
