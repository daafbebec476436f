"""Accessibility scan of the explorer with axe-core (npm devDependency, injected in the page):
no violation of impact "serious" or "critical", with the map drawn, the table and the zone
panel open, at desktop and phone widths."""

import pytest

from terreau.core import testing
from terreau.core.testing import REPO_ROOT

from .test_explorer_browser import TOURS, wait_ready

pytestmark = [pytest.mark.browser]

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}"""


def serious_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.skip("axe-core absent : npm install (devDependencies)")
    page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_explorer_has_no_serious_accessibility_violation(page, live_server, tours_member,
                                                             atlas_indicators, width):
    testing.browser_sign_in(page, live_server.url, tours_member.username)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/atlas/?indicateur=chomage&niveau=commune&dans=37"
              "&symboles=population&seuil=12")
    wait_ready(page)
    if width > 800:  # a zone's panel, opened from the map
        page.mouse.click(*testing.map_screen_point(page, TOURS))
        page.wait_for_function(
            "document.querySelector('[data-zone-panel]').dataset.loaded === '1'")
    page.locator("[data-atlas-table] summary").click()
    page.locator("[data-ranking] svg").first.wait_for()
    assert serious_violations(page) == []


def test_a_bad_permalink_page_has_no_serious_accessibility_violation(page, live_server,
                                                                      tours_member,
                                                                      atlas_indicators):
    testing.browser_sign_in(page, live_server.url, tours_member.username)
    page.goto(f"{live_server.url}/atlas/?indicateur=inconnu&dans=37")
    wait_ready(page)
    assert serious_violations(page) == []
