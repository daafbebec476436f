"""API of the evaluation rounds: list, create (values from the catalogue), conclude, per role
(401 anonymous, 404 unreadable, 403 read but not changed, 400 with a French message)."""

from datetime import date

import pytest

from terreau.actions.choices import Decision
from terreau.actions.evaluation import VerdictInput, round_save
from terreau.actions.models import EvaluationRound
from terreau.scenarios.choices import Status

from .evaluation_fixtures import *  # noqa: F403
from .evaluation_fixtures import TOURS

BASE = "/api/v1/actions"


def post(client, path, body=None):
    return client.post(f"{BASE}{path}", body or {}, content_type="application/json")


def test_anonymous_clients_get_401(client, bare_action):
    assert client.get(f"{BASE}/forum-emploi/evaluations").status_code == 401
    assert post(client, "/forum-emploi/evaluations", {"date": "2026-03-12"}).status_code == 401
    assert client.get(f"{BASE}/leviers-et-freins").status_code == 401


def test_create_with_catalogue_values_then_list(client, action, fanny, population,
                                                tours_population, hypothesis):
    client.force_login(fanny)
    response = post(client, f"/{action.slug}/evaluations", {
        "date": "2026-03-12", "decision": "continuer",
        "indicateurs": [{"indicateur": "population", "zone": TOURS, "periode_avant": "2013",
                         "periode_apres": "2018"}],
        "leviers_freins": [{"type": "frein", "theme": "moyens", "texte": "Pas de salle."}],
        "conclusions": [{"hypothese": hypothesis.pk, "statut": "confirmee",
                         "raison": "Trente jeunes reçus."}]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["numero"] == 1
    [watched] = body["indicateurs"]
    assert watched["valeur_avant"] == tours_population["2013"]
    assert watched["source_apres"] == "catalogue"
    assert watched["evolution"] == pytest.approx(tours_population["2018"]
                                                 - tours_population["2013"])
    listed = client.get(f"{BASE}/{action.slug}/evaluations").json()
    assert [r["numero"] for r in listed] == [1]
    assert listed[0]["conclusions"][0]["appliquee"] is False


@pytest.mark.parametrize(("body", "message"), [
    ({"date": "12/03/2026"}, "n'est pas une date"),
    ({"date": "2026-03-12", "decision": "peut-etre"}, "Décision"),
    ({"date": "2026-03-12", "indicateurs": [{"indicateur": "inconnu"}]}, "Indicateur 1"),
    ({"date": "2026-03-12", "leviers_freins": [{"type": "levier", "texte": ""}]},
     "Levier ou frein 1"),
    ({"date": "2026-03-12", "conclusions": [{"hypothese": 0, "statut": "confirmee",
                                             "raison": "x"}]}, "l'action ne la teste pas"),
])
def test_bad_input_is_a_400_in_french(client, bare_action, fanny, body, message):
    client.force_login(fanny)
    response = post(client, "/forum-emploi/evaluations", body)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not EvaluationRound.objects.exists()


def test_roles(client, bare_action, fanny, mehdi, olga):
    client.force_login(mehdi)
    assert client.get(f"{BASE}/forum-emploi/evaluations").status_code == 200
    assert post(client, "/forum-emploi/evaluations", {"date": "2026-03-12"}).status_code == 403
    bare_action.shared = False
    bare_action.save()
    client.force_login(olga)
    assert client.get(f"{BASE}/forum-emploi/evaluations").status_code == 404
    assert post(client, "/forum-emploi/evaluations/1/conclure").status_code == 404


def test_conclude(client, bare_action, fanny, mehdi, hypothesis):
    round_save(action=bare_action, by=fanny, fields={"held_on": date(2026, 3, 12)},
               verdicts=[VerdictInput(hypothesis, Status.CONFIRMED, "Trente jeunes reçus.")])
    client.force_login(mehdi)
    assert post(client, "/forum-emploi/evaluations/1/conclure").status_code == 403
    client.force_login(fanny)
    response = post(client, "/forum-emploi/evaluations/1/conclure")
    assert response.status_code == 400 and "décision" in response.json()["detail"]
    EvaluationRound.objects.update(decision=Decision.STOP)
    response = post(client, "/forum-emploi/evaluations/1/conclure")
    assert response.status_code == 200
    body = response.json()
    assert body["conclue_le"] and body["changements"] == [
        {"hypothese": hypothesis.pk, "ancien_statut": "a_verifier",
         "nouveau_statut": "confirmee"}]
    assert post(client, "/forum-emploi/evaluations/1/conclure").status_code == 400
    assert post(client, "/forum-emploi/evaluations/7/conclure").status_code == 404


def test_conclude_refuses_a_hypothesis_one_may_not_change(client, bare_action, mehdi,
                                                         hypothesis):
    bare_action.members.create(user=mehdi)
    round_save(action=bare_action, by=mehdi, fields={"held_on": date(2026, 3, 12),
                                                     "decision": Decision.CONTINUE},
               verdicts=[VerdictInput(hypothesis, Status.CONFIRMED, "Trente jeunes reçus.")])
    client.force_login(mehdi)
    response = post(client, "/forum-emploi/evaluations/1/conclure")
    assert response.status_code == 403
    assert hypothesis.statement in response.json()["detail"]
