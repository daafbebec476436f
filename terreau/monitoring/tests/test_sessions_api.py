"""The sessions' API per role: 401 anonymous, 404 for other groups, counts for members,
names for facilitators (and one's own presence), 403 for members who try to record, 400
with a French message naming the field and nothing written."""

import json
from datetime import date

import pytest

from terreau.monitoring.models import Attendance, Person, WorkSession

from .factories import session_make

pytestmark = pytest.mark.django_db
BASE = "/api/v1/suivi/tours-insertion/seances"


@pytest.fixture
def sessions(group, people):
    first = session_make(group, date(2025, 5, 6), title="Lancement", hours=3,
                         people=[people["fanny"], people["mehdi"]], guests=[people["lea"]],
                         inhabitants=4)
    second = session_make(group, date(2026, 4, 20), title="Formation", type="formation",
                          people=[people["fanny"]])
    return first, second


def put(client, url, data):
    return client.put(url, json.dumps(data), content_type="application/json")


def test_the_year_list_has_counts_and_no_names(client, group, mehdi, sessions):
    client.force_login(mehdi)
    body = client.get(BASE, {"annee": 1}).json()
    assert (body["annee"], body["du"], body["au"]) == (1, "2025-04-01", "2026-03-31")
    assert [s["intitule"] for s in body["seances"]] == ["Lancement"]
    assert body["seances"][0]["presences"] == {"nommees": 3, "habitants": 4,
                                               "heures_presence": 21.0}
    assert body["chiffres"]["participants"] == 3 and body["chiffres"]["sessions"] == 1
    assert client.get(BASE, {"annee": 2026}).json()["seances"][0]["intitule"] == "Formation"
    assert len(client.get(BASE).json()["seances"]) == 2
    assert "année" in client.get(BASE, {"annee": 9}).json()["detail"].lower()
    assert "Léa" not in json.dumps(client.get(BASE).json())


def test_a_session_shows_names_to_facilitators_and_own_presence_to_members(
        client, group, fanny, mehdi, sessions):
    url = f"{BASE}/{sessions[0].pk}"
    client.force_login(mehdi)
    body = client.get(url).json()
    assert body["ma_presence"] == {"heures": 3.0} and "presences_nommees" not in body
    assert body["chiffres"]["inhabitants"] == 4 and "Léa" not in json.dumps(body)
    client.force_login(fanny)
    body = client.get(url).json()
    names = {row["nom"]: row for row in body["presences_nommees"]}
    assert set(names) == {"Fanny Martin", "Mehdi Benali", "Léa Durand"}
    assert names["Léa Durand"]["structure"] == "CCAS de Tours"
    assert names["Léa Durand"]["qui"] == "invite"


def test_facilitators_create_a_session_and_set_its_attendance(client, group, fanny, people):
    client.force_login(fanny)
    response = client.post(BASE, {"intitule": "Atelier", "date": "2025-10-07",
                                  "heure": "14:30", "duree_heures": "2,5",
                                  "invites": [people["lea"].pk]}, content_type="application/json")
    assert response.status_code == 201, response.content
    session = WorkSession.objects.get(pk=response.json()["id"])
    assert session.duration_hours == 2.5 and list(session.invited.all()) == [people["lea"]]
    response = put(client, f"{BASE}/{session.pk}/presences", {
        "membres": [{"personne": people["fanny"].pk}, {"compte": "mehdi", "heures": "1"}],
        "invites": [{"personne": people["lea"].pk}, {"nom": "Paul Roux", "structure": "CAF"}],
        "habitants": 3})
    assert response.status_code == 200, response.content
    figures = response.json()["chiffres"]
    assert (figures["participants"], figures["inhabitants"]) == (4, 3)
    assert figures["person_hours"] == 2.5 + 1 + 2.5 + 2.5 + 3 * 2.5
    assert Person.objects.filter(name="Paul Roux", structure="CAF").exists()


@pytest.mark.parametrize("body, field", [
    ({"membres": [{"personne": 99999}]}, "« membres », ligne 1"),
    ({"membres": [{"compte": "olga"}]}, "« membres », ligne 1"),
    ({"invites": [{"nom": ""}]}, "« invites », ligne 1"),
    ({"invites": [{"nom": "Paul Roux", "heures": "deux"}]}, "« invites », ligne 1"),
    ({"habitants": -1}, "négatif"),
])
def test_bad_attendance_is_a_400_and_writes_nothing(client, group, fanny, olga, sessions,
                                                    body, field):
    client.force_login(fanny)
    response = put(client, f"{BASE}/{sessions[0].pk}/presences", body)
    assert response.status_code == 400 and field in response.json()["detail"]
    assert Attendance.objects.filter(session=sessions[0]).count() == 4
    assert not Person.objects.filter(name="Paul Roux").exists()


@pytest.mark.parametrize("body, field", [
    ({"intitule": "A", "date": "07/10/2025"}, "« date »"),
    ({"intitule": "A", "date": "2025-10-07", "heure": "midi"}, "« heure »"),
    ({"intitule": "A", "date": "2025-10-07", "duree_heures": "40"}, "« duree_heures »"),
    ({"intitule": " ", "date": "2025-10-07"}, "intitulé"),
    ({"intitule": "A", "date": "2025-10-07", "invites": [99999]}, "« invites »"),
])
def test_bad_sessions_are_a_400(client, group, fanny, body, field):
    client.force_login(fanny)
    response = client.post(BASE, body, content_type="application/json")
    assert response.status_code == 400 and field in response.json()["detail"]
    assert not WorkSession.objects.exists()


def test_refusals_per_role(client, group, mehdi, olga, camille, sessions):
    detail, presences = f"{BASE}/{sessions[0].pk}", f"{BASE}/{sessions[0].pk}/presences"
    new = {"intitule": "A", "date": "2025-10-07"}
    assert client.get(BASE).status_code == 401
    assert put(client, presences, {"habitants": 1}).status_code == 401
    client.force_login(mehdi)
    assert client.post(BASE, new, content_type="application/json").status_code == 403
    assert put(client, presences, {"habitants": 1}).status_code == 403
    for user in (olga, camille):
        client.force_login(user)
        assert client.get(BASE).status_code == 404
        assert client.get(detail).status_code == 404
        assert client.post(BASE, new, content_type="application/json").status_code == 404
        assert put(client, presences, {"habitants": 1}).status_code == 404
    client.force_login(olga)
    assert client.get(f"/api/v1/suivi/vierzon-sante/seances/{sessions[0].pk}").status_code == 404
    assert WorkSession.objects.count() == 2
    assert Attendance.objects.filter(session=sessions[0]).count() == 4
