"""Compose a scenario from the atlas and read it, in a real Chromium (Playwright, Debian's
browser): "Ajouter à un scénario" takes the view as it is now, the reader shows one step at a
time, the keyboard arrows move between steps and the URL's hash follows, each step's map draws.
Without JavaScript every step shows; on a phone the map and the narrative stack."""

import pytest

from terreau.core import testing
from terreau.scenarios.models import Scenario

pytestmark = [pytest.mark.browser]

TIMEOUT = 20_000
CHOMAGE_37 = "indicateur=chomage&niveau=commune&dans=37"


def wait_atlas(page):
    page.wait_for_function("document.body?.dataset.atlasReady === '1' "
                           "&& document.body?.dataset.mapIdle === '1'", timeout=TIMEOUT)


def wait_reader(page):
    page.wait_for_function("document.body?.dataset.readerReady === '1'", timeout=TIMEOUT)


def status(page) -> str:
    return page.locator("[data-slide-status]").inner_text()


@pytest.fixture
def atlas(page, live_server, tours_member, atlas_indicators, console_errors):
    testing.browser_sign_in(page, live_server.url, tours_member.username)
    return page


def test_build_a_two_step_scenario_from_the_atlas_and_read_it(atlas, live_server,
                                                                console_errors):
    page = atlas
    page.goto(f"{live_server.url}/atlas/?{CHOMAGE_37}")
    wait_atlas(page)
    page.get_by_role("link", name="Ajouter à un scénario").click()
    page.get_by_role("heading", name="Ajouter cette vue à un scénario").wait_for()
    assert page.get_by_label("Titre de l'étape").input_value() \
        == "Taux de chômage — Indre-et-Loire"
    assert page.get_by_label("Scénario", exact=True).input_value() == "nouveau"
    page.get_by_label("Titre du nouveau scénario").fill("Chômage en Touraine")
    page.get_by_label("Récit").fill("Le chômage est **plus fort** au centre de Tours.")
    page.get_by_role("button", name="Ajouter l'étape").click()
    page.wait_for_url("**/scenarios/chomage-en-touraine/#etape-1")
    page.get_by_text("Vue ajoutée : étape 1").wait_for()

    # Back to the atlas: another indicator, whose URL the explorer rewrites in place.
    page.goto(f"{live_server.url}/atlas/?{CHOMAGE_37}")
    wait_atlas(page)
    page.get_by_label("Indicateur", exact=True).select_option("population")
    wait_atlas(page)
    assert "indicateur=population" in page.url
    page.get_by_role("link", name="Ajouter à un scénario").click()
    page.get_by_role("heading", name="Ajouter cette vue à un scénario").wait_for()
    assert page.get_by_label("Titre de l'étape").input_value() == "Population — Indre-et-Loire"
    # The existing scenario is offered first; the new scenario's fields are hidden.
    assert page.get_by_label("Titre du nouveau scénario").is_hidden()
    page.get_by_role("button", name="Ajouter l'étape").click()
    page.wait_for_url("**/scenarios/chomage-en-touraine/#etape-2")
    scenario = Scenario.objects.get()
    assert [(s.position, s.query) for s in scenario.steps.order_by("position")] == [
        (1, CHOMAGE_37), (2, "indicateur=population&niveau=commune&dans=37")]

    # The reader opens at the step of the hash; the arrows move, the hash follows.
    wait_reader(page)
    assert status(page) == "Étape 2 sur 2"
    assert page.locator("#etape-1").is_hidden() and page.locator("#etape-2").is_visible()
    page.keyboard.press("Home")
    assert status(page) == "Étape 1 sur 2" and page.url.endswith("#etape-1")
    assert page.locator("#etape-1 strong").inner_text() == "plus fort"
    page.keyboard.press("ArrowRight")
    assert status(page) == "Étape 2 sur 2" and page.url.endswith("#etape-2")
    assert page.locator("#etape-2").is_visible() and page.locator("#etape-1").is_hidden()
    page.keyboard.press("ArrowRight")  # the last step stays
    assert status(page) == "Étape 2 sur 2"
    page.keyboard.press("ArrowLeft")
    assert status(page) == "Étape 1 sur 2" and page.url.endswith("#etape-1")
    page.get_by_role("button", name="Suivante").click()
    assert status(page) == "Étape 2 sur 2"

    # Each step's map draws when its slide is shown.
    for anchor in ("etape-1", "etape-2"):
        page.wait_for_selector(f"#{anchor} [data-step-map][data-map-ready='1']",
                               state="attached", timeout=TIMEOUT)
    assert page.locator("#etape-2 [data-step-map] canvas").count() >= 1
    assert not console_errors


def test_without_javascript_every_step_shows(browser, live_server, tours_group, tours_member,
                                             chomage, population):
    from terreau.scenarios.services import scenario_create, step_add

    scenario = scenario_create(title="Ouvert", group=tours_group, author=tours_member,
                               visibility="public")
    for title, query in (("Chômage", CHOMAGE_37), ("Population", "indicateur=population")):
        step_add(scenario=scenario, kind="carte", query=query, title=title, user=tours_member)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{scenario.get_absolute_url()}")  # anonymous: public
    assert page.locator("#etape-1").is_visible() and page.locator("#etape-2").is_visible()
    assert page.locator("[data-slide-prev]").is_hidden()
    context.close()


def test_on_a_phone_the_map_and_the_narrative_stack(browser, live_server, tours_group,
                                                    tours_member, chomage):
    from terreau.scenarios.services import scenario_create, step_add

    scenario = scenario_create(title="Sur téléphone", group=tours_group, author=tours_member,
                               visibility="public")
    step_add(scenario=scenario, kind="carte", query=CHOMAGE_37, title="Chômage",
             user=tours_member, narrative="Un récit assez court.")
    for width, stacked in ((375, True), (1280, False)):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(f"{live_server.url}{scenario.get_absolute_url()}")
        wait_reader(page)
        maps = page.locator("#etape-1 [data-step-map]").bounding_box()
        text = page.locator("#etape-1 .slide-text").bounding_box()
        if stacked:
            assert text["y"] >= maps["y"] + maps["height"] - 1
        else:
            assert text["x"] >= maps["x"] + maps["width"] - 1 and abs(text["y"] - maps["y"]) < 5
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_compose_and_read_pages_have_no_serious_accessibility_violation(
        page, live_server, tours_group, tours_member, chomage, chomage_groupe, width):
    from terreau.atlas.tests.test_accessibility import serious_violations
    from terreau.scenarios.services import scenario_create, step_add

    scenario = scenario_create(title="Accessible", group=tours_group, author=tours_member,
                               question="Où ?")
    step_add(scenario=scenario, kind="carte", query=CHOMAGE_37, title="Chômage",
             user=tours_member, narrative="Un **récit**.")
    step_add(scenario=scenario, kind="carte", query="indicateur=chomage-tours&dans=37",
             title="Chômage du groupe", user=tours_member)
    testing.browser_sign_in(page, live_server.url, tours_member.username)
    page.set_viewport_size({"width": width, "height": 900})
    for path in (scenario.get_absolute_url(), f"/scenarios/{scenario.slug}/modifier/",
                 "/scenarios/ajouter-vue/?page=carte&vue=indicateur%3Dchomage", "/scenarios/"):
        page.goto(f"{live_server.url}{path}")
        if path == scenario.get_absolute_url():
            wait_reader(page)
            page.wait_for_selector("#etape-1 [data-step-map][data-map-ready='1']",
                                   state="attached", timeout=TIMEOUT)
        assert serious_violations(page) == [], path
