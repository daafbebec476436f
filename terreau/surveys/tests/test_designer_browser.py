"""The designer in a real browser (Playwright, Debian's Chromium), on a phone-sized screen:
add a section, a single-choice question with a new choice list, then a question shown only
for one of its answers, written with the "Afficher seulement si" helper."""

import pytest
from playwright.sync_api import expect

from terreau.core import testing
from terreau.indicators.tests.factories import user_make
from terreau.surveys import definition as fmt
from terreau.surveys.designer import blank
from terreau.surveys.services import questionnaire_create

pytestmark = [pytest.mark.browser]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def questionnaire(tours_group, transactional_db):
    fanny = user_make("fanny", group=tours_group, role="facilitator")
    return questionnaire_create(group=tours_group, definition=blank("Accès aux droits"),
                                user=fanny)


def test_add_a_section_a_choice_question_and_a_condition(page, live_server, questionnaire,
                                                         console_errors):
    page.set_viewport_size(PHONE)
    testing.browser_sign_in(page, live_server.url, "fanny")
    page.get_by_role("link", name="Enquêtes").click()
    page.get_by_role("link", name="Accès aux droits").click()
    page.get_by_role("link", name="Modifier le questionnaire").click()

    page.get_by_label("Titre de la section (français)").fill("Mobilité")
    page.get_by_label("Titre en anglais (facultatif)").fill("Getting around")
    page.get_by_role("button", name="Ajouter la section").click()
    expect(page.get_by_text("Section « Mobilité » ajoutée (version 1).")).to_be_visible()
    expect(page.get_by_role("heading", name="Mobilité (section)")).to_be_visible()

    page.get_by_role("link", name="Ajouter une question à « Mobilité »").click()
    page.get_by_label("Type de question").select_option(label="Choix unique")
    page.get_by_label("Libellé (français)").fill("Avez-vous une voiture ?")
    page.get_by_label("Nom court (facultatif)").fill("voiture")
    page.get_by_label("Réponse obligatoire").check()
    page.get_by_label("Liste de choix", exact=True).select_option(
        label="Nouvelle liste (ci-dessous)")
    page.get_by_label("Nom de la nouvelle liste").fill("oui_non")
    page.get_by_label("Choix de la nouvelle liste").fill("oui = Oui | Yes\nnon = Non | No")
    page.get_by_role("button", name="Enregistrer la question").click()
    expect(page.get_by_text("Question « Avez-vous une voiture ? » ajoutée")).to_be_visible()
    expect(page.locator("#q-voiture")).to_contain_text("Choix unique")
    expect(page.locator("#q-voiture")).to_contain_text("obligatoire")

    page.get_by_role("link", name="Ajouter une question à « Mobilité »").click()
    page.get_by_label("Type de question").select_option(label="Choix unique")
    page.get_by_label("Libellé (français)").fill(
        "Les transports en commun vous suffisent-ils ?")
    page.get_by_label("Liste de choix", exact=True).select_option(label="oui_non (2 choix)")
    page.get_by_label("Afficher seulement si la question").select_option(
        label="Avez-vous une voiture ? (voiture)")
    page.get_by_label("est", exact=True).select_option(label="=")
    page.get_by_label("à la valeur").fill("Non")
    page.get_by_role("button", name="Enregistrer la question").click()

    line = page.locator(".outline-line", has_text="Les transports en commun")
    expect(line).to_contain_text("Affichée seulement si « Avez-vous une voiture ? » = « Non »")
    # Nothing overflows a 360 px wide screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    definition = questionnaire.latest_version().definition
    section = next(n for n in definition["children"] if n["label"].get("fr") == "Mobilité")
    assert section["label"] == {"fr": "Mobilité", "en": "Getting around"}
    questions = {n["name"]: n for n in fmt.questions(definition)}
    transport = next(n for n in questions.values() if n["name"] != "voiture")
    assert questions["voiture"]["required"] and questions["voiture"]["choice_list"] == "oui_non"
    assert transport["relevant"] == "${voiture} = 'non'"
    assert transport["choice_list"] == "oui_non"
    assert console_errors == []
