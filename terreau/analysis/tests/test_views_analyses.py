"""Pages of the saved analyses: index, create with the readiness check, run with its progress,
results (profiles, naming, factor map, history and changes), delete; each role's rights."""

import json
import re

import pytest
from django.urls import reverse

from terreau.analysis.choices import RunStatus
from terreau.analysis.models import Analysis, AnalysisRun
from terreau.analysis.services import analysis_create, run_start
from terreau.analysis.tests import analyses_setup as setup

pytestmark = pytest.mark.django_db
campaign, collector, facilitator, answered, questionnaire, group_admin = (
    setup.campaign, setup.collector, setup.facilitator, setup.answered, setup.questionnaire,
    setup.group_admin)
TASKS_IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = TASKS_IMMEDIATE


@pytest.fixture
def analysis(questionnaire, answered, facilitator):
    return analysis_create(questionnaire=questionnaire, title="Profils de besoins",
                           parameters=setup.PARAMETERS, user=facilitator)


@pytest.fixture
def done(analysis, facilitator):
    return run_start(analysis=analysis, user=facilitator)


def _as(client, user):
    client.force_login(user)
    return client


def _form(**roles) -> dict:
    data = {"title": "Mes profils", "ncp": "5", "profiles": "", "consolidation": "on",
            "kk_mode": "auto", "rare": "group", "stability": "0"}
    data.update({f"role__{key}": "active" for key in setup.ACTIVE})
    data["role__zone"] = "supplementary"
    data.update(roles)
    return data


def test_the_index_lists_questionnaires_analyses_and_the_actions_allowed(
        client, questionnaire, analysis, tours_member, facilitator, outsider):
    page = _as(client, tours_member).get(reverse("analysis:index")).content.decode()
    assert questionnaire.title in page and "Profils de besoins" in page
    assert reverse("analysis:tabulations", args=[questionnaire.slug]) in page
    assert "Nouvelle analyse" not in page and "Coder les réponses" not in page
    page = _as(client, facilitator).get(reverse("analysis:index")).content.decode()
    assert f"?questionnaire={questionnaire.slug}" in page and "Coder les réponses" in page
    page = _as(client, outsider).get(reverse("analysis:index")).content.decode()
    assert questionnaire.title not in page and "Aucun questionnaire" in page


def test_the_menu_links_to_analyses(client, tours_member):
    page = _as(client, tours_member).get(reverse("home")).content.decode()
    assert f'href="{reverse("analysis:index")}">Analyses</a>' in page


def test_creating_is_for_those_who_analyse(client, questionnaire, answered, tours_member,
                                           outsider):
    url = reverse("analysis:create") + f"?questionnaire={questionnaire.slug}"
    assert _as(client, outsider).get(url).status_code == 404
    assert _as(client, tours_member).get(url).status_code == 403
    assert _as(client, tours_member).post(url, _form()).status_code == 403
    assert not Analysis.objects.exists()


def test_the_form_lists_each_variable_with_its_role(client, questionnaire, answered,
                                                    facilitator):
    url = reverse("analysis:create") + f"?questionnaire={questionnaire.slug}"
    page = _as(client, facilitator).get(url).content.decode()
    assert "Trouver un emploi ou une formation" in page  # a choice of "besoins"
    assert 'name="role__besoins/emploi"' in page and 'name="role__logement"' in page
    assert page.count('type="radio" name="role__logement"') == 3
    assert 'aria-labelledby="role-' in page


def test_check_shows_readiness_without_saving(client, questionnaire, answered, facilitator):
    url = reverse("analysis:create") + f"?questionnaire={questionnaire.slug}"
    response = _as(client, facilitator).post(url, {**_form(), "action": "check"})
    page = response.content.decode()
    assert response.status_code == 200 and "Vérification avant le calcul" in page
    assert "120 personnes" in page
    assert not Analysis.objects.exists()


def test_fewer_than_two_active_questions_is_refused(client, questionnaire, answered,
                                                    facilitator):
    url = reverse("analysis:create") + f"?questionnaire={questionnaire.slug}"
    roles = {f"role__{key}": "" for key in setup.ACTIVE[1:]}
    response = _as(client, facilitator).post(url, {**_form(**roles), "action": "run"})
    assert response.status_code == 400
    assert "Choisissez au moins deux questions actives." in response.content.decode()
    assert not Analysis.objects.exists()


def test_save_and_run_goes_to_the_results(client, questionnaire, answered, facilitator):
    url = reverse("analysis:create") + f"?questionnaire={questionnaire.slug}"
    response = _as(client, facilitator).post(url, {**_form(), "action": "run"})
    analysis = Analysis.objects.get()
    assert response.url == reverse("analysis:run", args=[analysis.slug, 1])
    assert sorted(analysis.parameters["active"]) == sorted(setup.ACTIVE)
    assert analysis.parameters["supplementary"] == ["zone"]
    page = client.get(response.url).content.decode()
    assert "Les profils de besoins" in page and "Profil 1 —" in page
    assert "Le plan factoriel" in page and 'id="factor-map-data"' in page
    assert "Coordonnées des points du plan" in page


def test_members_read_the_results_but_do_not_act(client, analysis, done, tours_member):
    client = _as(client, tours_member)
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert "Les profils de besoins" in page and "Nommer" not in page
    assert "Relancer" not in page and "Supprimer" not in page
    for url in (reverse("analysis:run_create", args=[analysis.slug]),
                reverse("analysis:profile_name", args=[analysis.slug, 1, 1]),
                reverse("analysis:delete", args=[analysis.slug]),
                reverse("analysis:edit", args=[analysis.slug])):
        assert client.post(url, {"name": "X", "profiles": "3"}).status_code == 403
    assert AnalysisRun.objects.count() == 1 and not done.names.exists()


def test_outsiders_get_404_everywhere(client, analysis, done, outsider):
    client = _as(client, outsider)
    for url in (analysis.get_absolute_url(),
                reverse("analysis:run", args=[analysis.slug, 1]),
                reverse("analysis:run_state", args=[analysis.slug, 1]),
                reverse("analysis:run_create", args=[analysis.slug]),
                reverse("analysis:delete", args=[analysis.slug])):
        assert client.post(url).status_code == 404 or client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["facilitator", "steward", "group_admin"])
def test_answer_readers_name_profiles_and_rerun(client, analysis, done, role, request):
    client = _as(client, request.getfixturevalue(role))
    url = reverse("analysis:profile_name", args=[analysis.slug, 1, 2])
    response = client.post(url, {"name": "Aînés isolés"})
    assert response.url == analysis.get_absolute_url() + "#profil-2"
    page = client.get(response.url).content.decode()
    assert "Profil 2 — « Aînés isolés »" in page
    response = client.post(reverse("analysis:run_create", args=[analysis.slug]),
                           {"profiles": "4"})
    assert response.url == reverse("analysis:run", args=[analysis.slug, 2])
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert "Ce qui a changé depuis l'exécution 1" in page and "4 profils au lieu de 3." in page


def test_the_page_says_how_many_moved_and_shows_the_gains(client, analysis, done,
                                                          facilitator):
    page = _as(client, facilitator).get(analysis.get_absolute_url()).content.decode()
    moved = done.results["moved"]
    if moved:
        assert f"{moved} personne" in page and "lors de la consolidation" in page
    assert "Pourquoi 3 profils" in page and "Le calcul propose <strong>3 profils</strong>" in page
    charts = json.loads(re.search(r'id="analysis-charts-data"[^>]*>(.*?)</script>', page,
                                  re.S).group(1))
    assert charts["gains"] and charts["valeurs_propres"][0]["axe"] == 1


def test_a_pending_run_shows_a_progress_bar_and_its_state(client, analysis, tours_member):
    run = AnalysisRun.objects.create(analysis=analysis, number=1, progress=40,
                                     label="Classification", parameters=analysis.parameters)
    client = _as(client, tours_member)
    page = client.get(reverse("analysis:run", args=[analysis.slug, 1])).content.decode()
    assert '<progress id="run-progress" max="100" value="40">40 %</progress>' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    state = client.get(reverse("analysis:run_state", args=[analysis.slug, 1])).json()
    assert state == {"statut": "pending", "avancement": 40, "etape": "Classification",
                     "erreur": "", "termine": False,
                     "adresse": reverse("analysis:run", args=[analysis.slug, run.number])}
    page = client.get(analysis.get_absolute_url()).content.decode()
    assert "suivre son avancement" in page


def test_a_failed_run_shows_its_french_error(client, analysis, tours_member):
    AnalysisRun.objects.create(analysis=analysis, number=1, status=RunStatus.FAILED,
                               error="Trop peu de personnes pour ces questions.")
    page = _as(client, tours_member).get(analysis.get_absolute_url()).content.decode()
    assert "L'exécution 1 a échoué" in page
    assert "Trop peu de personnes pour ces questions." in page


def test_editing_keeps_the_choices_and_saves_new_ones(client, analysis, facilitator):
    client = _as(client, facilitator)
    url = reverse("analysis:edit", args=[analysis.slug])
    page = client.get(url).content.decode()
    assert re.search(r'name="role__logement" value="active"\s+aria-labelledby="[^"]+"\s+checked',
                     page)
    response = client.post(url, {**_form(role__zone="", title="Profils 2"), "action": "save"})
    assert response.url == analysis.get_absolute_url()
    analysis.refresh_from_db()
    assert analysis.title == "Profils 2" and analysis.parameters["supplementary"] == []


def test_deleting_asks_then_deletes(client, analysis, done, facilitator):
    client = _as(client, facilitator)
    url = reverse("analysis:delete", args=[analysis.slug])
    assert "1 exécution" in client.get(url).content.decode()
    assert client.post(url).url == reverse("analysis:index")
    assert not Analysis.objects.exists() and not AnalysisRun.objects.exists()
