"""Pages of the evaluation rounds, per role: the form (values from the catalogue, typed
values), the page of a round, concluding it, read-only once concluded, the rounds' section."""

from datetime import date

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.urls import reverse

from terreau.actions.choices import Decision
from terreau.actions.evaluation import VerdictInput, round_save
from terreau.actions.models import EvaluationRound
from terreau.scenarios.choices import Status

from .evaluation_fixtures import *  # noqa: F403

FIELDS = {"held_on": date(2026, 3, 12), "decision": Decision.CONTINUE}


def form_data(hypothesis=None, *, indicators=(), factors=(), **fields):
    data = {"held_on": "2026-03-12", "what_happened": "Dix **permanences**.",
            "decision": Decision.CONTINUE, "decision_note": "", "improvements": "",
            "ind-TOTAL_FORMS": str(len(indicators)), "ind-INITIAL_FORMS": "0",
            "lf-TOTAL_FORMS": str(len(factors)), "lf-INITIAL_FORMS": "0", **fields}
    for i, row in enumerate(indicators):
        data.update({f"ind-{i}-{k}": v for k, v in row.items()})
    for i, row in enumerate(factors):
        data.update({f"lf-{i}-{k}": v for k, v in row.items()})
    return data


def url(name, action, *args):
    return reverse(f"actions:{name}", args=[action.slug, *args])


@pytest.mark.parametrize(("who", "code"), [("fanny", 200), ("mehdi", 403), ("olga", 403),
                                           ("camille", 403)])
def test_who_opens_the_form(client, bare_action, who, code, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("round_create", bare_action)).status_code == code


def test_a_private_action_is_not_found_for_other_groups(client, bare_action, olga):
    bare_action.shared = False
    bare_action.save()
    client.force_login(olga)
    assert client.get(url("round_create", bare_action)).status_code == 404
    round_save(action=bare_action, by=bare_action.created_by, fields=FIELDS)
    assert client.get(url("round_detail", bare_action, 1)).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client, bare_action):
    response = client.get(url("round_create", bare_action))
    assert response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_create_a_round_with_catalogue_and_typed_values(client, action, fanny, population,
                                                        tours, hypothesis, tours_population):
    client.force_login(fanny)
    page = client.get(url("round_create", action))
    assert "Temps d'évaluation n° 1" in page.content.decode()
    assert "2013, 2018" in page.content.decode()  # the periods the catalogue has
    response = client.post(url("round_create", action), form_data(
        indicators=[{"indicator": population.pk, "zone": tours.pk, "before_period": "2013",
                     "after_period": "mars 2026", "after_value": "138 000,5"}],
        factors=[{"kind": "levier", "theme": "partenariat", "text": "La Mission locale."},
                 {"kind": "frein", "theme": "autre", "text": ""}],
        **{f"status_{hypothesis.pk}": Status.CONFIRMED,
           f"reason_{hypothesis.pk}": "Trente jeunes reçus."}))
    assert response.status_code == 302
    round = EvaluationRound.objects.get()
    assert response.url == round.get_absolute_url()
    watched = round.indicators.get()
    assert (watched.before_value, watched.after_value) == (tours_population["2013"], 138000.5)
    assert round.factors.count() == 1 and round.verdicts.count() == 1
    html = client.get(round.get_absolute_url()).content.decode()
    assert "(2013, catalogue)" in html and "(mars 2026, saisie)" in html
    assert "<strong>permanences</strong>" in html  # Markdown rendered
    assert "Conclure l'évaluation n° 1" in html


def test_bad_input_names_the_field_and_writes_nothing(client, action, fanny, population, tours):
    client.force_login(fanny)
    response = client.post(url("round_create", action), form_data(
        indicators=[{"indicator": population.pk, "zone": tours.pk, "after_period": "2026",
                     "after_value": "douze"}]))
    assert response.status_code == 200
    assert "Écrivez un nombre" in response.content.decode()
    response = client.post(url("round_create", action), form_data(
        indicators=[{"indicator": population.pk, "zone": tours.pk, "after_value": "12"}]))
    assert "Indicateur 1 (Population) : donnez la date" in response.content.decode()
    assert not EvaluationRound.objects.exists()


def test_edit_then_conclude_then_read_only(client, bare_action, fanny, hypothesis):
    round = round_save(action=bare_action, by=fanny, fields=FIELDS, verdicts=[
        VerdictInput(hypothesis, Status.CONFIRMED, "Trente jeunes reçus.")])
    client.force_login(fanny)
    page = client.get(url("round_edit", bare_action, 1)).content.decode()
    assert "Trente jeunes reçus." in page
    response = client.post(url("round_edit", bare_action, 1), form_data(
        decision=Decision.NEW, **{f"status_{hypothesis.pk}": Status.CONFIRMED,
                                   f"reason_{hypothesis.pk}": "Trente jeunes reçus."}))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.decision == Decision.NEW
    html = client.get(round.get_absolute_url()).content.decode()
    assert "Lancer une nouvelle action" in html
    assert f'{reverse("actions:create")}?depuis=forum-emploi' in html
    response = client.post(url("round_conclude", bare_action, 1), follow=True)
    assert "n° 1 conclu ; 1 hypothèse(s) mise(s) à jour" in response.content.decode()
    hypothesis.refresh_from_db()
    assert hypothesis.status == Status.CONFIRMED
    response = client.get(url("round_edit", bare_action, 1))
    assert response.status_code == 302 and response.url == round.get_absolute_url()
    assert "Conclure l'évaluation" not in client.get(round.get_absolute_url()).content.decode()
    scenario_page = client.get(hypothesis.scenario.get_absolute_url()).content.decode()
    assert f'Preuve : <a href="{round.get_absolute_url()}">' in scenario_page


def test_conclude_without_decision_says_why(client, bare_action, fanny):
    round_save(action=bare_action, by=fanny, fields={**FIELDS, "decision": ""})
    client.force_login(fanny)
    response = client.post(url("round_conclude", bare_action, 1), follow=True)
    assert "Indiquez la décision" in response.content.decode()
    assert EvaluationRound.objects.get().concluded_at is None


def test_conclude_is_refused_to_readers(client, bare_action, fanny, mehdi):
    round_save(action=bare_action, by=fanny, fields=FIELDS)
    client.force_login(mehdi)
    assert client.get(url("round_detail", bare_action, 1)).status_code == 200
    assert client.post(url("round_conclude", bare_action, 1)).status_code == 403
    assert client.get(url("round_conclude", bare_action, 1)).status_code == 405
    assert client.get(url("round_detail", bare_action, 9)).status_code == 404


def test_a_member_who_may_not_change_the_hypothesis_is_told(client, bare_action, fanny,
                                                           mehdi, hypothesis):
    bare_action.members.create(user=mehdi)
    round_save(action=bare_action, by=mehdi, fields=FIELDS, verdicts=[
        VerdictInput(hypothesis, Status.CONFIRMED, "Trente jeunes reçus.")])
    client.force_login(mehdi)
    page = client.get(url("round_detail", bare_action, 1)).content.decode()
    assert "une personne qui anime le scénario doit conclure" in page
    response = client.post(url("round_conclude", bare_action, 1), follow=True)
    assert "Vous ne pouvez pas changer le statut de l&#x27;hypothèse" in \
        response.content.decode()


def test_rounds_section(bare_action, fanny):
    round_save(action=bare_action, by=fanny, fields=FIELDS)
    html = render_to_string("actions/_rounds_section.html",
                            {"action": bare_action, "can_edit": True})
    assert "Évaluation n° 1 du 12 mars 2026" in html and "Continuer" in html
    assert "Nouveau temps d&#x27;évaluation" in html or "Nouveau temps d'évaluation" in html
    html = render_to_string("actions/_rounds_section.html", {"action": bare_action})
    assert "Nouveau temps" not in html


def test_the_edit_form_gives_back_typed_values_only(client, action, fanny, population, tours):
    from terreau.actions.evaluation import WatchedInput

    round_save(action=action, by=fanny, fields=FIELDS, indicators=[WatchedInput(
        population, tours, before_period="2018", after_period="mars 2026",
        after_value=138000.5)])
    client.force_login(fanny)
    response = client.get(url("round_edit", action, 1))
    form = response.context["watched"].forms[0]
    assert form["before_value"].value() == ""  # the catalogue's, read again on saving
    assert form["after_value"].value() == "138000,5"
    assert form["before_period"].value() == "2018"
