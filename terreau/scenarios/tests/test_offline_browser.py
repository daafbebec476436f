"""The offline HTML file in a real browser with the network off, from a file:// URL."""

import pytest

from terreau.core.testing import map_screen_point
from terreau.scenarios.offline import scenario_offline_html

from .test_export_setup import *  # noqa: F403 (fixtures)

pytestmark = pytest.mark.browser

TOURS = (0.69, 47.39)  # a point inside the commune of Tours


def colours_of(locator) -> int:
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(locator.screenshot())).convert("RGB")
    return len({colour for _, colour in image.getcolors(1 << 20)})


def map_ready(page, step: int):
    page.wait_for_function(
        f"document.body?.dataset.shownStep === '{step}' && "
        f"document.querySelector('#etape-{step} [data-step-map]').dataset.mapReady === '1'",
        timeout=20000)


@pytest.fixture
def offline_page(browser, tmp_path, open_scenario, console_errors):
    path = tmp_path / "scenario.html"
    path.write_bytes(scenario_offline_html(open_scenario, None))
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900},
                                  locale="fr-FR")
    page = context.new_page()
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and "ReadPixels" not in m.text
            and console_errors.append(m.text))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.requests = requests
    yield page
    context.close()


def test_the_offline_file_draws_its_maps_without_network(offline_page, console_errors):
    page = offline_page
    map_ready(page, 1)
    assert page.locator("[data-slide-status]").inner_text() == "Étape 1 sur 2"
    canvas = page.locator("#etape-1 canvas")
    assert colours_of(canvas) >= 5
    x, y = map_screen_point(page, TOURS)
    page.mouse.move(x, y)
    tooltip = page.locator("#etape-1 .story-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith("Tours\n")
    assert "%" in tooltip.inner_text()
    assert page.locator("#etape-1 .story-legend li").count() == 6
    page.keyboard.press("ArrowRight")
    map_ready(page, 2)
    assert page.locator("#etape-1").is_hidden()
    assert page.locator("#etape-2 canvas").count() == 2
    assert colours_of(page.locator("#etape-2 canvas").first) >= 5
    assert page.url.endswith("#etape-2")
    assert not [url for url in page.requests if url.startswith("http")]
    assert console_errors == []


def test_the_live_reader_draws_a_public_step_for_an_anonymous_reader(
        transactional_db, live_server, page, open_scenario, console_errors):
    page.goto(live_server.url + open_scenario.get_absolute_url())
    page.wait_for_function("document.querySelector('#etape-1 [data-step-map]')"
                           ".dataset.mapReady === '1'", timeout=20000)
    assert colours_of(page.locator("#etape-1 canvas")) >= 5
    x, y = page.evaluate("""([lng, lat]) => {
      const map = document.querySelector('#etape-1 [data-step-map]').storyMaps[0];
      const p = map.project([lng, lat]), box = map.getCanvas().getBoundingClientRect();
      return [box.left + p.x, box.top + p.y];
    }""", list(TOURS))
    page.mouse.move(x, y)
    tooltip = page.locator("#etape-1 .story-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith("Tours\n")
    page.locator("#etape-1 summary", has_text="Voir en tableau").click()
    assert page.locator("#etape-1 .story-table tbody tr").count() == 272
    assert console_errors == []
