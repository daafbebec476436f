"""A data steward imports the communes of Indre-et-Loire in a real Chromium.

Sign in, upload the file, read the preview (detected fields, first communes, their map),
confirm, follow the progress bar up to the report.
"""

import pytest
from django.core.management import call_command

from terreau.core import testing

from .conftest import TASKS_IMMEDIATE, user_with_role

pytestmark = pytest.mark.browser

TOURS = (0.69, 47.39)


@pytest.fixture
def steward_page(page, live_server, transactional_db, settings, tmp_path, console_errors):
    """A browser page signed in, through the login form, as a steward."""
    settings.MEDIA_ROOT = tmp_path / "media"
    user_with_role("dominique", "steward")
    testing.browser_sign_in(page, live_server.url, "dominique")
    return page


def upload_communes(page, communes_37):
    page.get_by_role("link", name="Importer des zones").click()
    page.get_by_label("Niveau des zones").select_option("commune")
    page.get_by_label("Fichier des contours").set_input_files(communes_37)
    page.get_by_role("button", name="Envoyer et voir l'aperçu").click()
    page.get_by_role("heading", name="Aperçu avant import").wait_for()


def test_a_steward_previews_then_imports_the_communes(
        steward_page, settings, communes_37, console_errors):
    settings.TASKS = TASKS_IMMEDIATE
    page = steward_page
    upload_communes(page, communes_37)
    # The fields were detected: code and nom.
    assert page.get_by_label("Champ qui contient le code (INSEE)").input_value() == "code"
    assert page.get_by_label("Champ qui contient le nom").input_value() == "nom"
    # The table lists the first communes of the file, Tours among them.
    table = page.locator("table", has=page.locator("caption", has_text="premières zones"))
    assert table.get_by_role("cell", name="Tours", exact=True).is_visible()
    assert table.locator("tbody tr").count() == 100
    # The map draws them; hovering Tours names it.
    page.wait_for_function("document.body?.dataset.mapIdle === '1'", timeout=20_000)
    page.locator("#preview-map").scroll_into_view_if_needed()
    x, y = page.evaluate("""([lng, lat]) => {
      const map = window.terreauMap, p = map.project([lng, lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return [box.left + p.x, box.top + p.y];
    }""", list(TOURS))
    page.mouse.move(x, y)
    tooltip = page.locator(".zone-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == "Tours (37261)"

    page.get_by_role("button", name="Confirmer l'import de 272 zones").click()
    page.get_by_role("heading", name="Import terminé").wait_for()
    assert page.locator("#import-status progress").get_attribute("value") == "100"
    assert "272 créées, 0 mises à jour." in page.locator("#import-status").inner_text()
    assert console_errors == []


def test_the_progress_page_follows_the_background_worker(
        steward_page, live_server, communes_37, console_errors):
    """With the database queue, the page polls until `terreau worker` has done the import."""
    page = steward_page
    upload_communes(page, communes_37)
    page.get_by_role("button", name="Confirmer l'import de 272 zones").click()
    page.get_by_role("heading", name="Import en cours").wait_for()
    assert "En attente du traitement en arrière-plan" in page.locator("#import-status").inner_text()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.get_by_role("heading", name="Import terminé").wait_for(timeout=10_000)
    assert "272 créées" in page.locator("#import-status").inner_text()
    assert console_errors == []
