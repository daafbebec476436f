"""Indicator pages in a real Chromium: the table sorts from the keyboard, the formula is
checked as it is typed and variables are added with a button."""

import pytest

from terreau.core import testing
from terreau.indicators.services import indicator_create

from .factories import dataset_make, group_make, user_make

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("cvl_zones")]


@pytest.fixture
def facilitator_page(page, live_server, data_dir, console_errors):
    """A browser signed in as a facilitator, with the comparateur's real counts loaded."""
    dataset_make(data_dir)
    user = user_make("fanny", group=group_make("tours-insertion"), role="facilitator")
    user.set_password(testing.PASSWORD)
    user.save()
    indicator_create(slug="chomage", label="Taux de chômage", formula="taux(chomeurs, actifs)",
                     unit="%", user=user)
    testing.browser_sign_in(page, live_server.url, "fanny")
    return page


def test_the_values_table_sorts_from_the_keyboard(facilitator_page, live_server,
                                                  console_errors):
    page = facilitator_page
    page.goto(f"{live_server.url}/indicateurs/chomage/?niveau=commune&dans=37")
    header = page.locator("th", has=page.get_by_role("button", name="Valeur (%)"))
    assert header.get_attribute("aria-sort") == "none"
    page.get_by_role("button", name="Valeur (%)").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    first_rank = page.locator("tbody[data-sort-body] tr").first.locator("td").nth(2)
    assert first_rank.inner_text().startswith("1/")
    assert "décroissant" in page.locator("[data-sort-status]").inner_text()
    # The reference rows stay on top, unsorted.
    assert "Indre-et-Loire" in page.locator("tbody.references tr").first.inner_text()
    assert console_errors == []


def test_the_formula_is_checked_while_typing_and_variables_are_added(facilitator_page,
                                                                     live_server,
                                                                     console_errors):
    page = facilitator_page
    page.goto(f"{live_server.url}/indicateurs/nouveau/")
    formula = page.get_by_role("textbox", name="Formule")
    formula.press_sequentially("taux(chomeurs; ")
    check = page.locator("#formula-check")
    check.get_by_text("caractère « ; » non accepté").wait_for()
    assert "taux(chomeurs; \n             ^" in check.locator("pre").inner_text()
    formula.fill("taux(chomeurs, ")
    page.get_by_role("button", name="Ajouter actifs à la formule").click()
    assert formula.input_value() == "taux(chomeurs, actifs"
    formula.press("End")
    formula.press_sequentially(")")
    check.get_by_text("Formule correcte").wait_for()
    assert "Comparateur (comparateur)" in check.inner_text()
    assert console_errors == []
