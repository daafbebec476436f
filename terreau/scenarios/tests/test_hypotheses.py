"""Hypotheses: statement, evidence visible to each reader, status history (who, when, why)."""

import html

import pytest
from django.core import mail

from terreau.indicators.tests.factories import user_make
from terreau.scenarios import hypotheses
from terreau.scenarios.models import Notification
from terreau.scenarios.services import ScenarioError

from .test_discussion_setup import *  # noqa: F403 (its fixtures)

pytestmark = pytest.mark.django_db


def test_a_hypothesis_starts_its_history_to_be_checked(scenario, step1, sarah):
    hypothesis = hypotheses.hypothesis_add(scenario=scenario, by=sarah, step_ids=[step1.pk],
                                           statement="Le chômage est plus fort au nord")
    assert hypothesis.status == "a_verifier"
    rows = hypotheses.status_history(hypothesis, with_names=True)
    assert [(r.old, r.new, r.who, r.reason) for r in rows] == [
        ("", "À vérifier", "Sarah", "Hypothèse formulée")]
    assert list(hypothesis.steps.all()) == [step1]


def test_a_status_change_says_who_when_why_and_tells_the_authors(scenario, sarah, fanny,
                                                                 mehdi):
    hypothesis = hypotheses.hypothesis_add(scenario=scenario, by=sarah, statement="H1")
    hypotheses.hypothesis_set_status(hypothesis=hypothesis, status="confirmee", by=fanny,
                                     reason="Les chiffres de 2021 le montrent")
    hypothesis.refresh_from_db()
    assert hypothesis.status == "confirmee"
    last = hypotheses.status_history(hypothesis, with_names=True)[-1]
    assert (last.who, last.old, last.new) == ("Fanny", "À vérifier", "Confirmée")
    assert last.sentence().endswith("— Fanny : À vérifier → Confirmée : "
                                    "Les chiffres de 2021 le montrent")
    told = sorted(Notification.objects.filter(kind="status")
                  .values_list("recipient__username", flat=True))
    assert told == ["mehdi", "sarah.benali"]  # the hypothesis's author, the scenario's
    assert len(mail.outbox) == 2 and mail.outbox[0].subject.startswith("[Terreau] Fanny")
    assert [r.who for r in hypotheses.status_history(hypothesis, with_names=False)] == ["", ""]


def test_a_reason_is_required_and_the_status_must_change(scenario, sarah):
    hypothesis = hypotheses.hypothesis_add(scenario=scenario, by=sarah, statement="H1")
    with pytest.raises(ScenarioError, match="Dites pourquoi le statut change"):
        hypotheses.hypothesis_set_status(hypothesis=hypothesis, status="infirmee",
                                         reason="  ", by=sarah)
    with pytest.raises(ScenarioError, match="déjà"):
        hypotheses.hypothesis_set_status(hypothesis=hypothesis, status="a_verifier",
                                         reason="rien", by=sarah)
    assert hypothesis.changes.count() == 1


def test_evidence_cites_only_steps_of_the_scenario(scenario, mehdi, tours_group):
    from terreau.scenarios.models import Step
    from terreau.scenarios.services import scenario_create

    other = scenario_create(title="Autre", group=tours_group, author=mehdi)
    foreign = Step.objects.create(scenario=other, position=1, title="x", query="a=b")
    with pytest.raises(ScenarioError, match="n'appartient pas"):
        hypotheses.hypothesis_add(scenario=scenario, by=mehdi, statement="H",
                                  step_ids=[foreign.pk])


def test_evidence_is_shown_to_each_reader_as_they_may_see_it(scenario, mehdi, steward,
                                                             chomage_restreint, chomage):
    with pytest.raises(ScenarioError, match="indicateur"):
        hypotheses.hypothesis_add(scenario=scenario, by=mehdi, statement="H",
                                  indicators=[chomage_restreint.slug])
    hypothesis = hypotheses.hypothesis_add(scenario=scenario, by=steward, statement="H",
                                           indicators=[chomage_restreint.slug, chomage.pk])
    assert {i.slug for i in hypotheses.evidence_for(hypothesis, steward)["indicators"]} == {
        chomage.slug, chomage_restreint.slug}
    assert [i.slug for i in hypotheses.evidence_for(hypothesis, mehdi)["indicators"]] == [
        chomage.slug]
    # Mehdi rewords it: the restricted indicator he cannot see stays cited.
    hypotheses.hypothesis_update(hypothesis=hypothesis, by=mehdi, statement="H bis",
                                 indicators=[chomage.slug])
    assert hypothesis.indicators.count() == 2


def test_only_its_author_or_an_editor_changes_a_hypothesis(scenario, sarah, fanny, tours_group):
    hypothesis = hypotheses.hypothesis_add(scenario=scenario, by=sarah, statement="H")
    other = user_make("paul", group=tours_group)
    assert hypotheses.hypothesis_can_change(sarah, hypothesis)
    assert hypotheses.hypothesis_can_change(fanny, hypothesis)
    assert not hypotheses.hypothesis_can_change(other, hypothesis)


# ---- Pages and API -------------------------------------------------------------------------


def test_the_status_form_needs_a_reason_and_the_page_shows_the_history(client, scenario,
                                                                       sarah, mehdi):
    hypothesis = hypotheses.hypothesis_add(scenario=scenario, by=sarah, statement="H1")
    client.force_login(mehdi)
    url = f"/scenarios/{scenario.slug}/hypotheses/{hypothesis.pk}/statut/"
    refused = client.post(url, {"status": "confirmee", "reason": ""})
    assert refused.status_code == 400
    assert "Dites pourquoi le statut change." in html.unescape(refused.content.decode())
    assert client.post(url, {"status": "confirmee", "reason": "Vu sur le terrain"}
                       ).url.endswith(f"#{hypothesis.anchor}")
    page = html.unescape(client.get(scenario.get_absolute_url()).content.decode())
    assert "— Mehdi : À vérifier → Confirmée : Vu sur le terrain" in page
    assert "— Sarah : À vérifier : Hypothèse formulée" in page


def test_a_member_adds_a_hypothesis_from_the_reader_and_an_outsider_cannot(
        client, scenario, step1, mehdi, olga, tours_group):
    client.force_login(mehdi)
    url = f"/scenarios/{scenario.slug}/hypotheses/ajouter/"
    response = client.post(url, {"statement": "Le nord souffre", "steps": [step1.pk]})
    hypothesis = scenario.hypotheses.get()
    assert response.url.endswith(f"#{hypothesis.anchor}")
    assert list(hypothesis.steps.all()) == [step1]
    assert client.post(url, {"statement": ""}).status_code == 400
    client.force_login(olga)
    assert client.post(url, {"statement": "x"}).status_code == 404
    scenario.visibility = "instance"
    scenario.save()
    assert client.post(url, {"statement": "x"}).status_code == 403  # reads, not of the group
    assert scenario.hypotheses.count() == 1


def test_anonymous_readers_see_hypotheses_without_names(client, scenario, sarah, mehdi):
    hypothesis = hypotheses.hypothesis_add(scenario=scenario, by=sarah, statement="H public")
    hypotheses.hypothesis_set_status(hypothesis=hypothesis, status="infirmee", by=mehdi,
                                     reason="Non")
    scenario.visibility = "public"
    scenario.save()
    page = html.unescape(client.get(scenario.get_absolute_url()).content.decode())
    assert "H public" in page and "À vérifier → Infirmée : Non" in page
    assert "Mehdi" not in page and "Sarah" not in page
    assert "Changer le statut" not in page and "Votre commentaire" not in page


def test_the_api_states_a_hypothesis_and_changes_its_status(client, scenario, step1, mehdi,
                                                            olga):
    url = f"/api/v1/scenarios/{scenario.slug}/hypotheses"
    body = {"enonce": "Le chômage baisse", "etapes": [step1.pk]}
    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(olga)
    assert client.post(url, body, content_type="application/json").status_code == 404
    client.force_login(mehdi)
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["statut"] == "a_verifier"
    status_url = f"{url}/{created.json()['id']}/statut"
    refused = client.post(status_url, {"statut": "confirmee", "raison": " "},
                          content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"detail": "Dites pourquoi le statut change."}
    changed = client.post(status_url, {"statut": "confirmee", "raison": "Vu"},
                          content_type="application/json").json()
    assert [(h["par"], h["nouveau"], h["raison"]) for h in changed["historique"]] == [
        ("Mehdi", "À vérifier", "Hypothèse formulée"), ("Mehdi", "Confirmée", "Vu")]
