"""The data·inclusion value lists in the database, and a group's own themes."""

import pytest
from django.urls import reverse

from terreau.directory.models import Vocabulary
from terreau.directory.vocabularies import (
    ThemeError,
    theme_create,
    theme_label,
    vocabularies_cached,
    vocabularies_load,
    vocabulary,
)
from terreau.indicators.tests.factories import user_make


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


# ---- The themes page -------------------------------------------------------------------

THEMES = "/annuaire/themes/"


def test_themes_page_anonymous(client, db):
    response = client.get(THEMES)
    assert response.status_code == 302


def test_member_reads_the_lists(client, vocabularies, tours_group, tours_member, steward):
    theme_create(tours_group, "Garde de nuit", "Horaires décalés", steward)
    client.force_login(tours_member)
    response = client.get(reverse("directory:themes"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "69 thèmes, en 16 familles." in html
    assert "<h3>Numérique</h3>" in html
    assert "Garde de nuit" in html and "Tours Insertion" in html
    assert "Ajouter le thème" not in html
    response = client.post(reverse("directory:themes"),
                           {"groupe": "tours-insertion", "libelle": "Autre"})
    assert response.status_code == 403
    assert not Vocabulary.objects.filter(label="Autre").exists()


def test_search_ignores_case_and_accents(client, vocabularies, tours_member):
    client.force_login(tours_member)
    html = client.get(THEMES, {"q": "SANTE mentale"}).content.decode()
    assert "1 thème pour « SANTE mentale »." in html
    assert "sante--sante-mentale" in html and "sante--addictions" not in html
    html = client.get(THEMES, {"q": "numérique"}).content.decode()
    assert "4 thèmes pour" in html  # the family's name matches its four themes
    html = client.get(THEMES, {"q": "astronautique"}).content.decode()
    assert "Aucun thème national ne correspond" in html


def test_steward_adds_a_theme(client, vocabularies, tours_group, other_group, steward):
    client.force_login(steward)
    html = client.get(THEMES).content.decode()
    assert "Ajouter le thème" in html
    assert "Blois Sante" not in html  # only the groups they keep
    response = client.post(THEMES, {"groupe": "tours-insertion",
                                    "libelle": "Garde d'enfants <b>la nuit</b>",
                                    "description": "Pour les horaires décalés."}, follow=True)
    theme = Vocabulary.objects.get(national=False)
    assert theme.value == "tours-insertion--garde-denfants-bla-nuitb"
    html = response.content.decode()
    assert "Garde d&#x27;enfants &lt;b&gt;la nuit&lt;/b&gt;" in html  # escaped, never run
    response = client.post(THEMES, {"groupe": "tours-insertion",
                                    "libelle": "Garde d'enfants <b>la nuit</b>"})
    assert "Le groupe a déjà un thème" in response.content.decode()
    response = client.post(THEMES, {"groupe": "blois-sante", "libelle": "Intrus"})
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert Vocabulary.objects.filter(national=False).count() == 1


def test_facilitator_adds_a_theme(client, vocabularies, tours_group):
    facilitator = user_make("fanny", group=tours_group, role="facilitator")
    client.force_login(facilitator)
    client.post(THEMES, {"groupe": "tours-insertion", "libelle": "Permis solidaire"})
    assert vocabulary("thematiques")["tours-insertion--permis-solidaire"] == "Permis solidaire"
