"""The action pages: the list and its filters, planning and changing an action, its page
(what each role sees), tasks; rights per role (404 unreadable, 403 read-only)."""

# ruff: noqa: F811
import pytest
from django.urls import reverse

from terreau.actions.models import Action, Task
from terreau.actions.plans import member_set, task_add

from .plans_setup import (  # noqa: F401
    JOUE,
    TOURS,
    action,
    other_action,
    private_action,
    skills,
    structure,
    zones,
)

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [a.title for a in response.context["actions"]]


def test_anonymous_visitors_are_sent_to_sign_in(client, action):
    for url in (reverse("actions:list"), action.get_absolute_url(), reverse("actions:map_data")):
        response = client.get(url)
        assert response.status_code == 302 and "connexion" in response["Location"]


def test_the_list_shows_own_and_shared_actions_and_filters_them(client, mehdi, action,
                                                                other_action, private_action):
    client.force_login(mehdi)
    response = client.get(reverse("actions:list"))
    assert response.status_code == 200
    assert titles(response) == ["Permanence de la Mission locale", "Bus santé"]
    body = response.content.decode()
    assert 'id="actions-map"' in body and "actions/map.js" in body
    assert "(mon groupe)" in body
    assert titles(client.get(reverse("actions:list"), {"groupe": "autres"})) == ["Bus santé"]
    assert titles(client.get(reverse("actions:list"), {"groupe": "mien"})) == [
        "Permanence de la Mission locale"]
    assert titles(client.get(reverse("actions:list"), {"etat": "en_cours"})) == ["Bus santé"]
    assert titles(client.get(reverse("actions:list"), {"zone": "Tours"})) == [
        "Permanence de la Mission locale"]
    assert titles(client.get(reverse("actions:list"), {"du": "2026-07-01"})) == ["Bus santé"]
    hypothesis = action.hypotheses.get()
    assert titles(client.get(reverse("actions:list"), {"hypothese": hypothesis.pk})) == [
        "Permanence de la Mission locale"]
    structure = action.structures.get()
    assert titles(client.get(reverse("actions:list"), {"structure": structure.pk})) == [
        "Permanence de la Mission locale"]
    bad = client.get(reverse("actions:list"), {"zone": "Nulle-part-sur-Loire"})
    assert "Zone inconnue : « Nulle-part-sur-Loire »" in bad.content.decode()


def test_a_signed_in_person_without_group_sees_the_shared_ones_and_cannot_plan(client,
                                                                                camille,
                                                                                action):
    client.force_login(camille)
    response = client.get(reverse("actions:list"))
    assert titles(response) == ["Permanence de la Mission locale"]
    assert "Planifier une action" not in response.content.decode()
    assert client.get(reverse("actions:create")).status_code == 403


def test_plan_an_action_from_the_form(client, fanny, mehdi, hypothesis, zones, structure,
                                      skills):
    client.force_login(fanny)
    page = client.get(reverse("actions:create"), {"hypothese": hypothesis.pk})
    assert page.status_code == 200
    assert page.context["form"]["hypotheses"].value() == [str(hypothesis.pk)]
    response = client.post(reverse("actions:create"), {
        "groupe": "tours-insertion", "title": "Atelier CV", "aim": "Aider *vraiment*.",
        "hypotheses": [hypothesis.pk], "led_by": "groupe", "status": "prevue",
        "starts_on": "2026-03-01", "ends_on": "2026-04-01", "zones": "Tours\n37122",
        "structures": "Centre social Pluriel", "inhabitants_count": "8",
        "inhabitants_role": "Ils témoignent.", "shared": "on",
        f"membre_{mehdi.pk}": "on", f"competence_{mehdi.pk}": "emploi-insertion",
        f"apport_{mehdi.pk}": "relit les CV",
    })
    action = Action.objects.get(title="Atelier CV")
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert sorted(action.zones.values_list("code", flat=True)) == sorted([TOURS, JOUE])
    assert action.created_by == fanny and action.inhabitants_count == 8
    assert list(action.members.values_list("user__username", "skill__slug", "contribution")) \
        == [("mehdi", "emploi-insertion", "relit les CV")]


def test_bad_lines_are_named_and_nothing_is_written(client, fanny, zones):
    client.force_login(fanny)
    response = client.post(reverse("actions:create"), {
        "groupe": "tours-insertion", "title": "Atelier", "led_by": "groupe",
        "status": "prevue", "zones": "Tours\nAtlantide", "structures": "Inconnue du tout",
        "starts_on": "2026-05-01", "ends_on": "2026-04-01"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["zones"] == ["Ligne 2 : zone inconnue « Atlantide ». Tapez le nom d'une "
                               "commune ou un code INSEE."]
    assert errors["structures"][0].startswith("Ligne 1 : Aucune structure ouverte")
    assert not Action.objects.exists()
    response = client.post(reverse("actions:create"), {
        "groupe": "tours-insertion", "title": "Atelier", "led_by": "groupe",
        "status": "prevue", "starts_on": "2026-05-01", "ends_on": "2026-04-01"})
    assert response.context["form"].errors == {
        "ends_on": ["La fin de l'action tombe avant son début (01/05/2026)."]}
    assert not Action.objects.exists()


def test_what_each_role_sees_on_the_action_page(client, action, fanny, mehdi, olga, camille,
                                                skills):
    member_set(action=action, user=mehdi, by=fanny, skill=skills["interpretariat"])
    task_add(action=action, by=fanny, title="Réserver la salle", assignee=mehdi)
    client.force_login(mehdi)
    body = client.get(action.get_absolute_url()).content.decode()
    assert "<strong>Mission locale</strong>" in body  # the aim's Markdown
    assert "Les jeunes du nord ne connaissent pas la Mission locale." in body
    assert "/scenarios/chomage-nord/#hypothese-" in body
    assert "Centre social Pluriel" in body and "/annuaire/" in body
    assert "Interprétariat" in body and "Réserver la salle" in body
    assert "12 — Ils tiennent le stand." in body
    assert "Évaluations" in body  # the evaluation part's section
    assert "Modifier l'action" in body  # Mehdi takes part
    client.force_login(olga)  # another group: the shared action without members nor tasks
    body = client.get(action.get_absolute_url()).content.decode()
    assert "Permanence de la Mission locale" in body
    assert "Interprétariat" not in body and "Réserver la salle" not in body
    assert "Une hypothèse d'un scénario que vous ne pouvez pas lire." in body
    assert "Modifier l'action" not in body
    assert client.get(reverse("actions:edit", args=[action.slug])).status_code == 403


def test_an_unshared_action_is_a_404_for_other_groups(client, private_action, fanny, camille):
    for user in (fanny, camille):
        client.force_login(user)
        assert client.get(private_action.get_absolute_url()).status_code == 404
        assert client.post(reverse("actions:tasks", args=[private_action.slug]),
                           {"title": "x"}).status_code == 404


def test_edit_an_action(client, action, fanny):
    client.force_login(fanny)
    page = client.get(reverse("actions:edit", args=[action.slug]))
    assert page.context["form"]["zones"].value() == TOURS
    data = {"title": "Permanence hebdomadaire", "led_by": "groupe", "status": "en_cours",
            "zones": TOURS, "structures": str(action.structures.get().pk),
            "hypotheses": [h.pk for h in action.hypotheses.all()], "inhabitants_count": "12"}
    response = client.post(reverse("actions:edit", args=[action.slug]), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status, action.shared) == ("Permanence hebdomadaire",
                                                            "en_cours", False)


def test_tasks_from_the_page(client, action, fanny, mehdi, olga):
    client.force_login(fanny)
    response = client.post(reverse("actions:tasks", args=[action.slug]),
                           {"title": "Imprimer les affiches", "assignee": mehdi.pk,
                            "due_on": "2026-02-01"})
    assert response.status_code == 302 and response["Location"].endswith("#taches")
    task = Task.objects.get()
    assert (task.assignee, str(task.due_on)) == (mehdi, "2026-02-01")
    bad = client.post(reverse("actions:tasks", args=[action.slug]),
                      {"title": "", "assignee": olga.pk})
    assert bad.status_code == 400
    assert bad.context["task_form"].errors == {
        "title": ["Dites ce qu'il faut faire."], "assignee": ["Choisissez un membre du groupe."]}
    url = reverse("actions:task", args=[action.slug, task.pk])
    client.post(url, {"operation": "faite"})
    assert Task.objects.get().done_at is not None
    client.post(url, {"operation": "a-refaire"})
    assert Task.objects.get().done_at is None
    client.force_login(mehdi)  # a member who does not take part: read, not change
    assert client.post(url, {"operation": "supprimer"}).status_code == 403
    client.force_login(fanny)
    client.post(url, {"operation": "supprimer"})
    assert not Task.objects.exists()


def test_a_hypothesis_of_a_scenario_leads_to_planning_an_action_that_tests_it(
        client, fanny, scenario, hypothesis):
    client.force_login(fanny)
    page = client.get(scenario.get_absolute_url()).content.decode()
    link = f'{reverse("actions:create")}?hypothese={hypothesis.pk}'
    assert f'<a href="{link}">Planifier une action qui la teste</a>' in page
    form = client.get(link).context["form"]
    assert [str(h) for h in form.initial["hypotheses"]] == [str(hypothesis.pk)]
