"""The explorer in a real Chromium (Playwright, Debian's browser): the map repaints in place
from the values API, the legend, hover, panel, threshold, permalink and keyboard work, and
the geometry is never fetched again for an indicator change."""

import re

import pytest

from terreau.core import testing

pytestmark = [pytest.mark.browser]

TIMEOUT = 20_000
TOURS = (0.69, 47.39)



@pytest.fixture
def explorer(page, live_server, tours_member, atlas_indicators, console_errors):
    """A browser signed in as a member of tours-insertion, with three real indicators."""
    testing.browser_sign_in(page, live_server.url, tours_member.username)

    def open_page(query: str = "indicateur=chomage&niveau=commune&dans=37"):
        page.goto(f"{live_server.url}/atlas/?{query}")
        wait_ready(page)
        return page

    return open_page


def wait_ready(page):
    """Wait until the page drew the payload and the map is idle (body attributes).

    A change of the form marks the page not ready synchronously (in its change handler, which
    select_option and keyboard presses run), so waiting right after a change is safe.
    """
    page.wait_for_function("document.body?.dataset.atlasReady === '1' "
                           "&& document.body?.dataset.mapIdle === '1'", timeout=TIMEOUT)


def legend_lines(page) -> list[tuple[str, int]]:
    items = page.locator("[data-legend-classes] li")
    lines = []
    for i in range(items.count()):
        label = items.nth(i).locator(".legend-label").inner_text()
        count = items.nth(i).locator(".legend-count").inner_text()
        lines.append((label, int(re.sub(r"\D", "", count.split(" ")[0]))))
    return lines


def test_changing_the_indicator_changes_the_legend_without_refetching_the_layer(explorer):
    page = explorer()
    before = legend_lines(page)
    assert len(before) == 6 and before[-1][0] == "sans valeur"
    assert sum(count for _, count in before) == 272
    assert before[0][0].endswith("%")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_label("Indicateur", exact=True).select_option("revenu-median")
    wait_ready(page)
    after = legend_lines(page)
    assert after[0][0].endswith("€") and after != before
    assert sum(count for _, count in after) == 272
    assert "Revenu médian" in page.locator("[data-legend-caption]").inner_text()
    assert any("/api/v1/atlas/carte" in url and "revenu-median" in url for url in requests)
    assert not any("/territoires/couches/" in url for url in requests)
    assert "indicateur=revenu-median" in page.url
    # The table follows: its first row is the best-ranked zone of the new indicator.
    page.locator("[data-atlas-table] summary").click()
    assert "€" in page.locator("tbody[data-sort-body] tr").first.locator("td").first.inner_text()


def test_changing_the_method_reclassifies(explorer):
    page = explorer()
    before = legend_lines(page)
    page.get_by_label("Découpage en classes", exact=True).select_option("equal_interval")
    wait_ready(page)
    after = legend_lines(page)
    assert after != before
    assert sum(count for _, count in after) == 272
    assert "Intervalles égaux" in page.locator("[data-legend-method]").inner_text()
    assert "methode=equal_interval" in page.url
    page.get_by_label("Nombre de classes", exact=True).select_option("7")
    wait_ready(page)
    assert len(legend_lines(page)) == 8
    # The exports and the permalink follow the state.
    query = page.url.split("?", 1)[1]
    assert "classes=7" in query
    png = page.get_by_role("link", name="Image PNG").get_attribute("href")
    assert png == f"/atlas/export.png?{query}"
    assert page.get_by_role("link", name="Image SVG").get_attribute("href") \
        == f"/atlas/export.svg?{query}"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copier le lien").click()
    page.get_by_text("Lien copié").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == page.url


def test_hover_shows_the_name_and_value_and_click_opens_the_panel(explorer):
    page = explorer()
    x, y = testing.map_screen_point(page, TOURS)
    page.mouse.move(x, y)
    tooltip = page.locator(".zone-tooltip")
    tooltip.wait_for(timeout=TIMEOUT)
    assert re.fullmatch(r"Tours : \d+,\d\u202f%", tooltip.inner_text().strip())
    page.mouse.click(x, y)
    panel = page.locator("[data-zone-panel]")
    page.wait_for_function("document.querySelector('[data-zone-panel]').dataset.loaded === '1'",
                           timeout=TIMEOUT)
    assert panel.locator("h2").inner_text() == "Tours"
    items = panel.locator(".zone-indicator")
    assert items.count() == 3
    first = items.first.inner_text()
    assert first.startswith("Taux de chômage") and "sur 2" in first
    assert "Indre-et-Loire" in first and "Centre-Val de Loire" in first
    assert panel.get_by_role("link", name="Ouvrir la fiche de Tours").get_attribute("href") \
        == "/territoires/commune/37261/"
    page.keyboard.press("Escape")
    assert panel.is_hidden()


def test_the_threshold_slider_highlights_zones_live(explorer):
    page = explorer()
    page.get_by_label("Mettre en évidence les zones", exact=True).select_option("above")
    page.locator("#seuil-bas").focus()
    page.keyboard.press("Home")  # the minimum: every zone with a value
    counts = [int(page.locator("[data-threshold]").get_attribute("data-highlighted"))]
    for _ in range(3):
        page.keyboard.press("PageUp")  # a tenth of the range further
        counts.append(int(page.locator("[data-threshold]").get_attribute("data-highlighted")))
    assert counts[0] == 272
    assert counts[0] > counts[1] > counts[2] > counts[3] > 0
    assert re.search(r"communes sur 272 au-dessus de", page.locator("[data-threshold-count]")
                     .inner_text()) or "commune sur 272" in page.locator(
        "[data-threshold-count]").inner_text()
    assert "seuil=" in page.url
    # "Compare with the département": the threshold takes Indre-et-Loire's value.
    button = page.locator("[data-threshold-reference]")
    assert "Indre-et-Loire" in button.inner_text()
    button.click()
    highlighted = int(page.locator("[data-threshold]").get_attribute("data-highlighted"))
    assert 0 < highlighted < 272
    value = float(page.locator("#seuil-bas").input_value())
    assert value > 5


def test_a_permalink_restores_the_same_view(explorer, live_server):
    page = explorer("indicateur=revenu-median&niveau=commune&dans=37&methode=fisher_jenks"
                    "&classes=4&palette=PuBu&seuil=22000&carte=0.68,47.39,9.5")
    assert page.get_by_label("Indicateur", exact=True).input_value() == "revenu-median"
    assert page.get_by_label("Découpage en classes", exact=True).input_value() == "fisher_jenks"
    assert page.get_by_label("Nombre de classes", exact=True).input_value() == "4"
    assert page.locator("#palette-PuBu").is_checked()
    assert page.get_by_label("Mettre en évidence les zones", exact=True).input_value() == "above"
    legend = legend_lines(page)
    assert len(legend) == 5
    zoom = page.evaluate("window.terreauMap.getZoom()")
    center = page.evaluate("window.terreauMap.getCenter().toArray()")
    assert abs(zoom - 9.5) < 0.01 and abs(center[0] - 0.68) < 1e-3
    highlighted = page.locator("[data-threshold]").get_attribute("data-highlighted")
    # The same URL in a new page gives the same legend and highlight.
    url = page.url
    page.goto(url)
    wait_ready(page)
    assert legend_lines(page) == legend
    assert page.locator("[data-threshold]").get_attribute("data-highlighted") == highlighted


def test_keyboard_only_use_of_the_controls(explorer):
    page = explorer()
    before = legend_lines(page)
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "atlas-indicateur":
            break
    assert page.evaluate("document.activeElement.id") == "atlas-indicateur"
    page.keyboard.press("ArrowUp")  # "Taux de chômage" is the last of the list
    wait_ready(page)
    assert legend_lines(page) != before
    assert page.get_by_label("Indicateur", exact=True).input_value() != "chomage"


def test_an_unknown_indicator_in_a_permalink_is_explained(explorer, live_server):
    page = explorer("indicateur=inconnu&niveau=commune&dans=37")
    alert = page.locator("[data-atlas-error]")
    assert "Indicateur introuvable : « inconnu »" in alert.inner_text()
    # The form still works: choosing an indicator draws its map.
    page.get_by_label("Indicateur", exact=True).select_option("chomage")
    wait_ready(page)
    assert alert.is_hidden()
    assert len(legend_lines(page)) == 6


def test_the_canvas_really_draws_the_classes(explorer):
    page = explorer()
    colours = testing.frequent_colours(page, page.locator("#atlas-map canvas"))
    assert len(colours) >= 6  # five classes of YlOrRd, the background, borders…
    reds = [c for c in colours if c[0] > 180 and c[1] < 120 and c[2] < 100]
    assert reds, "the darkest class (red) is drawn"


def test_bad_manual_breaks_are_explained_and_the_map_stays(explorer):
    page = explorer()
    before = legend_lines(page)
    page.get_by_label("Découpage en classes", exact=True).select_option("manual")
    wait_ready(page)
    # The breaks start from the current ones, as the legend shows them (one decimal).
    breaks = page.get_by_label("Seuils choisis", exact=True).input_value()
    assert re.fullmatch(r"\d+(\.\d)?(, \d+(\.\d)?){3}", breaks)
    labels = [label for label, _ in legend_lines(page)]
    assert len(labels) == len(before) == 6
    first = float(breaks.split(", ")[0])
    assert labels[0].endswith(f"{first:.1f}\u202f%".replace(".", ","))
    page.get_by_label("Seuils choisis", exact=True).fill("10, 5")
    page.get_by_label("Seuils choisis", exact=True).press("Enter")
    alert = page.locator("[data-atlas-error]")
    alert.wait_for(timeout=TIMEOUT)
    assert "bornes" in alert.inner_text()
    page.get_by_label("Seuils choisis", exact=True).fill("6, 8, 10")
    page.get_by_label("Seuils choisis", exact=True).press("Enter")
    wait_ready(page)
    assert alert.is_hidden()
    labels = [label for label, _ in legend_lines(page)]
    assert labels[0].endswith("6,0\u202f%") and len(labels) == 5


def test_proportional_circles_of_a_count_over_the_choropleth(explorer):
    page = explorer()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_label("Effectif dessiné en cercles", exact=True).select_option("population")
    wait_ready(page)
    assert "symboles=population" in page.url
    assert any("/api/v1/atlas/points" in url for url in requests)
    drawn = page.evaluate("""() => {
      const map = window.terreauMap;
      return [map.getLayoutProperty("symboles-circle", "visibility"),
              map.querySourceFeatures("symboles").length];
    }""")
    assert drawn[0] == "visible" and drawn[1] > 200
    legend = page.locator("[data-symbol-legend]").inner_text()
    assert legend.startswith("Cercles : Population (habitants)")
    assert "habitants" in legend.splitlines()[-1]
    # A new classification keeps the circles without fetching them again.
    requests.clear()
    page.get_by_label("Nombre de classes", exact=True).select_option("4")
    wait_ready(page)
    assert not any("population" in url or "/points" in url for url in requests)
    page.get_by_label("Effectif dessiné en cercles", exact=True).select_option("")
    wait_ready(page)
    assert page.evaluate("window.terreauMap.getLayoutProperty('symboles-circle', 'visibility')") \
        == "none"


def test_from_the_whole_level_to_a_territory_the_map_is_drawn_again_and_coloured(explorer):
    """The layer of a whole level is simplified more than a territory's: going from one to the
    other replaces the map's source; the zones are coloured again, under the circles."""
    page = explorer("indicateur=chomage&niveau=commune&symboles=population")
    tolerance = "window.terreauMap.getSource('zones').serialize().tolerance"
    assert page.evaluate(tolerance) == 2
    page.select_option("select[name=dans]", "37")
    wait_ready(page)
    assert page.evaluate(tolerance) == 0.375
    state = page.evaluate("window.terreauMap.getFeatureState({source: 'zones', id: '37261'})")
    assert re.fullmatch(r"#[0-9a-f]{6}", state["couleur"])
    order = page.evaluate("window.terreauMap.getStyle().layers.map((layer) => layer.id)")
    circles = [i for i, name in enumerate(order) if "symbol" in name or "cercle" in name]
    assert circles and min(circles) > order.index("zones-line"), order


def test_the_reference_button_names_the_territory_holding_all_the_zones(cher_communes,
                                                                         explorer):
    """One département shown: its value. Two (Indre-et-Loire and the Cher): not Indre-et-Loire's
    value; the région's, which has none here (a commune of the Cher has no value, so the sum is
    unavailable), hence no button rather than a wrong reference."""
    page = explorer("indicateur=chomage&niveau=commune&dans=37")
    button = page.locator("[data-threshold-reference]")
    assert button.inner_text().startswith("Comparer au département (Indre-et-Loire : ")
    page = explorer("indicateur=chomage&niveau=commune&dans=24")
    references = page.evaluate("JSON.parse(document.getElementById('atlas-payload').textContent)"
                               ".references.map((ref) => [ref.niveau, ref.valeur === null])")
    assert ["departement", False] in references and ["departement", True] in references
    assert ["region", True] in references
    assert button.is_hidden()
