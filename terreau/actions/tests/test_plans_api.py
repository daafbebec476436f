"""The plans' API (/api/v1/actions/…): 401 anonymous, 404 unreadable, 403 read-only, French
400s with nothing written, members and tasks only for the group."""

# ruff: noqa: F811
import pytest

from terreau.actions.models import Action, Task

from .plans_setup import (  # noqa: F401
    TOURS,
    action,
    other_action,
    private_action,
    skills,
    structure,
    zones,
)

API = "/api/v1/actions/"
pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(API + path, body, content_type="application/json")


def patch(client, path, body):
    return client.patch(API + path, body, content_type="application/json")


@pytest.mark.parametrize(("method", "path"), [
    ("get", ""), ("post", ""), ("get", "une-action"), ("patch", "une-action"),
    ("post", "une-action/taches"),
])
def test_anonymous_clients_get_401(client, db, method, path):
    assert getattr(client, method)(API + path, content_type="application/json"
                                   ).status_code == 401


def test_the_list_with_filters(client, mehdi, action, other_action, private_action):
    client.force_login(mehdi)
    body = client.get(API).json()
    assert [a["titre"] for a in body] == ["Permanence de la Mission locale", "Bus santé"]
    mine = body[0]
    assert mine["zones"] == [{"code": TOURS, "niveau": "commune", "nom": "Tours"}]
    assert mine["hypotheses"][0]["scenario"] == "chomage-nord" and "taches" in mine
    assert "membres" not in body[1] and "taches" not in body[1]
    assert [a["titre"] for a in client.get(API, {"groupe": "autres"}).json()] == ["Bus santé"]
    bad = client.get(API, {"zone": "Atlantide"})
    assert bad.status_code == 400 and "Zone inconnue" in bad.json()["detail"]


def test_plan_an_action(client, fanny, mehdi, hypothesis, structure, zones, skills):
    client.force_login(fanny)
    response = post(client, "", {
        "titre": "Atelier CV", "groupe": "tours-insertion", "debut": "2026-03-01",
        "zones": [TOURS], "hypotheses": [hypothesis.pk], "structures": [structure.pk],
        "habitants_nombre": 5, "membres": [{"identifiant": "mehdi",
                                            "competence": "emploi-insertion"}]})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["slug"] == "atelier-cv" and body["debut"] == "2026-03-01"
    assert body["membres"][0]["competence"] == "emploi-insertion"
    assert body["hypotheses"][0]["id"] == hypothesis.pk


@pytest.mark.parametrize(("body", "detail"), [
    ({"titre": ""}, "« Titre » : ce champ est obligatoire."),
    ({"titre": "A", "debut": "01/03/2026"},
     "« debut » : date attendue au format AAAA-MM-JJ, pas « 01/03/2026 »."),
    ({"titre": "A", "zones": ["Atlantide"]}, "« zones », n° 1 : zone inconnue « Atlantide »."),
    ({"titre": "A", "hypotheses": [9999]}, "« hypotheses » : hypothèse(s) inconnue(s) : 9999."),
    ({"titre": "A", "membres": [{"identifiant": "olga"}]},
     "« Participant·e » : olga ne fait pas partie du groupe « Tours — insertion »."),
    ({"titre": "A", "etat": "finie"}, "« État » : « finie » n'est pas un choix possible"),
])
def test_bad_input_is_a_french_400_and_nothing_is_written(client, fanny, olga, zones, body,
                                                          detail):
    client.force_login(fanny)
    response = post(client, "", {"groupe": "tours-insertion", **body})
    assert response.status_code == 400
    assert response.json()["detail"].startswith(detail)
    assert not Action.objects.exists()


def test_planning_for_a_group_one_is_not_in_is_refused(client, olga):
    client.force_login(olga)
    assert post(client, "", {"titre": "A", "groupe": "tours-insertion"}).status_code == 403
    assert post(client, "", {"titre": "A"}).status_code == 400


def test_read_and_change_per_role(client, action, private_action, fanny, mehdi, olga):
    client.force_login(olga)
    assert client.get(API + action.slug).json()["titre"] == "Permanence de la Mission locale"
    assert patch(client, action.slug, {"etat": "en_cours"}).status_code == 403
    client.force_login(fanny)
    assert client.get(API + private_action.slug).status_code == 404
    assert patch(client, private_action.slug, {"etat": "en_cours"}).status_code == 404
    response = patch(client, action.slug, {"etat": "en_cours", "fin": ""})
    assert response.status_code == 200
    assert (response.json()["etat"], response.json()["fin"]) == ("en_cours", None)
    assert response.json()["titre"] == "Permanence de la Mission locale"
    assert patch(client, action.slug, {"groupe": "vierzon-sante"}).status_code == 400


def test_add_a_task(client, action, fanny, olga):
    client.force_login(fanny)
    response = post(client, f"{action.slug}/taches", {"quoi": "Affiches", "qui": "mehdi",
                                                      "pour_le": "2026-02-01"})
    assert response.status_code == 400  # Mehdi does not exist in this test
    assert response.json()["detail"] == "« qui » : personne inconnue « mehdi »."
    response = post(client, f"{action.slug}/taches", {"quoi": "Affiches", "qui": "fanny",
                                                      "pour_le": "2026-02-01"})
    assert response.status_code == 201
    assert response.json() == {"id": Task.objects.get().pk, "quoi": "Affiches", "qui": "fanny",
                               "qui_nom": "fanny", "pour_le": "2026-02-01", "faite": False}
    client.force_login(olga)
    assert post(client, f"{action.slug}/taches", {"quoi": "x"}).status_code == 403


def test_the_register_of_levers_is_not_taken_for_an_action(client, fanny):
    client.force_login(fanny)
    response = client.get(API + "leviers-et-freins")
    assert response.status_code == 200
