"""The territory map in a real Chromium: it draws, names zones on hover, opens them on click.

Driven by pytest-playwright against the live server; the zones are the real communes of
Indre-et-Loire. Pixel positions come from the map itself (`terreauMap.project`).
"""

import base64

import pytest

from terreau.core import testing

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("cvl_zones")]

TOURS = (0.69, 47.39)
AMBOISE = (0.98, 47.40)

# Count the colours of a PNG in the page, through a 2D canvas: a WebGL canvas cannot be read
# back (its buffer is cleared after drawing), a screenshot of it can.
COUNT_COLOURS = """async (data) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  const colours = new Set();
  for (let i = 0; i < pixels.length; i += 4) {
    colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
  }
  return colours.size;
}"""


def open_map(page, live_server, query="niveau=commune&dans=37"):
    page.goto(f"{live_server.url}/territoires/carte/?{query}")
    page.wait_for_function("document.body?.dataset.mapIdle === '1'", timeout=30_000)


def test_map_names_a_commune_on_hover_and_opens_tours_on_click(signed_in_page, live_server,
                                                              console_errors):
    page = signed_in_page
    open_map(page, live_server)
    # Hovering Amboise shows its name beside the pointer.
    page.mouse.move(*testing.map_screen_point(page, AMBOISE))
    tooltip = page.locator(".zone-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == "Amboise (37003)"
    # Moving to Tours and clicking opens the page of Tours.
    x, y = testing.map_screen_point(page, TOURS)
    page.mouse.move(x, y)
    assert page.locator(".zone-tooltip").inner_text() == "Tours (37261)"
    page.mouse.click(x, y)
    page.wait_for_url(f"{live_server.url}/territoires/commune/37261/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tours"
    assert console_errors == []


def test_map_canvas_really_draws_the_communes(signed_in_page, live_server, console_errors):
    page = signed_in_page
    open_map(page, live_server)
    png = page.locator("#territory-map canvas").screenshot()
    # Background, fill, borders and their anti-aliasing: far more than two colours.
    colours = page.evaluate(COUNT_COLOURS, base64.b64encode(png).decode())
    assert colours > 2
    assert page.evaluate("window.terreauMap.querySourceFeatures('zones').length") > 0
    assert console_errors == []


def test_table_beside_the_map_is_reachable_with_the_keyboard(signed_in_page, live_server):
    """Every zone drawn is a link in the table: tab to it, press Enter, reach its page."""
    page = signed_in_page
    open_map(page, live_server)
    assert page.locator(".zone-table a").count() == 272
    assert page.get_by_role("region", name="Carte des zones affichées (Commune, Indre-et-Loire)"
                            ).count() == 1
    link = page.locator(".zone-table").get_by_role("link", name="Tours", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/territoires/commune/37261/")


def test_zone_page_draws_its_contour(signed_in_page, live_server, console_errors):
    page = signed_in_page
    page.goto(f"{live_server.url}/territoires/departement/37/")
    page.wait_for_function("document.body?.dataset.mapIdle === '1'", timeout=30_000)
    assert page.evaluate("window.terreauMap.querySourceFeatures('children').length") > 0
    assert console_errors == []


def test_search_as_you_type_reaches_joue_les_tours(signed_in_page, live_server, console_errors):
    page = signed_in_page
    page.goto(f"{live_server.url}/territoires/recherche/")
    page.get_by_label("Nom ou code INSEE").press_sequentially("joue", delay=50)
    result = page.locator("#search-results").get_by_role("link", name="Joué-lès-Tours")
    result.click()
    page.wait_for_url(f"{live_server.url}/territoires/commune/37122/")
    assert page.get_by_role("heading", level=1).inner_text() == "Joué-lès-Tours"
    assert console_errors == []


def test_without_webgl2_the_map_says_so_and_keeps_the_table(signed_in_page, live_server):
    page = signed_in_page
    page.add_init_script("""{
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === "webgl2" ? null : getContext.call(this, kind, ...rest);
      };
    }""")
    page.goto(f"{live_server.url}/territoires/carte/?niveau=commune&dans=37")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "WebGL 2 n'est pas disponible" in alert.inner_text()
    assert page.locator("#territory-map").count() == 0
    assert page.locator(".zone-table a").count() == 272


def test_a_layer_that_cannot_be_loaded_is_reported_in_french(signed_in_page, live_server):
    """E.g. a session that expired while the page stayed open: the API answers 401."""
    page = signed_in_page
    page.route("**/api/v1/territoires/couches/**",
               lambda route: route.fulfill(status=401, content_type="application/json",
                                           body='{"detail": "Unauthorized"}'))
    page.goto(f"{live_server.url}/territoires/carte/?niveau=commune&dans=37")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Les zones n'ont pas pu être chargées" in alert.inner_text()
    assert page.locator(".zone-table a").count() == 272


def test_an_optional_basemap_is_drawn_under_the_zones_and_its_failure_spares_them(
        signed_in_page, live_server, settings, closed_url):
    """TERREAU_TILE_URL adds a raster basemap to every map; when its tiles cannot be had
    (offline), the zones still draw and no "zones not loaded" alarm is raised."""
    settings.TERREAU_TILE_URL = closed_url + "/{z}/{x}/{y}.png"
    settings.TERREAU_TILE_ATTRIBUTION = "Fond : exemple"
    page = signed_in_page
    open_map(page, live_server)
    layers = page.evaluate("window.terreauMap.getStyle().layers.map((layer) => layer.id)")
    assert layers[:2] == ["background", "fond"] and "zones-fill" in layers
    assert page.evaluate("window.terreauMap.getStyle().sources.fond.tiles") == [
        settings.TERREAU_TILE_URL]
    assert page.evaluate("window.terreauMap.isSourceLoaded('zones')")
    assert page.locator("text=Les zones n'ont pas pu être chargées").count() == 0
