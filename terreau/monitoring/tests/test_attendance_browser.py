"""In Chromium: a facilitator types a paper sheet back with the keyboard (tick, a guest
found in the register, inhabitants, save) and the session shows the counts; the form fits
a phone's screen."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from terreau.core import testing
from terreau.monitoring.models import Attendance
from terreau.monitoring.sessions import session_create

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


def box(page, name):
    return page.get_by_role("checkbox", name=re.compile("^" + re.escape(name)))


def test_type_back_a_sheet_and_see_the_counts(transactional_db, page, live_server, group,
                                              fanny, mehdi, people, console_errors):
    fanny.set_password(testing.PASSWORD)
    fanny.save()
    session = session_create(group=group, by=fanny, title="Atelier diagnostic",
                             date=date(2025, 10, 7), duration_hours=3,
                             invited=[people["mehdi"]])
    testing.browser_sign_in(page, live_server.url, "fanny")
    page.goto(live_server.url + session.get_absolute_url())
    page.get_by_role("link", name="Saisir les présences").click()
    page.wait_for_url("**/presences/")
    page.wait_for_function("document.body?.dataset.attendanceReady === '1'")
    # Keyboard only: Mehdi's box, Space; Fanny's box, Space.
    box(page, "Mehdi Benali").focus()
    page.keyboard.press("Space")
    box(page, "Fanny Martin").focus()
    page.keyboard.press("Space")
    expect(box(page, "Mehdi Benali")).to_be_checked()
    # A guest from the register: her structure and mission fill in.
    guest = page.get_by_label("Nom (ligne 1)")
    guest.fill("Léa Durand")
    guest.press("Tab")
    expect(page.locator("#id_invite-0-structure")).to_have_value("CCAS de Tours")
    expect(page.locator("#id_invite-0-mission")).to_have_value("Travailleuse sociale")
    page.get_by_label("Nom (ligne 2)").fill("Paul Roux")
    page.locator("#id_invite-1-structure").fill("CAF")
    # Mehdi left after an hour and a half.
    page.get_by_text("Quelqu'un est parti plus tôt").click()
    page.get_by_label("Heures de Mehdi Benali").fill("1,5")
    page.get_by_label("Habitant·es présent·es (nombre)").fill("6")
    page.get_by_label("Habitant·es présent·es (nombre)").press("Enter")
    page.wait_for_url(live_server.url + session.get_absolute_url())
    figures = page.locator("[data-session-figures]")
    expect(figures).to_contain_text("4 participants différents")
    expect(figures).to_contain_text("6 présences d'habitant·es")
    expect(figures).to_contain_text("28,5 heures de présence")
    expect(page.get_by_role("cell", name="Paul Roux")).to_be_visible()
    assert Attendance.objects.filter(session=session).count() == 5


def test_the_form_fits_a_phone(transactional_db, browser, live_server, group, fanny, people,
                               console_errors):
    fanny.set_password(testing.PASSWORD)
    fanny.save()
    session = session_create(group=group, by=fanny, title="Atelier", date=date(2025, 10, 7),
                             invited=[people["lea"]])
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    phone = context.new_page()
    testing.browser_sign_in(phone, live_server.url, "fanny")
    phone.goto(live_server.url + session.get_absolute_url() + "presences/")
    phone.wait_for_function("document.body?.dataset.attendanceReady === '1'")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box(phone, "Léa Durand").check()
    phone.get_by_role("button", name="Enregistrer les présences").click()
    phone.wait_for_url(live_server.url + session.get_absolute_url())
    expect(phone.locator("[data-session-figures]")).to_contain_text("1 participant différent")
    context.close()
