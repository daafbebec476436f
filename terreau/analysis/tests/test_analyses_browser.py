"""The results page of a saved analysis in a real browser (Playwright, Debian's Chromium):
the charts and the factor map draw, the axes can be changed, the table beside the map says
the same, and a facilitator names a profile with the keyboard-reachable form."""

import pytest
from playwright.sync_api import expect

from terreau.analysis.services import analysis_create, run_start
from terreau.core import testing

from . import analyses_setup as setup

campaign, collector, facilitator, answered, questionnaire = (
    setup.campaign, setup.collector, setup.facilitator, setup.answered, setup.questionnaire)

pytestmark = pytest.mark.browser
TIMEOUT = 20_000


@pytest.fixture
def analysis(transactional_db, settings, questionnaire, answered, facilitator):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    analysis = analysis_create(questionnaire=questionnaire, title="Profils de besoins",
                               parameters=setup.PARAMETERS, user=facilitator)
    run_start(analysis=analysis, user=facilitator)
    return analysis


def test_the_factor_map_draws_and_a_profile_is_named(page, live_server, analysis,
                                                      console_errors):
    testing.browser_sign_in(page, live_server.url, "fanny")
    page.goto(live_server.url + analysis.get_absolute_url())
    factor_map = page.locator("[data-factor-map]")
    expect(factor_map).to_have_attribute("data-drawn", "true", timeout=TIMEOUT)
    expect(factor_map.locator("svg")).to_be_visible()
    expect(factor_map).to_contain_text("Axe 1 (")
    expect(page.locator("[data-chart=eigen] svg")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("[data-chart=gains] svg")).to_be_visible(timeout=TIMEOUT)
    table = page.get_by_role("table", name="Coordonnées des points du plan")
    expect(table.get_by_role("row", name="Profil 1")).to_have_count(1)

    page.get_by_label("Axes 2 et 3").check()
    expect(factor_map).to_have_attribute("data-axes", "2-3")
    expect(factor_map).to_contain_text("Axe 3 (", timeout=TIMEOUT)

    name = "Familles avec voiture"
    page.get_by_label("Nom du profil 2").fill(name)
    page.get_by_label("Nom du profil 2").press("Enter")
    expect(page.get_by_role("heading", name=f"Profil 2 — « {name} »")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"Profil 2 nommé « {name} ».")
    expect(page.locator("[data-factor-map]")).to_contain_text(name, timeout=TIMEOUT)
    assert console_errors == []
