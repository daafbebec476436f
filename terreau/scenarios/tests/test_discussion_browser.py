"""Hypotheses, comments, mentions and notifications in a real Chromium (Playwright, Debian's
browser): Mehdi states a hypothesis, mentions Sarah on step 1 and confirms the hypothesis
with a reason; Sarah sees the notification, lands on the comment and reads the history.
And no XSS payload runs in the reader (a window.__xss trap, any dialog fails the test)."""

import re

import pytest
from playwright.sync_api import expect

from terreau.core import testing
from terreau.scenarios import discussion
from terreau.scenarios.hypotheses import hypothesis_add
from terreau.scenarios.services import scenario_create, step_add

from .test_discussion_setup import *  # noqa: F403 (its fixtures)
from .test_xss_payloads import PAYLOADS

pytestmark = [pytest.mark.browser]

TIMEOUT = 20_000
CHOMAGE_37 = "indicateur=chomage&niveau=commune&dans=37"


@pytest.fixture
def story(tours_group, mehdi, chomage, population):
    scenario = scenario_create(title="Chômage en Touraine", group=tours_group, author=mehdi)
    step_add(scenario=scenario, kind="carte", query=CHOMAGE_37, title="Le chômage",
             user=mehdi, narrative="Plus fort au centre.")
    step_add(scenario=scenario, kind="carte",
             query="indicateur=population&niveau=commune&dans=37", title="La population",
             user=mehdi)
    return scenario


def wait_reader(page):
    page.wait_for_function("document.body?.dataset.readerReady === '1'", timeout=TIMEOUT)


def test_hypothesis_mention_status_then_the_mentioned_member_reads_it(
        page, live_server, story, mehdi, sarah, console_errors):
    testing.browser_sign_in(page, live_server.url, "mehdi")
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    wait_reader(page)

    # A hypothesis citing step 1.
    panel = page.locator("#hypotheses")
    adding = panel.locator("details.hypothesis-add")
    if adding.get_attribute("open") is None:  # open already while there is no hypothesis
        adding.get_by_text("Ajouter une hypothèse").click()
    panel.get_by_label("Énoncé de l'hypothèse").fill("Le chômage baisse quand on s'éloigne "
                                                     "du centre")
    panel.get_by_label("1. Le chômage").check()
    panel.get_by_role("button", name="Ajouter l'hypothèse").click()
    page.wait_for_url(re.compile(r"#hypothese-\d+$"))
    hypothesis = story.hypotheses.get()
    article = page.locator(f"#{hypothesis.anchor}")
    expect(article.get_by_text("À vérifier", exact=True)).to_be_visible()
    expect(article.get_by_role("link", name="1. Le chômage")).to_be_visible()

    # A comment on step 1 that mentions Sarah.
    page.goto(f"{live_server.url}{story.get_absolute_url()}#etape-1")
    wait_reader(page)
    step = page.locator("#etape-1")
    step.get_by_label("Votre commentaire sur l'étape 1").fill(
        "@sarah.benali, tu confirmes pour le nord ?")
    step.get_by_role("button", name="Publier le commentaire").click()
    page.wait_for_url(re.compile(r"#commentaire-\d+$"))
    comment = story.comments.get()
    expect(page.locator(f"#commentaire-{comment.pk} .mention")).to_have_text("@sarah.benali")

    # The status changes, with a reason.
    article = page.locator(f"#{hypothesis.anchor}")
    article.get_by_label("Nouveau statut").select_option(label="Confirmée")
    article.get_by_label("Pourquoi ce changement ?").fill("Les chiffres de 2021 le montrent")
    article.get_by_role("button", name="Changer le statut").click()
    page.wait_for_url(re.compile(rf"#{hypothesis.anchor}$"))
    expect(page.locator(f"#{hypothesis.anchor} .badge")).to_have_text("Confirmée")

    # Sarah signs in: one unread notification, which opens the comment.
    page.context.clear_cookies()
    testing.browser_sign_in(page, live_server.url, "sarah.benali")
    nav = page.get_by_role("link", name="Notifications : 1 non lue")
    expect(nav).to_be_visible()
    nav.click()
    page.get_by_role("link", name=re.compile("Mehdi vous a mentionné·e")).click()
    page.wait_for_url(re.compile(rf"/scenarios/{story.slug}/#"))
    wait_reader(page)
    target = page.locator(f"#commentaire-{comment.pk}")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("tu confirmes pour le nord ?")
    assert page.url.endswith(f"#commentaire-{comment.pk}")  # the link stays shareable
    history = page.locator(f"#{hypothesis.anchor} .status-history")
    expect(history).to_contain_text("Mehdi : À vérifier → Confirmée : "
                                    "Les chiffres de 2021 le montrent")
    expect(page.get_by_role("link", name=re.compile("^Notifications"))).not_to_contain_text("(")
    assert console_errors == []


XSS_TRAP = """
window.__xssHits = [];
Object.defineProperty(window, "__xss", {
  configurable: false,
  get() { return undefined; },
  set(value) { window.__xssHits.push(String(value)); },
});
"""


def test_no_payload_runs_in_the_reader(page, live_server, story, mehdi, sarah):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(XSS_TRAP)
    step = story.steps.get(position=1)
    step.narrative = "\n\n".join(PAYLOADS)
    step.save()
    for payload in PAYLOADS:
        hypothesis = hypothesis_add(scenario=story, statement=payload, by=mehdi,
                                    evidence_note=payload)
        discussion.comment_add(scenario=story, step=step, author=sarah, body=payload)
        discussion.comment_add(scenario=story, hypothesis=hypothesis, author=sarah,
                               body=payload)
    testing.browser_sign_in(page, live_server.url, "mehdi")
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    wait_reader(page)
    page.keyboard.press("End")
    page.keyboard.press("Home")
    for link in page.locator(".comment-body a, .narrative a").all()[:10]:
        link.hover()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xssHits") == [] and dialogs == []
    assert page.locator(".comment").count() == 2 * len(PAYLOADS)
