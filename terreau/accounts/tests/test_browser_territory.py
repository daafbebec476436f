"""Drawing a group's territory in a real Chromium: clicks on the map tick the list, it saves.

Driven by pytest-playwright against the live server; the zones are the real communes of
Indre-et-Loire. Pixel positions come from the map itself (`terreauMap.project`) at a point
inside each commune's real contour.
"""

import pytest
import shapely

from terreau.accounts.models import GroupTerritory
from terreau.core import testing
from terreau.territory.models import Zone

from .factories import group_make, user_make

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("cvl_zones")]


@pytest.fixture
def member_page(page, live_server, console_errors):
    group = group_make("tours-insertion", "Tours — insertion")
    user_make("mehdi", group=group, password=testing.PASSWORD)
    testing.browser_sign_in(page, live_server.url, "mehdi")
    return page


def inside(code: str) -> tuple[float, float]:
    """Return a longitude/latitude inside the commune's contour."""
    geometry = shapely.from_wkb(bytes(Zone.objects.get(level="commune", code=code).geometry))
    point = geometry.representative_point()
    return point.x, point.y


def test_clicking_two_communes_ticks_them_and_saves_the_territory(member_page, live_server,
                                                                  console_errors):
    page = member_page
    page.goto(f"{live_server.url}/groupes/tours-insertion/territoires/nouveau/"
              "?niveau=commune&dans=37")
    page.wait_for_function("document.body?.dataset.mapIdle === '1'", timeout=30_000)
    page.locator("#draw-map").scroll_into_view_if_needed()
    tours = page.get_by_role("checkbox", name="Tours (37261)")
    joue = page.get_by_role("checkbox", name="Joué-lès-Tours (37122)")
    assert not tours.is_checked() and not joue.is_checked()

    page.mouse.click(*testing.map_screen_point(page, inside("37261")))
    page.mouse.click(*testing.map_screen_point(page, inside("37122")))
    assert tours.is_checked() and joue.is_checked()
    assert page.locator("#draw-count").inner_text() == "2 zones choisies : Joué-lès-Tours, Tours"
    tours_id = Zone.objects.get(level="commune", code="37261").pk
    assert page.evaluate("(id) => window.terreauMap.getFeatureState({source: 'zones', id})"
                         ".chosen", tours_id)
    # The list filter finds a commune without its accents; the ticked ones stay ticked.
    page.get_by_label("Filtrer la liste par nom ou code").fill("joue les")
    assert page.locator("#zone-checklist li:not([hidden])").count() == 1

    page.get_by_label("Nom du territoire").fill("Tours et Joué")
    page.get_by_role("button", name="Enregistrer le territoire").click()
    page.wait_for_url(f"{live_server.url}/groupes/tours-insertion/")
    assert page.get_by_role("link", name="Tours et Joué", exact=True).is_visible()
    assert "Territoire « Tours et Joué » enregistré." in page.locator(".messages").inner_text()
    territory = GroupTerritory.objects.get()
    assert set(territory.zones.values_list("code", flat=True)) == {"37261", "37122"}
    assert console_errors == []
