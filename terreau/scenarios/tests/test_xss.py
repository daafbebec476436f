"""XSS payloads in narratives, hypotheses and comments are rendered inert, on the reader
page and in the API (parsed, not searched as text)."""

import pytest

from terreau.scenarios import discussion
from terreau.scenarios.hypotheses import hypothesis_add
from terreau.scenarios.services import step_add, step_update

from .test_discussion_setup import *  # noqa: F403 (its fixtures)
from .test_xss_payloads import PAYLOADS, active_content

pytestmark = pytest.mark.django_db

QUERY = "indicateur=chomage&niveau=commune&dans=departement:37"


def payloads_everywhere(scenario, mehdi, sarah):
    """Every payload in a narrative (step_add and step_update), a hypothesis, a comment."""
    first = step_add(scenario=scenario, kind="carte", query=QUERY, title="Payloads",
                     user=mehdi, narrative="\n\n".join(PAYLOADS[:15]))
    step_update(step=first, title="Payloads <script>alert(1)</script>",
                narrative="\n\n".join(PAYLOADS))
    step = step_add(scenario=scenario, kind="carte", query=QUERY, title="Autres",
                    user=mehdi, narrative=" ".join(PAYLOADS))
    for payload in PAYLOADS:
        hypothesis = hypothesis_add(scenario=scenario, statement=payload, by=mehdi,
                                    evidence_note=payload)
        discussion.comment_add(scenario=scenario, hypothesis=hypothesis, author=sarah,
                               body=payload)
        discussion.comment_add(scenario=scenario, step=step, author=sarah, body=payload)
    return step


def test_there_are_at_least_twenty_payloads():
    assert len(PAYLOADS) >= 20
    assert active_content('<a href=" JaVa\tscript:x">') and active_content("<b onclick=x>")


def test_the_reader_page_runs_none_of_them(client, chomage, scenario, mehdi, sarah):
    payloads_everywhere(scenario, mehdi, sarah)
    client.force_login(mehdi)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert page.count('class="comment"') >= 2 * len(PAYLOADS)
    assert active_content(page) == []
    assert "&lt;script&gt;" in page  # shown as text, not dropped silently


def test_the_anonymous_public_reader_runs_none_of_them(client, chomage, scenario, mehdi,
                                                       sarah):
    payloads_everywhere(scenario, mehdi, sarah)
    scenario.visibility = "public"
    scenario.save()
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "hypothesis-statement" in page and 'class="comment"' not in page
    assert active_content(page) == []


def test_the_api_returns_them_inert(client, chomage, scenario, mehdi, sarah):
    payloads_everywhere(scenario, mehdi, sarah)
    client.force_login(mehdi)
    threads = client.get(f"/api/v1/scenarios/{scenario.slug}/commentaires").json()
    assert len(threads) == 2 * len(PAYLOADS)
    for comment in threads:
        assert active_content(comment["html"]) == [], comment["texte"]
    detail = client.get(f"/api/v1/scenarios/{scenario.slug}").json()
    for step in detail["etapes"]:
        assert active_content(step["recit_html"]) == []
