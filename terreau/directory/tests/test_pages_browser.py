"""In Chromium: filter the directory by theme, see the map draw the results' points, click
one to read its name and link, and open a structure's page with its small map."""

import pytest

from terreau.core import testing

from .test_search_fixtures import directory_make

pytestmark = pytest.mark.browser


@pytest.fixture
def services(vocabularies):
    return directory_make()


def wait_for_map(page):
    page.wait_for_function("document.body?.dataset.mapIdle === '1'", timeout=20_000)


def test_filter_by_theme_see_the_points_and_open_a_structure(page, live_server, services,
                                                            tours_member, console_errors):
    testing.browser_sign_in(page, live_server.url, tours_member.username)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Annuaire").click()
    page.get_by_label("Thème").select_option("numerique")
    page.get_by_label("Gratuit seulement").check()
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_url("**/annuaire/?*theme=numerique*")
    results = page.get_by_role("list").filter(has_text="Aide aux démarches en ligne")
    assert "2 services trouvés" in page.locator("#results-title").inner_text()
    assert results.get_by_role("heading").all_inner_texts() == [
        "Atelier numérique Blois", "Aide aux démarches en ligne"]
    wait_for_map(page)
    # Both points are drawn: MapLibre renders them, and the canvas shows their green.
    assert page.evaluate("window.terreauMap.queryRenderedFeatures("
                         "{layers: ['services-points']}).length") == 2
    colours = testing.frequent_colours(page, page.locator("#directory-map canvas"), 20)
    assert [31, 95, 69] in colours  # the points' colour (#1f5f45)
    # Clicking a point shows its name as a link to the service's page.
    x, y = testing.map_screen_point(page, (0.6889, 47.3941))
    page.mouse.click(x, y)
    popup = page.locator(".maplibregl-popup")
    popup.get_by_role("link", name="Aide aux démarches en ligne").wait_for()
    # Open the structure from the list.
    page.get_by_role("link", name="Espace numérique Tours Centre").first.click()
    page.get_by_role("heading", level=1, name="Espace numérique Tours Centre").wait_for()
    assert page.get_by_text("12 rue Nationale").is_visible()
    wait_for_map(page)
    assert page.evaluate("window.terreauMap.queryRenderedFeatures({layers: ['lieu']}).length") == 1
    assert not console_errors


def test_on_a_phone_the_map_goes_under_the_list(page, live_server, services, tours_member):
    page.set_viewport_size({"width": 390, "height": 844})
    testing.browser_sign_in(page, live_server.url, tours_member.username)
    page.goto(live_server.url + "/annuaire/")
    wait_for_map(page)
    results = page.locator(".directory-results").bounding_box()
    map_box = page.locator("#directory-map").bounding_box()
    assert map_box["y"] >= results["y"] + results["height"] - 1
    assert map_box["width"] > 300


@pytest.mark.parametrize("width", [1280, 390])
def test_the_directory_pages_have_no_serious_accessibility_violation(page, live_server,
                                                                     services, tours_member,
                                                                     width):
    from terreau.atlas.tests.test_accessibility import serious_violations

    page.set_viewport_size({"width": width, "height": 900})
    testing.browser_sign_in(page, live_server.url, tours_member.username)
    for url in ("/annuaire/?theme=numerique", services["soins"].structure.get_absolute_url(),
                services["demarches"].get_absolute_url(), "/annuaire/fiche-quartier/"):
        page.goto(live_server.url + url)
        if "fiche" not in url:
            wait_for_map(page)
        assert serious_violations(page) == [], url
