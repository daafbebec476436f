"""The export buttons' files: who may take a scenario away, the refusal, the audit, the
content of the HTML and PDF files."""

import re
import zlib

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from terreau.core.models import AuditEvent
from terreau.scenarios.choices import Visibility
from terreau.scenarios.models import Hypothesis, StatusChange

from .test_export_setup import *  # noqa: F403 (fixtures)

pytestmark = pytest.mark.django_db


def html_url(scenario):
    return reverse("scenarios:export_html", args=[scenario.slug])


def pdf_url(scenario):
    return reverse("scenarios:export_pdf", args=[scenario.slug])


def pdf_strings(content: bytes) -> str:
    """The PDF's streams uncompressed (object streams hold its title and bookmarks)."""
    parts = [content.decode("latin-1")]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(parts)


def pdf_has_text(content: bytes, text: str) -> bool:
    strings = pdf_strings(content)
    return text in strings or text.encode("utf-16-be").hex() in strings.lower()


def test_anyone_takes_a_public_scenario_offline(client, open_scenario):
    response = client.get(html_url(open_scenario))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="scenario-chomage-37.html"'
    html = response.content.decode()
    assert "<h1>Scénario chomage-37</h1>" in html
    assert "Le <strong>centre</strong> de Tours." in html
    assert "Les commentaires restent dans Terreau" in html
    assert "ne pas diffuser" not in html
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?(https?:)?//""", html)
    assert html.count("<script") == 6  # 4 inlined modules, the data, the start-up
    event = AuditEvent.objects.get(action="export", target_id="chomage")
    assert event.actor == "visiteur anonyme"
    assert event.details["scenario"] == "chomage-37"


def test_the_pdf_has_the_title_and_the_steps(member_api, open_scenario):
    response = member_api.get(pdf_url(open_scenario))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pdf_has_text(response.content, "Scénario chomage-37")
    assert pdf_has_text(response.content, "Cinq ans plus tôt")
    assert AuditEvent.objects.filter(action="export").count() == 2  # chomage, population


def test_an_anonymous_reader_takes_a_public_scenario_as_pdf(client, open_scenario):
    response = client.get(pdf_url(open_scenario))
    assert response.status_code == 200
    assert pdf_has_text(response.content, "Le chômage en 2018")


def test_hypotheses_go_with_their_history(member_api, open_scenario, steward):
    hypothesis = Hypothesis.objects.create(scenario=open_scenario, statement="Le nord décroche",
                                           status="confirmee", created_by=steward)
    hypothesis.steps.add(open_scenario.steps.get(position=1))
    StatusChange.objects.create(hypothesis=hypothesis, new_status="a_verifier", by=steward)
    StatusChange.objects.create(hypothesis=hypothesis, old_status="a_verifier",
                                new_status="confirmee", by=steward, reason="Vu au forum")
    html = member_api.get(html_url(open_scenario)).content.decode()
    assert "Le nord décroche" in html
    assert "À vérifier → <strong>Confirmée</strong>" in html
    assert "stephane" in html and "« Vu au forum »" in html
    assert "stephane" not in Client().get(html_url(open_scenario)).content.decode()


def test_an_invisible_scenario_is_not_found(client, group_scenario, outsider):
    assert client.get(html_url(group_scenario)).status_code == 404
    client.force_login(outsider)
    assert client.get(html_url(group_scenario)).status_code == 404
    assert client.get(pdf_url(group_scenario)).status_code == 404


def test_group_data_leaves_for_the_group_only_with_a_banner(client, group_scenario,
                                                             tours_member, steward):
    group_scenario.visibility = Visibility.AUTHOR
    group_scenario.save()
    client.force_login(steward)  # the author: reads it, and belongs to the group
    html = client.get(html_url(group_scenario)).content.decode()
    assert "Document du groupe Tours Insertion : ne pas diffuser hors du groupe." in html


def test_a_refusal_names_the_blocking_step(client, restricted_scenario, steward):
    client.force_login(steward)
    response = client.get(pdf_url(restricted_scenario))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Export impossible" in text
    assert "Étape 1 « Données fines »" in text
    assert not AuditEvent.objects.filter(action="export").exists()


def _actions(scenario, user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load scenario_exports %}{% export_actions scenario %}")
    return template.render(Context({"scenario": scenario, "request": request}))


def test_the_buttons_or_the_reason(open_scenario, restricted_scenario, steward):
    buttons = _actions(open_scenario, steward)
    assert "Emporter hors ligne (HTML)" in buttons and ">PDF</a>" in buttons
    refused = _actions(restricted_scenario, steward)
    assert "export.html" not in refused and "export.pdf" not in refused
    assert "données restreintes" in refused


def test_a_title_cannot_break_out_of_the_pdf_footer():
    from terreau.scenarios.templatetags.scenario_exports import css_string

    text = css_string("L'été \"x\" </style><script>&")
    assert text.startswith("L\\27 été \\22 x\\22  ")
    assert not set("'\"<>&/") & set(text)


def _data(html: str) -> dict:
    import json

    text = html.split('<script type="application/json" id="scenario-data">')[1]
    return json.loads(text.split("</script>")[0])


def test_contours_are_written_once_and_user_text_stays_inert(client, open_scenario):
    step = open_scenario.steps.get(position=1)
    step.title = 'Titre </script><script>alert("x")</script>'
    step.narrative = '<img src=x onerror=alert(1)> <script>alert(2)</script>'
    step.save()
    html = client.get(html_url(open_scenario)).content.decode()
    data = _data(html)
    assert len(data["geometries"]) == 1  # three maps of the same 272 communes
    assert {card["geometrie"] for b in data["etapes"] for card in b["cartes"]} == {
        "geo:" + next(iter(data["geometries"]))}
    assert data["etapes"][0]["etape"]["titre"].startswith("Titre </script>")
    assert html.count("<script") == 6
    assert "<img" not in html and "<script>alert" not in html
