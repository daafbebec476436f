"""A data steward imports INSEE's comparateur de territoires in a real Chromium.

The zones are the 1,776 communes of Centre-Val de Loire (contours of the COG 2018, imported
with the real zone importer); the statistics follow the COG 2021. Between the two, 19
communes merged into others: the report names them before anything is written. Then the
import runs in the background worker while the page polls its progress, and the version
page shows the values of Tours.
"""

import pytest
from django.core.management import call_command

from terreau.core import testing
from terreau.territory.services import zones_import

from .ui_factories import group_make, user_make

pytestmark = pytest.mark.browser

COMPARATEUR = "base-cc-comparateur-2022-centre-val-de-loire.csv"


@pytest.fixture
def steward_page(page, live_server, transactional_db, settings, tmp_path, data_dir,
                 console_errors):
    """Communes of the région loaded; a steward signed in through the login form."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    geo = data_dir / "geo"
    zones_import(path=geo / "departements-centre-val-de-loire.geojson", level="departement",
                 vintage=2018)
    zones_import(path=geo / "communes-centre-val-de-loire.geojson", level="commune",
                 vintage=2018)
    user_make("dominique", group=group_make("tours", "Tours — insertion"), role="steward",
              password=testing.PASSWORD)
    testing.browser_sign_in(page, live_server.url, "dominique")
    return page


def test_a_steward_imports_the_comparateur_and_reads_the_values_of_tours(
        steward_page, data_dir, console_errors):
    page = steward_page
    # Upload, from the "Données" page.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Données").click()
    page.get_by_role("link", name="Importer un fichier de données").click()
    page.get_by_label("Fichier de données").set_input_files(data_dir / "stats" / COMPARATEUR)
    page.get_by_role("button", name="Envoyer et voir les premières lignes").click()

    # First lines: the header row (line 1, CODGEO…) is detected and highlighted.
    page.get_by_role("heading", name="Où commence le tableau ?").wait_for()
    header = page.locator("tr.header-row")
    assert header.get_by_role("cell", name="CODGEO", exact=True).is_visible()
    assert page.get_by_label("Ligne 1 comme en-tête").is_checked()
    page.get_by_role("button", name="Continuer : choisir les colonnes").click()

    # Columns: the code column and the level are detected, kinds are guessed.
    page.get_by_role("heading", name="Colonnes et jeu de données").wait_for()
    assert page.get_by_label("Colonne des codes de zone").input_value() == "CODGEO"
    assert page.get_by_label("Niveau des zones").input_value() == "commune"
    assert page.get_by_label("Nature de MED19", exact=True).input_value() == "median"
    assert page.get_by_label("Importer la colonne P18_POP", exact=True).is_checked()
    assert not page.get_by_label("Identifiant du nouveau jeu").is_hidden()
    page.get_by_label("Identifiant du nouveau jeu").fill("comparateur-2022")
    page.get_by_label("Titre :", exact=True).fill("Comparateur de territoires 2022")
    page.get_by_label("Qui peut voir ces données").select_option("open")
    page.get_by_role("button", name="Vérifier le fichier").click()

    # Report, before anything is written: the 19 communes merged since the contours.
    page.get_by_role("heading", name="Vérification avant import").wait_for()
    absent = page.get_by_role("region", name="Zones absentes du fichier (1)")
    assert "19 zones connues n'ont pas de ligne" in absent.inner_text()
    assert "41082 Feings" in absent.inner_text()
    page.get_by_role("button", name="Importer 32 variables").click()

    # Progress: the page polls every second; the worker does the import meanwhile.
    page.get_by_role("heading", name="Import en cours").wait_for()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.get_by_role("heading", name="Import terminé").wait_for(timeout=15_000)
    assert "des valeurs pour 1757 zones" in page.locator("#import-status").inner_text()

    # The version page: Tours, 136 463 inhabitants in 2018 (P18_POP).
    page.get_by_role("link", name="Voir la version 1").click()
    page.get_by_role("heading", name="Comparateur de territoires 2022").wait_for()
    page.get_by_label("Chercher une zone dans le tableau").fill("37261")
    page.get_by_role("button", name="Chercher", exact=True).click()
    row = page.locator("table", has=page.locator("#values-caption")).get_by_role(
        "row", name="Tours")
    columns = page.locator("#values-caption + thead th").all_inner_texts()
    cells = row.locator("td, th").all_inner_texts()
    assert cells[1] == "Tours"
    assert cells[columns.index("p18_pop")].replace("\u202f", "\xa0") == "136\xa0463"
    assert console_errors == []
