"""The dataset pages: list, metadata sheet beside the data, versions, uses, the edit form."""

import pytest

from terreau.catalog.forms.records import GROUP_NEEDED, STEWARD_NEEDED
from terreau.catalog.models import DataHolder, Dataset
from terreau.indicators.models import Indicator

from .ui_factories import version_make, world_fixture  # noqa: F401


@pytest.fixture
def shared(world):
    """The shared dataset, described, with a second version and an indicator using it."""
    dataset = world["datasets"]["shared"]
    dataset.holder = DataHolder.objects.create(name="INSEE", kind="state")
    dataset.source_url = "https://www.insee.fr/fr/statistiques/2521169"
    dataset.licence = "Licence Ouverte 2.0"
    dataset.vintage = "2018"
    dataset.method_notes = "Recensement de la population."
    dataset.save()
    version_make(dataset, {"p18_pop": [136500, 38090, 15000]}, zones=world["zones"],
                 user=world["people"]["steward"],
                 changes={"values_changed": 2, "zones_added": 0, "zones_removed": 0,
                          "sample": [{"zone": "37261", "variable": "p18_pop", "period": "2018",
                                      "before": 136463.0, "after": 136500.0}]})
    indicator = Indicator.objects.create(slug="pop", label="Population municipale",
                                         formula="p18_pop")
    indicator.variables.set(dataset.variables.filter(slug="p18_pop"))
    return dataset


def test_the_list_shows_level_producer_sensitivity_and_latest_version(client, world, shared):
    client.force_login(world["people"]["member"])
    page = client.get("/donnees/").content.decode()
    assert "Commune" in page and "INSEE" in page
    assert "Partagée (tous les groupes de l&#x27;instance)" in page
    assert "v2 du" in page


def test_the_dataset_page_shows_the_sheet_beside_the_values_with_zone_names(client, world,
                                                                           shared):
    client.force_login(world["people"]["member"])
    page = client.get("/donnees/donnees-shared/").content.decode()
    for text in ["Fiche du jeu de données", "INSEE", "Licence Ouverte 2.0",
                 "https://www.insee.fr/fr/statistiques/2521169", "Recensement de la population.",
                 "Tours — insertion", "visibles par les membres de tous les groupes"]:
        assert text in page, text
    # The latest version (2): Tours 136 500, Saint-Avertin 15 000, in French number format.
    assert "version 2" in page
    assert "136\xa0500" in page and "Joué-lès-Tours" in page and "15\xa0000" in page


def test_missing_values_are_shown_with_their_reason_never_as_zero(client, world):
    client.force_login(world["people"]["member"])
    page = client.get("/donnees/donnees-shared/").content.decode()
    assert "Secret statistique (s)" in page
    assert '<span aria-hidden="true">secret</span>' in page


def test_the_versions_list_says_who_imported_what_and_what_changed(client, world, shared):
    client.force_login(world["people"]["member"])
    page = client.get("/donnees/donnees-shared/").content.decode()
    assert "2 valeurs modifiées" in page
    assert "première version" in page
    assert "referente" in page
    assert 'href="/donnees/donnees-shared/v1/"' in page


def test_an_earlier_version_stays_readable(client, world, shared):
    client.force_login(world["people"]["member"])
    page = client.get("/donnees/donnees-shared/v1/").content.decode()
    assert "version antérieure (version 1)" in page
    assert "136\xa0463" in page and "136\xa0500" not in page
    assert client.get("/donnees/donnees-shared/v9/").status_code == 404


def test_the_page_says_where_the_data_is_used(client, world, shared):
    client.force_login(world["people"]["member"])
    page = client.get("/donnees/donnees-shared/").content.decode()
    assert "Population municipale" in page
    assert "Aucun indicateur" in client.get("/donnees/donnees-open/").content.decode()


def test_values_are_paged_when_there_are_many_zones(client, world):
    from .ui_factories import dataset_make, zone_make

    zones = [zone_make(f"37{i:03d}", f"Commune {i}") for i in range(1, 121)]
    dataset = dataset_make("beaucoup", sensitivity="open")
    version_make(dataset, {"x": list(range(120))}, zones=zones)
    client.force_login(world["people"]["member"])
    first = client.get("/donnees/beaucoup/").content.decode()
    assert "zones 1 à 50 sur 120" in first and "Page 1 sur 3" in first
    last = client.get("/donnees/beaucoup/?page=3").content.decode()
    assert "zones 101 à 120 sur 120" in last and "Commune 120" in last
    assert client.get("/donnees/beaucoup/?page=abc").status_code == 200


def test_a_dataset_without_version_says_so(client, world):
    from .ui_factories import dataset_make

    dataset_make("vide", sensitivity="open", title="Jeu vide")
    client.force_login(world["people"]["member"])
    page = client.get("/donnees/vide/").content.decode()
    assert "Aucune valeur n'a encore été importée." in page


# ---- Editing the metadata sheet ---------------------------------------------------------

EDIT = "/donnees/donnees-group/modifier/"


@pytest.mark.parametrize("role,status", [("member", 403), ("other", 404), ("nogroup", 404),
                                         ("facilitator", 200), ("steward", 200)])
def test_who_may_open_the_edit_form(client, world, role, status):
    client.force_login(world["people"][role])
    assert client.get(EDIT).status_code == status


def test_a_steward_of_another_group_edits_shared_data_but_never_sees_group_data(client, world):
    from .ui_factories import user_make

    client.force_login(user_make("ref-blois", group=world["groups"]["blois"], role="steward"))
    assert client.get("/donnees/donnees-shared/modifier/").status_code == 200
    assert client.get(EDIT).status_code == 404


def test_the_edit_link_is_shown_only_to_editors(client, world):
    client.force_login(world["people"]["member"])
    assert EDIT not in client.get("/donnees/donnees-group/").content.decode()
    client.force_login(world["people"]["facilitator"])
    assert EDIT in client.get("/donnees/donnees-group/").content.decode()


def test_a_facilitator_edits_the_description_but_not_who_sees_the_data(client, world):
    client.force_login(world["people"]["facilitator"])
    form = client.get(EDIT).context["form"]
    assert "sensitivity" not in form.fields and "owner_group" not in form.fields
    response = client.post(EDIT, {"title": "Revenus du groupe", "licence": "Convention CAF",
                                  "sensitivity": "open"})
    assert response.status_code == 302
    dataset = Dataset.objects.get(slug="donnees-group")
    assert dataset.title == "Revenus du groupe" and dataset.licence == "Convention CAF"
    assert dataset.sensitivity == "group"


def test_a_steward_changes_the_sensitivity(client, world):
    client.force_login(world["people"]["steward"])
    response = client.post(EDIT, {"title": "Données groupe", "sensitivity": "open",
                                  "owner_group": world["groups"]["tours"].pk})
    assert response.status_code == 302 and response["Location"] == "/donnees/donnees-group/"
    assert Dataset.objects.get(slug="donnees-group").sensitivity == "open"


def test_group_data_needs_a_group_and_restricted_data_needs_a_steward(client, world):
    client.force_login(world["people"]["steward"])
    response = client.post(EDIT, {"title": "Données groupe", "sensitivity": "group"})
    assert response.status_code == 200
    assert GROUP_NEEDED in response.content.decode()
    response = client.post(EDIT, {"title": "Données groupe", "sensitivity": "restricted"})
    page = response.content.decode()
    assert STEWARD_NEEDED in page and "n'est pas enregistré" in page


def test_a_steward_who_hides_data_from_themselves_is_sent_back_to_the_list(client, world):
    client.force_login(world["people"]["steward"])
    superuser = world["people"]["superuser"]
    response = client.post(EDIT, {"title": "Données groupe", "sensitivity": "restricted",
                                  "stewards": [superuser.pk]})
    assert response["Location"] == "/donnees/"
    assert client.get("/donnees/donnees-group/").status_code == 404


def test_a_bad_source_link_gets_a_french_message(client, world):
    client.force_login(world["people"]["steward"])
    response = client.post(EDIT, {"title": "x", "sensitivity": "open", "source_url": "insee"})
    assert "commençant par https://" in response.content.decode()


def test_an_indicator_that_also_uses_hidden_data_is_not_listed(client, world, shared):
    mixed = Indicator.objects.create(slug="mixte", label="Indicateur mixte",
                                     formula="p18_pop + donnees-group.med19")
    mixed.variables.set([*shared.variables.filter(slug="p18_pop"),
                         *world["datasets"]["group"].variables.filter(slug="med19")])
    client.force_login(world["people"]["other"])
    page = client.get("/donnees/donnees-shared/").content.decode()
    assert "Population municipale" in page and "Indicateur mixte" not in page
    client.force_login(world["people"]["member"])
    assert "Indicateur mixte" in client.get("/donnees/donnees-shared/").content.decode()


@pytest.mark.parametrize("value,text", [
    (136463.0, "136\xa0463"), (12.75, "12,75"), (12.999, "13"), (0.125, "0,13"),
    (74973.2524996802, "74\xa0973,25"), (-3.5, "-3,5"), (2.675, "2,68"),
])
def test_numbers_are_written_the_french_way_rounded_half_up(value, text):
    from django.utils import translation

    from terreau.catalog.page_queries import format_value

    with translation.override("fr"):
        assert format_value(value) == text
