"""Coding open answers on a phone, in a real browser (Playwright, Debian's Chromium): create
a code, take up its suggestions, tick, see the unsaved changes counted, save, search."""

import pytest
from playwright.sync_api import expect

from terreau.core import testing

from . import test_coding as base
from .test_coding import QUESTION

pytestmark = pytest.mark.browser
answered, campaign, facilitator, questionnaire = (
    base.answered, base.campaign, base.facilitator, base.questionnaire)

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and "favicon" not in m.text
            and errors.append(m.text))
    page.errors = errors
    yield page
    context.close()


def test_coding_answers_on_a_phone(phone, live_server, questionnaire, answered):
    testing.browser_sign_in(phone, live_server.url, "fanny")
    phone.goto(f"{live_server.url}/analyses/codage/{questionnaire.slug}/")
    phone.get_by_role("link", name="Un autre besoin, dans vos mots ?").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Un autre besoin, dans vos mots ?")

    phone.get_by_label("Nom du code").fill("Garde d'enfants")
    phone.get_by_role("button", name="Créer le code").click()
    expect(phone.get_by_text("Réponses proposées pour le code « Garde d'enfants »")).to_be_visible()
    cards = phone.locator("[data-coding-form] li")
    expect(cards).to_have_count(3)
    expect(cards.first).to_contain_text("Garde d'enfant le mercredi")

    boxes = phone.get_by_role("checkbox", name="Garde d'enfants")
    boxes.nth(0).check()
    boxes.nth(1).check()
    status = phone.locator("[data-coding-status]")
    expect(status).to_have_text("2 réponses modifiées, pas encore enregistrées.")
    boxes.nth(1).uncheck()
    expect(status).to_have_text("1 réponse modifiée, pas encore enregistrée.")
    phone.get_by_role("button", name="Enregistrer les codes de ces réponses").click()
    expect(phone.get_by_text("Codes enregistrés : 1 réponse modifiée.")).to_be_visible()
    assert list(questionnaire.open_codes.get().assignments.values_list(
        "submission_id", flat=True)) == [answered["mercredi"].pk]

    phone.get_by_role("link", name="Toutes les réponses").click()
    phone.get_by_label("Chercher dans les réponses").fill("SOIR")
    phone.get_by_role("button", name="Afficher").click()
    expect(cards).to_have_count(2)
    expect(phone.get_by_text("2 réponses sur 7 correspondent à la recherche.")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"la page déborde sur un téléphone ({width} px)"
    assert phone.errors == []
    assert f"/{QUESTION}/?q=SOIR" in phone.url
