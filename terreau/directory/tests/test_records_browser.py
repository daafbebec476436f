"""In a real browser (Playwright, Debian's Chromium): the structure's staff update their
record through the secret link on a phone, without an account; a steward reviews and accepts
the proposal; the structure's page then shows the new values."""

import pytest
from playwright.sync_api import expect

from terreau.core import testing
from terreau.directory.records_review import secret_link_create

pytestmark = pytest.mark.browser
pytest_plugins = ["terreau.directory.tests.test_records_fixtures"]

TIMEOUT = 20_000
PHONE = {"width": 360, "height": 740}


def test_staff_update_through_the_secret_link_and_a_steward_approves(
        transactional_db, browser, live_server, place, service, steward):
    token = secret_link_create(place)
    staff = browser.new_context(viewport=PHONE, locale="fr-FR").new_page()
    errors = []
    staff.on("pageerror", lambda error: errors.append(str(error)))
    staff.goto(f"{live_server.url}/annuaire/mise-a-jour/{token}/")
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Centre social Sanitas")
    record = staff.get_by_role("region", name="La structure")
    record.get_by_label("Téléphone").fill("02 47 60 70 80")
    staff.get_by_text("Voir et corriger ce service").click()
    staff.get_by_role("region", name="Service « Aide aux démarches en ligne »").get_by_label(
        "Horaires du service").fill("Tu,Th 14:00-17:00")
    staff.get_by_label("Votre nom").fill("Nadia, accueil du centre")
    staff.get_by_label("Message à l'équipe qui relit").fill("Nouveau numéro depuis mars.")
    staff.get_by_role("button", name="Envoyer pour relecture").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(
        "Merci, vos changements sont envoyés", timeout=TIMEOUT)
    staff.context.close()

    page = browser.new_context(viewport={"width": 1280, "height": 900},
                               locale="fr-FR").new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    testing.browser_sign_in(page, live_server.url, steward.username)
    page.goto(f"{live_server.url}/annuaire/relecture/")
    expect(page.get_by_role("status").filter(has_text="en attente")).to_contain_text(
        "1 proposition")
    page.get_by_role("link", name="Relire la proposition pour Centre social Sanitas").click()
    diff = page.get_by_role("table")
    expect(diff).to_contain_text("02 47 00 00 00")
    expect(diff).to_contain_text("02 47 60 70 80")
    expect(diff).to_contain_text("Horaires (format OpenStreetMap)")
    expect(page.get_by_text("Nouveau numéro depuis mars.")).to_be_visible()
    page.get_by_label("Réponse (facultative)").fill("Merci Nadia !")
    page.get_by_role("button", name="Accepter et appliquer").click()
    expect(page.get_by_text("Proposition acceptée")).to_be_visible(timeout=TIMEOUT)

    page.goto(f"{live_server.url}{place.get_absolute_url()}")
    expect(page.get_by_role("main")).to_contain_text("02 47 60 70 80")
    page.goto(f"{live_server.url}/annuaire/structures/{place.pk}/historique/")
    expect(page.get_by_role("main")).to_contain_text("Nadia, accueil du centre")
    # Closed before the live server stops, so that no request is left half-way.
    page.context.close()
    assert errors == []
