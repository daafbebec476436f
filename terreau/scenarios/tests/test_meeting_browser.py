"""A meeting in real browsers (Playwright, Debian's Chromium): the facilitator projects the
scenario, a phone joins with the code, votes and comments, and follows the projected step."""

import re

import pytest
from playwright.sync_api import expect

from terreau.core import testing
from terreau.indicators.tests.factories import user_make
from terreau.scenarios.choices import Visibility
from terreau.scenarios.models import Comment, Hypothesis
from terreau.scenarios.services import scenario_create, step_add

pytestmark = [pytest.mark.browser]

TIMEOUT = 20_000
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def scenario(chomage, tours_group, transactional_db):
    fanny = user_make("fanny", group=tours_group, role="facilitator")
    scenario = scenario_create(title="Chômage à Tours", group=tours_group, author=fanny,
                               visibility=Visibility.GROUP)
    step_add(scenario=scenario, kind="carte", title="Le département", user=fanny,
             query="indicateur=chomage&niveau=commune&dans=37", narrative="Vue d'ensemble.")
    step_add(scenario=scenario, kind="carte", title="Autour de Tours", user=fanny,
             query="indicateur=chomage&niveau=commune&dans=37&methode=equal_interval"
                   "&carte=0.69,47.39,10",
             narrative="Le **nord** de la ville.")
    Hypothesis.objects.create(scenario=scenario, statement="Le chômage se concentre au nord.")
    return scenario


def test_a_phone_joins_votes_comments_and_follows_the_projector(
        page, browser, live_server, scenario, console_errors):
    testing.browser_sign_in(page, live_server.url, "fanny")
    page.goto(f"{live_server.url}{scenario.get_absolute_url()}")
    page.get_by_role("button", name="Lancer une réunion").click()
    page.wait_for_function("document.body?.dataset.meetingReady === '1'", timeout=TIMEOUT)
    code = page.locator("[data-meeting-code]").inner_text().strip()
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", code)
    expect(page.locator(".meeting-join-box svg")).to_be_visible()
    # The projected step draws its map (story.js), as the reader does.
    page.wait_for_function("document.querySelector('#etape-1 [data-step-map]')"
                           ".dataset.mapReady === '1'", timeout=TIMEOUT)

    phone_context = browser.new_context(viewport=PHONE, locale="fr-FR")
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}/scenarios/reunion/")
    phone.get_by_label("Code de la réunion").fill(code.lower())
    phone.get_by_label("Votre prénom ou pseudonyme").fill("Léa")
    phone.get_by_role("button", name="Rejoindre").click()
    expect(phone.locator("[data-step-title]")).to_have_text("Le département", timeout=TIMEOUT)
    expect(phone.get_by_text("La carte est projetée à l'écran.")).to_be_visible()
    # Nothing overflows a 360 px wide screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    agree = phone.get_by_role("button", name="D'accord", exact=True)
    agree.click()
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(phone.get_by_role("button", name="Pas d'accord")).to_have_attribute(
        "aria-pressed", "false")
    phone.get_by_label("Votre commentaire").fill("Les transports manquent au nord.")
    phone.get_by_role("button", name="Envoyer").click()
    expect(phone.get_by_text("Commentaire envoyé sur l'étape 1.")).to_be_visible()

    page.locator("body").press("ArrowRight")
    expect(page.locator("[data-slide-status]")).to_have_text("Étape 2 sur 2")
    expect(phone.locator("[data-step-title]")).to_have_text("Autour de Tours", timeout=10_000)
    expect(phone.locator("[data-step-narrative] strong")).to_have_text("nord")

    tally = page.locator(".tally-item").filter(has_text="Le chômage se concentre au nord.")
    expect(tally.locator("[data-choice='pour']")).to_have_text("D'accord : 1", timeout=10_000)
    expect(page.locator("[data-comments]")).to_contain_text("Les transports manquent au nord.")
    assert Comment.objects.get().author_name == "Léa"
    assert "Léa" not in phone.locator("[data-meeting-follow]").inner_text().replace(
        "vous participez en tant que Léa", "")
    phone_context.close()

    page.get_by_role("button", name="Terminer la réunion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Réunion du")
    assert console_errors == []
