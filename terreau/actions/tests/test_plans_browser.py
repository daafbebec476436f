"""In Chromium: plan an action that tests a hypothesis from the pages, add a task, see the
action in the list and on the map (its point drawn, a click opens its title as a link)."""

# ruff: noqa: F811
import re

import pytest

from terreau.core import testing

from .plans_setup import TOURS, zones  # noqa: F401

pytestmark = pytest.mark.browser


def wait_for_map(page):
    page.wait_for_function("document.body?.dataset.mapIdle === '1'", timeout=20_000)


def test_plan_an_action_add_a_task_and_see_it_on_the_list_and_the_map(
        transactional_db, page, live_server, group, fanny, mehdi, hypothesis, zones,
        console_errors):
    fanny.set_password(testing.PASSWORD)
    fanny.save()
    testing.browser_sign_in(page, live_server.url, "fanny")
    page.goto(live_server.url + "/actions/")
    page.get_by_role("link", name="Planifier une action").click()
    page.wait_for_url("**/actions/nouvelle/")
    page.get_by_label("Titre").fill("Permanence au centre social")
    page.get_by_label("But de l'action").fill("Faire connaître la Mission locale.")
    page.get_by_label("Les jeunes du nord ne connaissent pas la Mission locale.").check()
    page.get_by_label("Zones concernées").fill("Tours")
    page.get_by_label("Début").fill("2026-01-10")
    page.get_by_label("mehdi participe").check()
    page.get_by_label("Compétence apportée par mehdi").select_option("emploi-insertion")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/actions/permanence-au-centre-social/")
    page.get_by_role("heading", level=1, name="Permanence au centre social").wait_for()
    assert page.get_by_role("link", name="Les jeunes du nord ne connaissent pas la Mission "
                                         "locale.").get_attribute("href").startswith(
        "/scenarios/chomage-nord/#hypothese-")
    assert "Emploi / insertion" in page.locator("section", has_text="Qui participe").inner_text()
    # A task for Mehdi.
    page.get_by_label("Quoi").fill("Imprimer les affiches")
    page.get_by_role("combobox", name=re.compile(r"^Qui\b")).select_option(label="mehdi")
    page.get_by_label("Pour quand").fill("2026-01-20")
    page.get_by_role("button", name="Ajouter la tâche").click()
    page.wait_for_url("**/actions/permanence-au-centre-social/#taches")
    row = page.locator("#tasks-table tbody tr")
    assert row.locator("th").inner_text() == "Imprimer les affiches"
    assert row.locator("td").all_inner_texts()[:3] == ["mehdi", "20/01/2026", "Non"]
    row.get_by_role("button", name="Marquer faite").click()
    page.wait_for_url("**#taches")
    assert page.locator("#tasks-table tbody tr td").nth(2).inner_text().startswith("Oui")
    # The list and its map.
    page.get_by_role("link", name="Actions", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/actions/")
    table = page.locator("#actions-table")
    assert table.get_by_role("link", name="Permanence au centre social").is_visible()
    assert "Tours" in table.locator("tbody tr").inner_text()
    wait_for_map(page)
    assert page.evaluate("window.terreauMap.queryRenderedFeatures("
                         "{layers: ['actions-points']}).length") == 1
    point = page.evaluate("window.terreauMap.queryRenderedFeatures("
                          "{layers: ['actions-points']})[0].geometry.coordinates")
    page.locator("#actions-map").scroll_into_view_if_needed()
    x, y = testing.map_screen_point(page, point)
    page.mouse.click(x, y)
    popup = page.locator(".maplibregl-popup")
    popup.get_by_role("link", name="Permanence au centre social").wait_for()
    assert "Tours — insertion" in popup.inner_text()
    assert not console_errors
