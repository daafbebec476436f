"""The comparison page in a real Chromium: maps that move together, one zone lit on every map,
the scatter plot's rectangle lighting zones up on the maps, shared classes across territories,
the bivariate key, the permalink, the keyboard and an accessibility scan (axe-core).

Real values: the comparateur's 2018 unemployment and 2019 median income of the 272 communes
of Indre-et-Loire (and the Cher's when asked). Tours is 37261; (0.6892, 47.3941) is inside it.
"""

import re

import pytest

from terreau.core import testing

pytestmark = [pytest.mark.browser]

URL = "/atlas/rapprochement/"
TWO_MAPS = "?carte=chomage,commune,37&carte=revenu-median,commune,37"
TOURS = ("37261", 0.6892, 47.3941)
AXE = testing.REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def compare_page(page, live_server, atlas_indicators, tours_member):
    """A browser signed in as a member of tours-insertion, the three open indicators loaded."""
    testing.browser_sign_in(page, live_server.url, "mehdi")
    return page


def open_compare(page, live_server, query=TWO_MAPS):
    page.goto(f"{live_server.url}{URL}{query}")
    page.wait_for_selector("body[data-map-idle='1']")


def camera(page, index):
    return page.evaluate("""(i) => { const map = window.terreauMaps[i]; const c = map.getCenter();
        return [c.lng, c.lat, map.getZoom()]; }""", index)


def screen_point(page, index, lon, lat):
    """Where (lon, lat) of map n° index is in the window, in CSS pixels (map scrolled in)."""
    page.locator(f"#compare-map-{index + 1}").scroll_into_view_if_needed()
    return page.evaluate("""([i, lon, lat]) => { const map = window.terreauMaps[i];
        const box = map.getContainer().getBoundingClientRect(); const p = map.project([lon, lat]);
        return [box.left + p.x, box.top + p.y]; }""", [index, lon, lat])


def feature_state(page, index, code):
    return page.evaluate("([i, code]) => window.terreauMaps[i].getFeatureState("
                         "{source: 'zones', id: code})", [index, code])


def panel(page, number):
    return page.locator("[data-panel]").nth(number - 1)


def test_panning_one_map_moves_the_other(compare_page, live_server, console_errors):
    page = compare_page
    open_compare(page, live_server)
    start = camera(page, 1)
    page.locator("#compare-map-1").scroll_into_view_if_needed()
    box = page.locator("#compare-map-1").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 60, steps=8)
    page.mouse.up()
    page.wait_for_timeout(300)
    first, second = camera(page, 0), camera(page, 1)
    assert first[0] != pytest.approx(start[0], abs=1e-4)
    assert second == pytest.approx(first, abs=1e-9)
    # Zooming the second map zooms the first.
    page.locator("#compare-map-2 .maplibregl-ctrl-zoom-in").click()
    page.wait_for_function("Math.abs(window.terreauMaps[0].getZoom() - window.terreauMaps[1]"
                           ".getZoom()) < 1e-9 && window.terreauMaps[0].getZoom() > "
                           f"{first[2] + 0.5}")
    # The shared extent is in the permalink.
    page.wait_for_function("new URLSearchParams(location.search).has('vue')")
    assert console_errors == []


def test_hovering_a_zone_lights_it_up_on_the_other_map_with_its_value(compare_page, live_server,
                                                                     console_errors):
    page = compare_page
    open_compare(page, live_server)
    code, lon, lat = TOURS
    page.mouse.move(*screen_point(page, 0, lon, lat))
    page.wait_for_function("window.terreauMaps[1].getFeatureState({source: 'zones', "
                           f"id: '{code}'}}).hover === true")
    assert feature_state(page, 0, code)["hover"] is True
    # Each map says the zone's value on its own indicator.
    assert re.fullmatch(r"Tours : \d+,\d\u202f%", panel(page, 1).locator("[data-hover-readout]")
                        .inner_text())
    assert re.fullmatch(r"Tours : \d+(\u202f\d{3})?\u00a0€",
                        panel(page, 2).locator("[data-hover-readout]").inner_text())
    # The zone's point grows on the scatter plot.
    page.wait_for_function(f"window.terreauCompare.scatter.view.signal('survol') === '{code}'")
    page.mouse.move(5, 5)
    page.wait_for_function("window.terreauMaps[1].getFeatureState({source: 'zones', "
                           f"id: '{code}'}}).hover === false")
    # Pointing at Tours' point on the scatter plot lights Tours up on both maps.
    page.locator("[data-scatter] path[aria-label*='Zone: Tours;']").hover()
    page.wait_for_function("window.terreauMaps[0].getFeatureState({source: 'zones', "
                           f"id: '{code}'}}).hover === true")
    assert feature_state(page, 1, code)["hover"] is True
    assert panel(page, 2).locator("[data-hover-readout]").inner_text().startswith("Tours : ")
    assert console_errors == []


def test_a_rectangle_on_the_scatter_plot_lights_the_zones_up_on_the_maps(compare_page,
                                                                         live_server,
                                                                         console_errors):
    page = compare_page
    open_compare(page, live_server)
    page.locator("[data-scatter] svg").scroll_into_view_if_needed()
    plot = page.locator("[data-scatter] svg").bounding_box()
    page.mouse.move(plot["x"] + plot["width"] * 0.3, plot["y"] + plot["height"] * 0.15)
    page.mouse.down()
    page.mouse.move(plot["x"] + plot["width"] * 0.75, plot["y"] + plot["height"] * 0.65, steps=10)
    page.mouse.up()
    page.wait_for_function("document.body?.dataset.selection > 0")
    selected = page.evaluate("window.terreauCompare.selection")
    assert 10 < len(selected) < 272
    count = page.locator("[data-selection-count]").inner_text()
    assert count == f"{len(selected)} zones sélectionnées."
    points = page.evaluate("window.terreauCompare.payload.croisement.points")
    others = [p["code"] for p in points if p["code"] not in selected]
    for index in (0, 1):
        assert feature_state(page, index, selected[0]).get("choisi") is True
        assert not feature_state(page, index, others[0]).get("choisi")
    # Clicking a zone on a map adds it to the selection (and to the plot's).
    page.locator("[data-clear-selection]").click()
    assert page.locator("[data-selection-count]").inner_text() == "Aucune zone sélectionnée."
    assert not feature_state(page, 0, selected[0]).get("choisi")
    code, lon, lat = TOURS
    page.mouse.click(*screen_point(page, 1, lon, lat))
    page.wait_for_function("document.body?.dataset.selection === '1'")
    assert feature_state(page, 0, code)["choisi"] is True
    page.wait_for_function("window.terreauCompare.scatter.view.signal('choisies').join() "
                           f"=== '{code}'")
    assert console_errors == []


@pytest.mark.usefixtures("cher_communes")
def test_two_territories_side_by_side_share_their_classes(compare_page, live_server,
                                                          console_errors):
    page = compare_page
    open_compare(page, live_server, "?carte=chomage,commune,37&carte=chomage,commune,18")
    labels = [panel(page, n).locator(".legend-label").all_inner_texts() for n in (1, 2)]
    assert len(labels[0]) == 6  # five classes and "sans valeur"
    assert labels[0] == labels[1]
    counts = [panel(page, n).locator(".legend-count").all_inner_texts() for n in (1, 2)]
    assert counts[0] != counts[1]
    note = page.locator("[data-colour-note]").inner_text()
    assert "Les couleurs ont le même sens sur les deux cartes" in note
    # Each map shows its own territory and does not follow the other.
    tours_side, cher_side = camera(page, 0), camera(page, 1)
    assert tours_side[0] < 1.4 < cher_side[0]
    page.locator("#compare-map-1 .maplibregl-ctrl-zoom-in").click()
    page.wait_for_timeout(500)
    assert camera(page, 1) == pytest.approx(cher_side, abs=1e-9)
    # No zone in common: no scatter plot, said in plain words.
    assert page.locator("[data-crossing]").is_hidden()
    assert "aucune zone en commun" in page.locator("[data-crossing-none]").inner_text()
    assert console_errors == []


def test_the_crossing_is_explained_in_words(compare_page, live_server, console_errors):
    page = compare_page
    open_compare(page, live_server)
    sentence = page.locator("[data-correlation-sentence]").inner_text()
    assert "« Taux de chômage »" in sentence and "« Revenu médian »" in sentence
    assert re.search(r"Pearson : −?-?0,\d\d", page.locator("[data-correlation-figures]")
                     .inner_text())
    key = page.locator("[data-bivariate-legend]")
    assert key.locator("td.bivariate-cell").count() == 9
    cells = {int(cell.get_attribute("data-cell")): int(cell.inner_text().split(":")[-1])
             for cell in key.locator("td.bivariate-cell").all()}
    assert sum(cells.values()) == 272
    assert "Taux de chômage →" in key.inner_text() and "Revenu médian →" in key.inner_text()
    corners = key.locator(".bivariate-corners").inner_text()
    assert "élevé sur les deux" in corners and "faible sur les deux" in corners
    assert "élevé en Taux de chômage, faible en Revenu médian" in corners
    # The bivariate map is drawn and moves with the others.
    assert page.evaluate("window.terreauCompare.bivariateMap.getFeatureState({source: "
                         "'zones', id: '37261'}).classe") in range(9)
    lists = page.locator("[data-quadrant]")
    assert lists.count() == 4
    assert lists.first.locator("a").count() == cells[8]
    # Pointing at a zone of a list lights it up on the maps.
    link = lists.first.locator("a").first
    code = link.get_attribute("data-code")
    link.hover()
    for index in (0, 1):
        assert feature_state(page, index, code)["hover"] is True
    assert link.get_attribute("href") == f"/territoires/commune/{code}/"
    assert console_errors == []


def test_a_permalink_opens_the_same_maps(compare_page, live_server, console_errors):
    page = compare_page
    query = ("?carte=population,commune,37,2013&carte=chomage,commune,37&carte=revenu-median,"
             "commune,37&methode=equal_interval&classes=4&vue=0.69,47.39,9")
    open_compare(page, live_server, query)
    assert page.locator("[data-panel]:visible").count() == 3
    assert page.locator("#carte-1-periode").input_value() == "2013"
    assert page.locator("#carte-3-indicateur").input_value() == "revenu-median"
    assert page.locator("#compare-methode").input_value() == "equal_interval"
    assert panel(page, 1).locator(".legend-item").count() == 5  # 4 classes, "sans valeur"
    assert "2013" in panel(page, 1).locator("[data-panel-where]").inner_text()
    for index in range(3):
        assert camera(page, index) == pytest.approx([0.69, 47.39, 9], abs=1e-6)
    # The address keeps the permalink readable (commas and colons as typed).
    assert "carte=population,commune,37,2013" in page.url and "vue=0.69,47.39,9" in page.url
    assert console_errors == []


def test_the_controls_work_from_the_keyboard(compare_page, live_server, console_errors):
    page = compare_page
    open_compare(page, live_server)
    page.locator("#carte-2-indicateur").focus()
    page.keyboard.press("ArrowUp")  # Revenu médian → Population (the list is by label)
    page.wait_for_function("window.terreauCompare.payload.cartes[1].indicateur.slug "
                           "=== 'population'")
    page.wait_for_selector("body[data-map-idle='1']")
    assert panel(page, 2).locator("[data-panel-title]").inner_text() == "Population (habitants)"
    add = page.get_by_role("button", name="Ajouter une carte")
    add.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.terreauCompare.payload.cartes.length === 3")
    assert page.evaluate("document.activeElement.id") == "carte-3-indicateur"
    page.wait_for_selector("body[data-map-idle='1']")
    assert panel(page, 3).is_visible()
    assert "carte=revenu-median,commune,37," in page.url
    # The table of map 1 opens and sorts from the keyboard.
    summary = panel(page, 1).locator(".compare-table summary")
    summary.focus()
    page.keyboard.press("Enter")
    value = panel(page, 1).get_by_role("button", name="Valeur (%)")
    value.focus()
    page.keyboard.press("Enter")
    header = panel(page, 1).locator("th", has=page.get_by_role("button", name="Valeur (%)"))
    assert header.get_attribute("aria-sort") == "ascending"
    first = panel(page, 1).locator("tbody[data-sort-body] tr").first
    assert first.locator("td").first.inner_text() == "2,0\u202f%"
    page.get_by_role("button", name="Retirer la carte 2").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.terreauCompare.payload.cartes.length === 2")
    assert page.evaluate("document.activeElement.id") == "carte-1-indicateur"
    assert page.locator("#carte-2-indicateur").input_value() == "revenu-median"
    assert page.get_by_role("button", name=re.compile("Retirer")).count() == 0
    assert console_errors == []


@pytest.mark.usefixtures("indicateur_secret")
def test_errors_are_said_in_french_and_the_page_stays_usable(compare_page, live_server,
                                                             console_errors):
    page = compare_page
    open_compare(page, live_server, "?carte=population-secrete,commune,37&carte=chomage,"
                                    "commune,37")
    assert "n'a de valeur" in panel(page, 1).locator("[data-panel-error]").inner_text()
    assert panel(page, 2).locator(".legend-item").count() == 6
    # An answer of the API with an error: said in the live region, the maps stay.
    page.route("**/api/v1/atlas/rapprochement?*", lambda route: route.fulfill(
        status=400, json={"detail": "Paramètre « carte » : essai d'erreur."}))
    page.locator("#compare-classes").select_option("7")
    message = page.locator("[data-messages] [data-error]")
    message.wait_for()
    assert message.inner_text() == "Paramètre « carte » : essai d'erreur."
    assert page.locator("[data-messages]").get_attribute("aria-live") == "polite"
    assert panel(page, 2).locator(".legend-item").count() == 6
    page.unroute("**/api/v1/atlas/rapprochement?*")
    page.locator("#compare-classes").select_option("4")
    page.wait_for_function("window.terreauCompare.payload.cartes[1].classification.classes "
                           "=== 4")
    assert page.locator("[data-messages] [data-error]").count() == 0
    assert [e for e in console_errors if "400" not in e] == []


def test_no_serious_accessibility_violation(compare_page, live_server, console_errors):
    page = compare_page
    open_compare(page, live_server)
    page.locator(".compare-table summary").first.click()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert console_errors == []
