"""In Chromium: Fanny records an evaluation round of an action on Tours (the population
before and after, taken from the catalogue), concludes it with a verdict that confirms the
hypothesis, then opens the scenario and sees "Confirmée" with the link to the round."""

import re

import pytest
from playwright.sync_api import expect

from terreau.core import testing

from .evaluation_fixtures import *  # noqa: F403

pytestmark = pytest.mark.browser

STATEMENT = "Les jeunes du nord ne connaissent pas la Mission locale."


def test_conclude_a_round_that_confirms_the_hypothesis_and_see_it_in_the_scenario(
        transactional_db, page, live_server, action, fanny, population, hypothesis, scenario,
        tours_population, console_errors):
    fanny.set_password(testing.PASSWORD)
    fanny.save()
    testing.browser_sign_in(page, live_server.url, "fanny")
    page.goto(f"{live_server.url}/actions/{action.slug}/evaluations/nouvelle/")
    page.get_by_role("heading", level=1, name="Temps d'évaluation n° 1").wait_for()
    page.get_by_label("Date de ce temps d'évaluation").fill("2026-03-12")
    page.get_by_label("Ce qui s'est passé").fill("Dix permanences, trente jeunes reçus.")
    page.locator("#id_decision").select_option(label="Continuer")
    page.locator("#id_ind-0-indicator").select_option(label="Population")
    page.locator("#id_ind-0-zone").select_option(label="Tours (37261)")
    page.locator("#id_ind-0-before_period").fill("2013")
    page.locator("#id_ind-0-after_period").fill("2018")
    page.locator("#id_lf-0-kind").select_option(label="Levier")
    page.locator("#id_lf-0-text").fill("La Mission locale vient au centre social.")
    page.get_by_label(f"Nouveau statut de « {STATEMENT} »").select_option(label="Confirmée")
    page.locator(f"#id_reason_{hypothesis.pk}").fill("Trente jeunes reçus en six mois.")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    page.wait_for_url(f"**/actions/{action.slug}/evaluations/1/")

    table = page.locator("table.round-indicators")
    expect(table).to_contain_text("(2013, catalogue)")
    expect(table).to_contain_text("(2018, catalogue)")
    page.get_by_role("button", name="Conclure l'évaluation n° 1").click()
    page.wait_for_url(f"**/actions/{action.slug}/evaluations/1/")
    expect(page.locator("[data-round-state=conclue]")).to_be_visible()

    page.get_by_role("link", name=f"« {STATEMENT} »").click()
    page.wait_for_url(re.compile(rf"/scenarios/{scenario.slug}/"))
    article = page.locator(f"#{hypothesis.anchor}")
    expect(article.get_by_text("Confirmée", exact=True).first).to_be_visible()
    proof = article.get_by_role("link", name="Évaluation 1 de l'action « Permanence de la "
                                             "Mission locale au centre social »")
    expect(proof).to_be_visible()
    assert proof.get_attribute("href") == f"/actions/{action.slug}/evaluations/1/"
    proof.click()
    page.wait_for_url(f"**/actions/{action.slug}/evaluations/1/")
    assert console_errors == []
