"""The mobile form in a real browser on a phone (Playwright, Debian's Chromium, 360×740):
skip logic and a constraint message, refusing consent, answering without network, reopening
the form offline, and erasing one's answers with the receipt code."""

import re

import pytest
from playwright.sync_api import expect

from terreau.core import testing
from terreau.surveys.models import Submission

from . import campaign_setup as setup
from .campaign_setup import TOURS_IRIS

# Fixtures of campaign_setup used here.
campaign, collector, facilitator = setup.campaign, setup.collector, setup.facilitator

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("campaign")]

TIMEOUT = 20_000
PHONE = {"width": 360, "height": 740}
COLLECT = "/enquetes/collecte/diagnostic-tours/"
PUBLIC = "/enquetes/r/jeton-public-de-test/"
RECEIPT = re.compile(r"[A-HJKMNP-Z2-9]{10}")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and "favicon" not in m.text
            and "ERR_INTERNET_DISCONNECTED" not in m.text and errors.append(m.text))
    page.errors = errors
    yield page
    context.close()


def open_form(page, url):
    page.goto(url)
    page.wait_for_function("document.body?.dataset.surveyReady === '1'", timeout=TIMEOUT)


def question(page, name):
    return page.locator(f"[data-question='{name}']")


def queue_text(page, count):
    plural = "s" if count > 1 else ""
    return f"{count} réponse{plural} en attente d'envoi"


def answer_first_section(page, *, age="34", car="Oui"):
    page.get_by_role("button", name="J'accepte").click()
    expect(page.locator("[data-survey-progress]")).to_have_text("Section 1 sur 2")
    page.get_by_label("Dans quel quartier de Tours habitez-vous ?").select_option(TOURS_IRIS)
    page.get_by_label("Quel âge avez-vous ?").fill(age)
    page.get_by_label("Quel âge avez-vous ?").blur()  # its message shows before the next tap
    question(page, "logement").get_by_label("Locataire d'un logement social").check()
    question(page, "voiture").get_by_label(car, exact=True).check()


def finish(page):
    page.get_by_role("button", name="Suivant").click()
    expect(page.locator("[data-survey-progress]")).to_have_text("Section 2 sur 2")
    question(page, "besoins").get_by_label("Se soigner").check()
    question(page, "besoins").get_by_label("Se déplacer").check()
    page.get_by_role("button", name="Terminer et enregistrer").click()
    receipt = page.locator("[data-receipt]")
    expect(receipt).to_have_text(RECEIPT)
    return receipt.inner_text()


def test_skip_logic_and_a_constraint_message_on_a_phone(phone, live_server):
    testing.browser_sign_in(phone, live_server.url, "colette")
    open_form(phone, live_server.url + COLLECT)
    expect(phone.get_by_text("Le groupe Tours insertion")).to_be_visible()
    expect(phone.get_by_text("moins de 11 réponses")).to_be_visible()
    assert "null" not in phone.locator("[data-survey-screen]").inner_text()  # no contact given
    answer_first_section(phone, age="130", car="Non")
    # The transport question shows only for people without a car.
    expect(question(phone, "transport")).to_be_visible()
    question(phone, "transport").get_by_label("Oui").check()
    phone.get_by_role("button", name="Suivant").click()
    age = question(phone, "age")
    expect(age.locator(".survey-msg")).to_have_text("L'âge va de 15 à 110 ans.")
    expect(phone.get_by_label("Quel âge avez-vous ?")).to_be_focused()
    expect(phone.get_by_label("Quel âge avez-vous ?")).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("[data-survey-progress]")).to_have_text("Section 1 sur 2")
    phone.get_by_label("Quel âge avez-vous ?").fill("3 ans")
    phone.get_by_label("Quel âge avez-vous ?").blur()
    expect(age.locator(".survey-msg")).to_have_text("Entrez un nombre entier, sans virgule.")
    phone.get_by_label("Quel âge avez-vous ?").fill("34")
    question(phone, "voiture").get_by_label("Oui", exact=True).check()
    expect(question(phone, "transport")).to_be_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    code = finish(phone)
    expect(phone.get_by_role("link", name=re.compile(r"\/enquetes\/effacer\/$"))).to_be_visible()
    expect(phone.locator("[data-receipt-sent]")).to_have_text("Vos réponses sont arrivées.",
                                                              timeout=TIMEOUT)
    expect(phone.locator("[data-queue-status]")).to_have_text(queue_text(phone, 0))
    submission = Submission.objects.get()
    # The hidden question's earlier answer is not kept; multiple choices are kept as names.
    assert "transport" not in submission.answers
    assert submission.answers["age"] == 34
    assert sorted(submission.answers["besoins"]) == ["mobilite", "sante"]
    assert submission.collector.username == "colette"
    assert submission.zone.code == TOURS_IRIS
    assert submission.consent["accepte"] is True
    assert code not in str(submission.__dict__)
    assert phone.errors == []


def test_refusing_consent_stores_nothing_not_even_on_the_phone(phone, live_server):
    open_form(phone, live_server.url + PUBLIC)
    expect(phone.get_by_role("heading", name="Avant de commencer")).to_be_visible()
    phone.get_by_role("button", name="Je refuse").click()
    expect(phone.get_by_text("rien n'a été enregistré")).to_be_visible()
    expect(phone.get_by_role("button", name="J'accepte")).to_have_count(0)
    expect(phone.locator("[data-queue-status]")).to_have_text(queue_text(phone, 0))
    queued = phone.evaluate("""() => new Promise((resolve, reject) => {
      const req = indexedDB.open("terreau-enquetes", 1);
      req.onupgradeneeded = () => req.result.createObjectStore("envois", {keyPath: "cle"});
      req.onsuccess = () => {
        const all = req.result.transaction("envois").objectStore("envois").getAll();
        all.onsuccess = () => resolve(all.result.length);
      };
      req.onerror = () => reject(req.error);
    })""")
    assert queued == 0
    assert Submission.objects.count() == 0
    assert phone.errors == []


def test_offline_answers_wait_survive_a_reload_and_arrive_once(phone, live_server):
    testing.browser_sign_in(phone, live_server.url, "colette")
    open_form(phone, live_server.url + COLLECT)
    phone.wait_for_function("document.body?.dataset.surveyOffline === '1'", timeout=TIMEOUT)
    phone.context.set_offline(True)
    answer_first_section(phone, age="34")
    finish(phone)
    expect(phone.locator("[data-receipt-sent]")).to_contain_text("Pas de réseau")
    expect(phone.locator("[data-queue-status]")).to_have_text(queue_text(phone, 1))
    phone.get_by_role("button", name="Nouvelle réponse").click()
    answer_first_section(phone, age="71", car="Non")
    finish(phone)
    expect(phone.locator("[data-queue-status]")).to_have_text(queue_text(phone, 2))
    assert Submission.objects.count() == 0

    # Still offline, the tab closed and opened again: the form comes back from the service
    # worker's cache, with its waiting answers (IndexedDB).
    assert phone.evaluate("caches.match(location.href).then((found) => Boolean(found))")
    context = phone.context
    phone.close()
    phone = context.new_page()
    open_form(phone, live_server.url + COLLECT)
    assert phone.evaluate("Boolean(navigator.serviceWorker.controller)")
    expect(phone.get_by_role("button", name="J'accepte")).to_be_visible()
    expect(phone.locator("[data-queue-status]")).to_have_text(queue_text(phone, 2))
    assert Submission.objects.count() == 0

    phone.context.set_offline(False)
    expect(phone.locator("[data-queue-status]")).to_have_text(queue_text(phone, 0),
                                                              timeout=TIMEOUT)
    assert sorted(s.answers["age"] for s in Submission.objects.all()) == [34, 71]
    # Back online, a reload sends nothing again.
    phone.reload()
    phone.wait_for_function("document.body?.dataset.surveyReady === '1'", timeout=TIMEOUT)
    expect(phone.locator("[data-queue-status]")).to_have_text(queue_text(phone, 0))
    assert Submission.objects.count() == 2


def test_erase_ones_answers_with_the_receipt_code(phone, live_server):
    open_form(phone, live_server.url + PUBLIC)
    answer_first_section(phone)
    code = finish(phone)
    expect(phone.locator("[data-receipt-sent]")).to_have_text("Vos réponses sont arrivées.",
                                                              timeout=TIMEOUT)
    assert Submission.objects.count() == 1
    phone.get_by_role("link", name=re.compile(r"\/enquetes\/effacer\/$")).click()
    phone.get_by_label("Code de reçu").fill(code)
    phone.get_by_role("button", name="Effacer mes réponses").click()
    expect(phone.get_by_role("status")).to_contain_text("1 réponse effacée")
    assert Submission.objects.count() == 0


def test_a_lost_response_is_sent_again_without_a_duplicate(phone, live_server):
    """The server stores the answer but its reply never reaches the phone: the queue keeps the
    answer and sends it again with the same key; the server answers 200 and keeps one."""
    lost = []

    def lose_the_reply(route):
        route.fetch()  # the request reaches the server...
        lost.append(route.request.post_data_json["cle"])
        route.abort()  # ...and the phone never hears back

    phone.route("**/api/v1/enquetes/r/*/reponses", lose_the_reply, times=1)
    open_form(phone, live_server.url + PUBLIC)
    answer_first_section(phone)
    finish(phone)
    expect(phone.locator("[data-receipt-sent]")).to_have_text("Vos réponses sont arrivées.",
                                                              timeout=TIMEOUT)
    submission = Submission.objects.get()
    assert lost == [submission.idempotency_key]
