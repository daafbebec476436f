"""Planning an action (plans.py): slugs, checks with French messages and nothing written,
rights, members with their skills, tasks."""

# ruff: noqa: F811
import datetime

import pytest
from django.core.exceptions import PermissionDenied

from terreau.actions.models import Action, ActionMember, Task
from terreau.actions.plans import (
    PlanError,
    action_create,
    action_update,
    member_remove,
    member_set,
    members_replace,
    task_add,
    task_delete,
    task_done,
    task_undone,
)
from terreau.scenarios.models import Hypothesis, Scenario

from .plans_setup import TOURS, action, skills, structure, zones  # noqa: F401

pytestmark = pytest.mark.django_db


def test_an_action_gets_a_free_slug_and_its_relations(action, hypothesis, zones, structure):
    assert action.slug == "permanence-de-la-mission-locale"
    assert list(action.hypotheses.all()) == [hypothesis]
    assert list(action.zones.all()) == [zones[TOURS]]
    assert list(action.structures.all()) == [structure]
    assert list(hypothesis.actions.all()) == [action]


def test_the_same_title_twice_and_reserved_words(group, fanny):
    first = action_create(group=group, by=fanny, title="Nouvelle")
    second = action_create(group=group, by=fanny, title="Nouvelle")
    assert (first.slug, second.slug) == ("nouvelle-2", "nouvelle-3")
    assert action_create(group=group, by=fanny, title="Leviers et freins").slug == \
        "leviers-et-freins-2"


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": "  "}, "« Titre » : ce champ est obligatoire."),
    ({"title": "x" * 201}, "« Titre » : 201 caractères, 200 au plus."),
    ({"status": "finie"}, "« État » : « finie » n'est pas un choix possible"),
    ({"led_by": "autres"}, "« Porteur » : dites qui mène l'action"),
    ({"starts_on": datetime.date(2026, 5, 1), "ends_on": datetime.date(2026, 4, 1)},
     "« Fin » : la fin de l'action tombe avant son début (01/05/2026)."),
    ({"inhabitants_count": -3}, "« Nombre d'habitants impliqués » : un nombre entier"),
])
def test_bad_input_is_refused_in_french_and_nothing_is_written(group, fanny, fields, message):
    fields = {"title": "Atelier CV", **fields}
    with pytest.raises(PlanError, match=message.replace("(", r"\(").replace(")", r"\)")):
        action_create(group=group, by=fanny, **fields)
    assert not Action.objects.exists()


def test_a_hypothesis_of_a_scenario_one_cannot_read_is_refused(group, other_group, fanny, olga):
    hidden = Scenario.objects.create(slug="vierzon", title="Vierzon", group=other_group,
                                     author=olga, visibility="group")
    theirs = Hypothesis.objects.create(scenario=hidden, statement="Secret.", created_by=olga)
    with pytest.raises(PlanError, match="scénario que vous ne pouvez pas lire"):
        action_create(group=group, by=fanny, title="Test", hypotheses=[theirs])
    assert not Action.objects.exists()


def test_only_members_of_the_group_plan_and_change_its_actions(group, action, olga, camille,
                                                               mehdi, ada):
    with pytest.raises(PermissionDenied):
        action_create(group=group, by=olga, title="Intrus")
    with pytest.raises(PermissionDenied):
        action_create(group=group, by=camille, title="Intrus")
    with pytest.raises(PermissionDenied):  # a member who is neither author nor participant
        action_update(action=action, by=mehdi, title="Autre")
    action_update(action=action, by=ada, status="en_cours")  # instance admin
    assert Action.objects.get(pk=action.pk).status == "en_cours"


def test_update_changes_only_what_is_given_and_keeps_the_slug(action, fanny, zones):
    action_update(action=action, by=fanny, title="Permanence au centre social",
                  zones=[zones[TOURS], zones["37122"]])
    action.refresh_from_db()
    assert action.title == "Permanence au centre social"
    assert action.slug == "permanence-de-la-mission-locale"
    assert action.inhabitants_count == 12 and action.zones.count() == 2


def test_a_bad_update_leaves_the_action_as_it_was(action, fanny):
    with pytest.raises(PlanError):
        action_update(action=action, by=fanny, title="Nouveau titre",
                      ends_on=datetime.date(2025, 1, 1))
    action.refresh_from_db()
    assert action.title == "Permanence de la Mission locale"


def test_members_and_the_skills_they_bring(action, fanny, mehdi, olga, skills):
    member_set(action=action, user=mehdi, by=fanny, skill=skills["interpretariat"],
               contribution="arabe")
    member = ActionMember.objects.get(action=action)
    assert (member.user, member.skill.slug, member.contribution) == (mehdi, "interpretariat",
                                                                     "arabe")
    # Once a participant, Mehdi may change the action.
    action_update(action=action, by=mehdi, status="en_cours")
    with pytest.raises(PlanError, match="olga ne fait pas partie du groupe"):
        member_set(action=action, user=olga, by=fanny)
    members_replace(action=action, by=fanny, members=[(fanny, skills["mobilite"], "")])
    assert list(action.members.values_list("user__username", "skill__slug")) == [
        ("fanny", "mobilite")]
    member_remove(action=action, user=fanny, by=fanny)
    assert not action.members.exists()


def test_tasks_add_done_undone_delete(action, fanny, mehdi, olga):
    task = task_add(action=action, by=fanny, title="  Réserver   la salle ", assignee=mehdi,
                    due_on=datetime.date(2026, 2, 1))
    assert task.title == "Réserver la salle"
    task_done(task=task, by=fanny)
    assert Task.objects.get(pk=task.pk).done_at is not None
    task_undone(task=task, by=fanny)
    assert Task.objects.get(pk=task.pk).done_at is None
    with pytest.raises(PermissionDenied):
        task_done(task=task, by=olga)
    with pytest.raises(PlanError, match="« Qui » : olga ne fait pas partie"):
        task_add(action=action, by=fanny, title="Affiches", assignee=olga)
    with pytest.raises(PlanError, match="« Quoi » : ce champ est obligatoire"):
        task_add(action=action, by=fanny, title=" ")
    task_delete(task=task, by=fanny)
    assert not Task.objects.exists()
