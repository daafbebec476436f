"""The whole path of the directory in a real Chromium (Playwright, Debian's browser): a
steward filters the map of services and opens a structure, makes its secret update link; the
structure's staff update their record through it without an account; the steward approves;
then the gap map shows the commune with the highest need and no service at the top."""

import pytest
from playwright.sync_api import expect

from terreau.core import testing

from .gap_setup import gap_map, gap_services, highest_need  # noqa: F401 (fixtures)
from .test_records_fixtures import place  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

TIMEOUT = 20_000


def test_find_update_review_and_see_the_gap(browser, live_server, place, gap_map,  # noqa: F811
                                            steward, chomage):
    errors = []
    page = browser.new_context(viewport={"width": 1280, "height": 900},
                               locale="fr-FR").new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    testing.browser_sign_in(page, live_server.url, steward.username)

    # Filter the services by theme: the list and its map.
    page.get_by_role("link", name="Annuaire").click()
    page.get_by_label("Thème").select_option("numerique")
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_url("**/annuaire/?*theme=numerique*")
    expect(page.locator(".directory-results")).to_contain_text("Aide aux démarches en ligne")
    page.wait_for_function("window.terreauMap && window.terreauMap.loaded() "
                           "&& window.terreauMap.queryRenderedFeatures("
                           "{layers: ['services-points']}).length > 0", timeout=TIMEOUT)
    page.get_by_role("link", name="Centre social Sanitas").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Centre social Sanitas")

    # The steward makes the structure's secret update link.
    page.get_by_role("link", name="Lien de mise à jour pour la structure").click()
    page.get_by_role("button", name="Créer le lien").click()
    secret_url = page.locator("[data-secret-url]").input_value()
    assert "/annuaire/mise-a-jour/" in secret_url

    # The staff, without an account, change the phone number.
    staff = browser.new_context(viewport={"width": 360, "height": 740},
                                locale="fr-FR").new_page()
    staff.on("pageerror", lambda error: errors.append(str(error)))
    staff.goto(secret_url)
    staff.get_by_role("region", name="La structure").get_by_label("Téléphone").fill(
        "02 47 11 22 33")
    staff.get_by_label("Votre nom").fill("Karim, accueil")
    staff.get_by_role("button", name="Envoyer pour relecture").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(
        "Merci, vos changements sont envoyés", timeout=TIMEOUT)
    staff.context.close()

    # The steward approves it; the structure's page shows the new number.
    page.goto(f"{live_server.url}/annuaire/relecture/")
    page.get_by_role("link", name="Relire la proposition pour Centre social Sanitas").click()
    page.get_by_role("button", name="Accepter et appliquer").click()
    expect(page.get_by_text("Proposition acceptée")).to_be_visible(timeout=TIMEOUT)
    page.goto(f"{live_server.url}{place.get_absolute_url()}")
    expect(page.get_by_role("main")).to_contain_text("02 47 11 22 33")

    # The gap map: the commune with the highest need and no service comes first.
    worst, _ = highest_need(chomage, steward)
    page.goto(f"{live_server.url}/annuaire/ecarts/")
    page.get_by_role("link", name=gap_map.title).click()
    first = page.locator("tr.gap-row").first
    expect(first).to_contain_text(worst)
    expect(first).to_contain_text("besoin sans réponse")
    page.context.close()
    assert errors == []
