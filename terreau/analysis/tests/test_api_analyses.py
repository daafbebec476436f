"""The saved analyses' API: list, detail with the latest results, runs, naming; 401 for
anonymous clients, 404 outside the group, 403 for members who do not analyse, and the
partition only for those who read the answers."""

import pytest

from terreau.analysis.models import AnalysisRun
from terreau.analysis.services import analysis_create, run_start
from terreau.analysis.tests import analyses_setup as setup

pytestmark = pytest.mark.django_db
campaign, collector, facilitator, answered, questionnaire = (
    setup.campaign, setup.collector, setup.facilitator, setup.answered, setup.questionnaire)
TASKS_IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
BASE = "/api/v1/analyses/"


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = TASKS_IMMEDIATE


@pytest.fixture
def analysis(questionnaire, answered, facilitator):
    analysis = analysis_create(questionnaire=questionnaire, title="Profils de besoins",
                               parameters=setup.PARAMETERS, user=facilitator)
    run_start(analysis=analysis, user=facilitator)
    return analysis


def _as(client, user):
    client.force_login(user)
    return client


def test_anonymous_clients_get_401(client, analysis):
    assert client.get(BASE).status_code == 401
    assert client.get(f"{BASE}{analysis.slug}").status_code == 401
    assert client.post(f"{BASE}{analysis.slug}/executions",
                       content_type="application/json").status_code == 401


def test_outsiders_do_not_see_the_analysis(client, analysis, outsider):
    client = _as(client, outsider)
    assert client.get(BASE).json() == []
    response = client.get(f"{BASE}{analysis.slug}")
    assert response.status_code == 404 and response.json() == {"detail": "Analyse introuvable."}
    # No body at all (a plain POST): the run would take the saved parameters.
    assert client.post(f"{BASE}{analysis.slug}/executions",
                       content_type="application/json").status_code == 404
    assert client.get(f"{BASE}{analysis.slug}/executions/1").status_code == 404


def test_members_read_aggregates_without_the_partition(client, analysis, tours_member):
    client = _as(client, tours_member)
    [listed] = client.get(BASE).json()
    assert listed["slug"] == analysis.slug and listed["derniere_execution"] == 1
    detail = client.get(f"{BASE}{analysis.slug}").json()
    assert [r["statut"] for r in detail["executions"]] == ["done"]
    results = detail["resultats"]["resultats"]
    assert results["profiles_count"] == 3 and results["eigenvalues"]
    assert "partition" not in results and detail["resultats"]["reponses"] is None


def test_members_may_not_run_nor_name(client, analysis, tours_member):
    client = _as(client, tours_member)
    response = client.post(f"{BASE}{analysis.slug}/executions",
                           content_type="application/json")
    assert response.status_code == 403 and "lisent les réponses" in response.json()["detail"]
    response = client.post(f"{BASE}{analysis.slug}/executions/1/profils/1/nom", {"nom": "X"},
                           content_type="application/json")
    assert response.status_code == 403
    assert AnalysisRun.objects.count() == 1


def test_answer_readers_run_follow_and_name(client, analysis, steward):
    client = _as(client, steward)
    response = client.post(f"{BASE}{analysis.slug}/executions",
                           {"parametres": {"profiles": 4}}, content_type="application/json")
    assert response.status_code == 202
    run = response.json()
    assert run["numero"] == 2 and run["statut"] == "done" and run["avancement"] == 100
    assert run["parametres"]["profiles"] == 4
    assert len(run["resultats"]["partition"]) == len(run["reponses"]) == 120
    response = client.post(f"{BASE}{analysis.slug}/executions/2/profils/3/nom",
                           {"nom": "Familles"}, content_type="application/json")
    assert response.json() == {"numero": 3, "nom": "Familles"}
    assert client.get(f"{BASE}{analysis.slug}/executions/2").json()["noms"] == {"3": "Familles"}


def test_bad_requests_are_explained_in_french(client, analysis, facilitator):
    client = _as(client, facilitator)
    response = client.post(f"{BASE}{analysis.slug}/executions", {"parametres": {"ncp": 40}},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Nombre d'axes : un nombre de 1 à 10 est attendu."
    response = client.post(f"{BASE}{analysis.slug}/executions/1/profils/9/nom", {"nom": "X"},
                           content_type="application/json")
    assert response.status_code == 400 and "pas de profil 9" in response.json()["detail"]
    assert client.get(f"{BASE}{analysis.slug}/executions/7").status_code == 404
