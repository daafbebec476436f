"""In Chromium, the group's whole cycle: plan an action that tests a hypothesis, record a
session of that action with its attendance, conclude an evaluation round that confirms the
hypothesis and see its status change in the scenario; the dashboard shows the new
realisation of the year's target."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from terreau.core import testing
from terreau.monitoring.models import ProjectCalendar, Target

pytestmark = pytest.mark.browser
STATEMENT = "Les jeunes du nord ne connaissent pas la Mission locale."


def box(page, name):
    return page.get_by_role("checkbox", name=re.compile("^" + re.escape(name)))


def test_plan_meet_evaluate_and_see_the_hypothesis_and_the_target_move(
        transactional_db, page, live_server, group, fanny, mehdi, people, scenario,
        hypothesis, console_errors):
    today = date.today()
    # The project's year 1 is the one running today, whatever the day the tests run.
    ProjectCalendar.objects.update(first_day=date(today.year - (today.month < 4), 4, 1))
    Target.objects.create(group=group, year=1, label="Mobiliser 4 participants",
                          unit="personnes", value=Decimal(4), metric="participants")
    fanny.set_password(testing.PASSWORD)
    fanny.save()
    testing.browser_sign_in(page, live_server.url, "fanny")
    dashboard = f"{live_server.url}/suivi/groupes/{group.slug}/"
    page.goto(dashboard)
    target = page.locator("li.target", has_text="Mobiliser 4 participants")
    expect(target.get_by_text("0 sur 4 personnes (0 %)")).to_be_visible()

    # Plan the action that tests the hypothesis.
    page.goto(live_server.url + "/actions/nouvelle/")
    page.get_by_label("Titre").fill("Permanence au centre social")
    page.get_by_label(STATEMENT).check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/actions/permanence-au-centre-social/")

    # A session of the action, and who came.
    page.goto(f"{live_server.url}/suivi/groupes/{group.slug}/seances/nouvelle/")
    page.get_by_label("Intitulé").fill("Première permanence")
    page.locator("#id_date").fill(today.isoformat())
    page.locator("#id_action").select_option(label="Permanence au centre social")
    page.get_by_role("button", name=re.compile("^Enregistrer")).click()
    page.wait_for_url(re.compile(r"/seances/\d+/$"))
    page.get_by_role("link", name="Saisir les présences").click()
    page.wait_for_url("**/presences/")
    page.wait_for_function("document.body?.dataset.attendanceReady === '1'")
    box(page, "Mehdi Benali").check()
    box(page, "Fanny Martin").check()
    page.get_by_label("Nom (ligne 1)").fill("Léa Durand")
    page.get_by_label("Habitant·es présent·es (nombre)").fill("5")
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.wait_for_url(re.compile(r"/seances/\d+/$"))
    expect(page.locator("[data-session-figures]")).to_contain_text("3 participants différents")

    # Evaluate: the round confirms the hypothesis; concluding it changes the scenario.
    page.goto(f"{live_server.url}/actions/permanence-au-centre-social/")
    page.get_by_role("link", name="Nouveau temps d'évaluation").click()
    page.wait_for_url("**/evaluations/nouvelle/")
    page.get_by_label("Date de ce temps d'évaluation").fill(today.isoformat())
    page.get_by_label("Ce qui s'est passé").fill("Trois personnes et cinq habitant·es.")
    page.get_by_label(f"Nouveau statut de « {STATEMENT} »").select_option(label="Confirmée")
    page.locator(f"#id_reason_{hypothesis.pk}").fill("Les jeunes ne la connaissaient pas.")
    page.locator("#id_decision").select_option(label="Continuer")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    page.wait_for_url("**/evaluations/1/")
    page.get_by_role("button", name="Conclure l'évaluation n° 1").click()
    page.wait_for_url("**/evaluations/1/")
    expect(page.locator("[data-round-state=conclue]")).to_be_visible()
    page.goto(f"{live_server.url}{scenario.get_absolute_url()}")
    article = page.locator(f"#{hypothesis.anchor}")
    expect(article.get_by_text("Confirmée", exact=True).first).to_be_visible()
    expect(article.get_by_role("link", name="Évaluation 1 de l'action « Permanence au "
                                            "centre social »")).to_be_visible()

    # The dashboard counts the three people who came (inhabitants are not participants).
    page.goto(dashboard)
    expect(target.get_by_text("3 sur 4 personnes (75 %)")).to_be_visible()
    assert target.get_by_role("progressbar").get_attribute("value") == "75"
    assert console_errors == []
