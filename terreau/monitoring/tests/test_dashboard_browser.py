"""In Chromium: a facilitator sets a target from the dashboard with the keyboard, and sees
its bar and its figure; the late one comes first."""

from datetime import date

import pytest

from terreau.core import testing

from . import targets_setup
from .factories import session_make

on_day = targets_setup.on_day  # the fixture, shared

pytestmark = pytest.mark.browser


def test_set_a_target_and_see_its_bar(page, live_server, group, fanny, people, on_day,
                                      console_errors):
    for month in (5, 6, 7):
        session_make(group, date(2025, month, 3), hours=2, people=[people["fanny"]])
    fanny.set_password(testing.PASSWORD)
    fanny.save()
    testing.browser_sign_in(page, live_server.url, "fanny")
    page.goto(f"{live_server.url}/suivi/groupes/{group.slug}/")
    page.get_by_role("link", name="Ajouter un objectif pour l'année 2").wait_for()
    # From the dashboard to the form, with the keyboard only.
    link = page.get_by_role("link", name="Tous les objectifs (ajouter, modifier)")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/objectifs/")
    page.get_by_role("link", name="Ajouter un objectif", exact=True).click()
    page.wait_for_url("**/objectifs/nouveau/")
    page.get_by_label("Objectif").focus()
    page.keyboard.type("Tenir 6 séances")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type("séances")
    page.get_by_label("Période").select_option("1")
    page.get_by_label("Comment compter ce qui est fait").select_option("seances")
    page.get_by_role("button", name="Voir ce que l'application compte déjà").click()
    page.wait_for_url("**/objectifs/nouveau/")
    assert page.locator('td[data-mesure="seances"]').inner_text() == "3"
    page.get_by_role("button", name="Enregistrer l'objectif").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/objectifs/")
    page.goto(f"{live_server.url}/suivi/groupes/{group.slug}/")
    target = page.locator("li.target", has_text="Tenir 6 séances")
    bar = target.get_by_role("progressbar")
    assert bar.get_attribute("value") == "50"
    assert target.get_by_text("3 sur 6 séances (50 %)").is_visible()
    assert "En retard : 50 % fait pour 75 % de l'année écoulée" in target.inner_text()
    assert "Tenir 6 séances" in page.locator("#retard + ul").inner_text()
    assert not console_errors
