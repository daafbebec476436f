"""The tabulations page in a real browser (Playwright, Debian's Chromium): the form works,
the bar chart draws (Vega-Lite) beside the table on a wide screen and below it on a phone,
the cross table's flagged cells carry signs, and no console error."""

import pytest
from playwright.sync_api import expect

from terreau.core import testing

from . import tab_fixtures as fx

campaign, collector, facilitator, answered = (fx.campaign, fx.collector, fx.facilitator,
                                              fx.answered)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("answered")]
TIMEOUT = 20_000


def open_tabulations(page, live_server, campaign):
    testing.browser_sign_in(page, live_server.url, "fanny")
    page.goto(f"{live_server.url}/analyses/tableaux/{campaign.questionnaire.slug}/")


def chart_drawn(page):
    chart = page.locator("[data-tab-chart]")
    expect(chart).to_have_attribute("data-chart-ready", "1", timeout=TIMEOUT)
    return chart


def test_a_flat_table_and_its_chart_side_by_side(page, live_server, campaign,
                                                 console_errors):
    open_tabulations(page, live_server, campaign)
    page.get_by_label("Question à compter").select_option(label="Votre logement")
    page.get_by_role("button", name="Afficher le tableau").click()
    table = page.get_by_role("table", name="Votre logement")
    expect(table).to_be_visible()
    expect(table.locator("tr.missing")).to_contain_text("Non-réponse")
    chart = chart_drawn(page)
    bars = chart.locator("svg path[aria-roledescription='bar']")
    expect(bars).to_have_count(5)  # one bar per category of the list (two at 0 %)
    table_box, chart_box = table.bounding_box(), chart.bounding_box()
    assert chart_box["x"] >= table_box["x"] + table_box["width"] - 1  # beside, on the right
    assert abs(chart_box["y"] - table_box["y"]) < 120
    assert chart_box["height"] > 60
    assert console_errors == []


def test_a_cross_table_on_a_phone_shows_signs_and_the_chart_below(page, live_server,
                                                                  campaign, console_errors):
    page.set_viewport_size({"width": 360, "height": 740})
    open_tabulations(page, live_server, campaign)
    page.get_by_label("Question à compter").select_option(label="Votre logement")
    page.get_by_label("Croiser avec (facultatif)").select_option(
        label="Avez-vous une voiture ?")
    page.get_by_role("button", name="Afficher le tableau").click()
    expect(page.get_by_text("Les deux questions sont-elles liées ?")).to_be_visible()
    expect(page.locator("td.over").first).to_contain_text("▲")
    chart = chart_drawn(page)
    table = page.locator(".tab-table table")
    assert chart.bounding_box()["y"] > table.bounding_box()["y"] + 50  # stacked
    # 3 housing situations × car or not (hébergé·es with a car: a bar at 0 %).
    expect(chart.locator("svg path[aria-roledescription='bar']")).to_have_count(6)
    csv_link = page.get_by_role("link", name="CSV")
    assert "format=csv" in csv_link.get_attribute("href")
    assert "croise=voiture" in csv_link.get_attribute("href")
    assert console_errors == []
