"""The report's API: the same JSON as `terreau bilan`, per role."""

import json

import pytest

from terreau.monitoring.report import report_build

pytest_plugins = ["terreau.monitoring.tests.report_fixtures"]

pytestmark = pytest.mark.django_db
GROUP = "/api/v1/suivi/tours-insertion/bilan"
PROJECT = "/api/v1/suivi/projet/bilan"


def _as(client, user):
    client.force_login(user)
    return client


def test_a_member_gets_the_same_json_as_the_command_line(client, mehdi, group, year_data,
                                                         run_cli):
    response = _as(client, mehdi).get(f"{GROUP}/1")
    assert response.status_code == 200
    body = response.json()
    assert body == json.loads(json.dumps(report_build(group, 1)))
    assert (body["sessions"], body["person_hours"], body["participants"],
            body["inhabitants"]) == (3, 28.5, 3, 9)
    assert "attendance" not in body and "Fanny Martin" not in response.content.decode()
    _, out, _ = run_cli("bilan", "--group", "tours-insertion", "--year", "1")
    assert json.loads(out) == body


def test_a_calendar_year_and_a_year_outside_the_project(client, fanny, year_data):
    client = _as(client, fanny)
    assert client.get(f"{GROUP}/2026").json()["year"] == 2
    response = client.get(f"{GROUP}/9")
    assert response.status_code == 404 and "n'est pas une année" in response.json()["detail"]


def test_other_groups_get_404_and_anonymous_401(client, olga, year_data):
    assert client.get(f"{GROUP}/1").status_code == 401
    assert client.get(f"{PROJECT}/1").status_code == 401
    assert _as(client, olga).get(f"{GROUP}/1").status_code == 404
    assert client.get("/api/v1/suivi/inconnu/bilan/1").status_code == 404


def test_the_whole_project_for_everyone_signed_in(client, camille, year_data):
    response = _as(client, camille).get(f"{PROJECT}/1")
    assert response.status_code == 200
    body = response.json()
    assert body["group"] is None and body["sessions"] == 4
    assert [row["name"] for row in body["groups"]] == ["Tours — insertion", "Vierzon — santé"]
