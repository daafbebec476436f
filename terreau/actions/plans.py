"""Planning an action: creating and changing it, its members and the skill each brings, its
tasks. Every function checks the person's rights (queries.py) and the input: bad input is a
PlanError in French naming the field, and nothing is written.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.core.markdown import MAX_LENGTH as MARKDOWN_MAX
from terreau.core.slugs import slug_free
from terreau.scenarios.queries import scenario_list_visible

from .choices import ActionStatus, LedBy
from .models import Action, ActionMember, Task
from .queries import action_can_create, action_can_edit

# URL words of /actions/ that an action's slug must never take.
RESERVED_SLUGS = frozenset({"nouvelle", "leviers-et-freins"})
TITLE_MAX = 200
LEADER_MAX = 300
ROLE_MAX = 2000
CONTRIBUTION_MAX = 300
TASK_TITLE_MAX = 300
INHABITANTS_MAX = 1_000_000
FIELDS = ("title", "aim", "led_by", "leader", "status", "starts_on", "ends_on",
          "inhabitants_count", "inhabitants_role", "shared")
RELATIONS = ("zones", "hypotheses", "structures")

REFUSED_EDIT = ("Seul·es l'auteur·rice de l'action, ses participant·es et l'animation du "
                "groupe peuvent la modifier.")


class PlanError(ValueError):
    """Bad input about an action, in French (shown as is; nothing was written)."""


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _text(value, label: str, limit: int, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise PlanError(f"« {label} » : ce champ est obligatoire.")
    if len(text) > limit:
        raise PlanError(f"« {label} » : {len(text)} caractères, {limit} au plus.")
    return text


def _clean(fields: dict) -> dict:
    """Check the plain fields given (a partial update gives only some)."""
    clean = dict(fields)
    if "title" in fields:
        clean["title"] = " ".join(_text(fields["title"], "Titre", TITLE_MAX,
                                        required=True).split())
    if "aim" in fields:
        clean["aim"] = _text(fields["aim"], "But de l'action", MARKDOWN_MAX)
    if "leader" in fields:
        clean["leader"] = _text(fields["leader"], "Porteur", LEADER_MAX)
    if "inhabitants_role" in fields:
        clean["inhabitants_role"] = _text(fields["inhabitants_role"],
                                          "Comment les habitants participent", ROLE_MAX)
    if "led_by" in fields and fields["led_by"] not in LedBy.values:
        raise PlanError(f"« Qui la mène » : « {fields['led_by']} » n'est pas un choix "
                        f"possible ({', '.join(LedBy.values)}).")
    if "status" in fields and fields["status"] not in ActionStatus.values:
        raise PlanError(f"« État » : « {fields['status']} » n'est pas un choix possible "
                        f"({', '.join(ActionStatus.values)}).")
    if "inhabitants_count" in fields:
        count = fields["inhabitants_count"]
        if count is None:
            count = 0
        if not isinstance(count, int) or isinstance(count, bool) or not (
                0 <= count <= INHABITANTS_MAX):
            raise PlanError("« Nombre d'habitants impliqués » : un nombre entier, 0 ou plus.")
        clean["inhabitants_count"] = count
    for name, label in (("starts_on", "Début"), ("ends_on", "Fin")):
        if fields.get(name) is not None and not isinstance(fields[name], date):
            raise PlanError(f"« {label} » : une date est attendue.")
    if "shared" in fields:
        clean["shared"] = bool(fields["shared"])
    return clean


def _check_whole(action: Action) -> None:
    """Rules between fields, checked on the action as it will be saved."""
    if action.starts_on and action.ends_on and action.ends_on < action.starts_on:
        raise PlanError("« Fin » : la fin de l'action tombe avant son début "
                        f"({action.starts_on:%d/%m/%Y}).")
    if action.led_by == LedBy.OTHERS and not action.leader:
        raise PlanError("« Porteur » : dites qui mène l'action quand ce n'est pas le groupe.")


def _hypotheses(user, hypotheses) -> list:
    """The hypotheses given, each in a scenario the person reads."""
    hypotheses = list(hypotheses)
    readable = set(scenario_list_visible(user).values_list("pk", flat=True))
    for hypothesis in hypotheses:
        if hypothesis.scenario_id not in readable:
            raise PlanError(f"« Hypothèses testées » : l'hypothèse n° {hypothesis.pk} "
                            "appartient à un scénario que vous ne pouvez pas lire.")
    return hypotheses


def _set_relations(action: Action, user, relations: dict) -> None:
    if "hypotheses" in relations:
        action.hypotheses.set(_hypotheses(user, relations["hypotheses"]))
    if "zones" in relations:
        action.zones.set(list(relations["zones"]))
    if "structures" in relations:
        action.structures.set(list(relations["structures"]))


def action_create(*, group: TerritorialGroup, by, title: str, **fields) -> Action:
    """Plan an action for `group`; its slug is made from the title. `fields` are the
    model's plain fields and `zones`, `hypotheses`, `structures` (lists of objects)."""
    if not action_can_create(by, group):
        raise PermissionDenied("Vous ne pouvez planifier une action que pour un de vos groupes.")
    relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise PlanError(f"Champs inconnus : {', '.join(sorted(unknown))}.")
    clean = _clean({"title": title, **fields})
    with transaction.atomic():
        action = Action(group=group, created_by=by, **clean)
        _check_whole(action)
        action.slug = slug_free(action.title, Action, fallback="action",
                                reserved=RESERVED_SLUGS)
        action.save()
        _set_relations(action, by, relations)
    return action


def action_update(*, action: Action, by, **fields) -> Action:
    """Change the fields given (the others stay); the slug stays, so links keep working."""
    if not action_can_edit(by, action):
        raise PermissionDenied(REFUSED_EDIT)
    relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise PlanError(f"Champs inconnus : {', '.join(sorted(unknown))}.")
    clean = _clean(fields)
    with transaction.atomic():
        for name, value in clean.items():
            setattr(action, name, value)
        _check_whole(action)
        action.save()
        _set_relations(action, by, relations)
    return action


# ---- Members and their skills -------------------------------------------------------------


def group_members(group: TerritorialGroup) -> list:
    """The group's members, by name: those who may take part in its actions and tasks."""
    users = [m.user for m in Membership.objects.filter(group=group).select_related("user")]
    return sorted(users, key=lambda u: person_name(u).lower())


def _check_member(action: Action, user, field: str) -> None:
    if not Membership.objects.filter(group_id=action.group_id, user=user).exists():
        raise PlanError(f"« {field} » : {person_name(user)} ne fait pas partie du groupe "
                        f"« {action.group.name} ».")


def member_set(*, action: Action, user, by, skill=None, contribution: str = "") -> ActionMember:
    """Add `user` to the action (or change the skill they bring)."""
    if not action_can_edit(by, action):
        raise PermissionDenied(REFUSED_EDIT)
    _check_member(action, user, "Participant·e")
    contribution = " ".join(_text(contribution, "Ce que la personne apporte",
                                  CONTRIBUTION_MAX).split())
    member, _ = ActionMember.objects.update_or_create(
        action=action, user=user, defaults={"skill": skill, "contribution": contribution})
    return member


def member_remove(*, action: Action, user, by) -> None:
    if not action_can_edit(by, action):
        raise PermissionDenied(REFUSED_EDIT)
    ActionMember.objects.filter(action=action, user=user).delete()


def members_replace(*, action: Action, by, members: list[tuple]) -> None:
    """Make the action's members exactly `members` [(user, skill | None, contribution)], in
    one transaction (the edit form's table)."""
    if not action_can_edit(by, action):
        raise PermissionDenied(REFUSED_EDIT)
    with transaction.atomic():
        kept = []
        for user, skill, contribution in members:
            member_set(action=action, user=user, by=by, skill=skill, contribution=contribution)
            kept.append(user.pk)
        ActionMember.objects.filter(action=action).exclude(user_id__in=kept).delete()


# ---- Tasks --------------------------------------------------------------------------------


def task_add(*, action: Action, by, title: str, assignee=None,
             due_on: date | None = None) -> Task:
    """A task of the action: what, who (a member of the group), by when."""
    if not action_can_edit(by, action):
        raise PermissionDenied(REFUSED_EDIT)
    title = " ".join(_text(title, "Quoi", TASK_TITLE_MAX, required=True).split())
    if assignee is not None:
        _check_member(action, assignee, "Qui")
    if due_on is not None and not isinstance(due_on, date):
        raise PlanError("« Pour quand » : une date est attendue.")
    return Task.objects.create(action=action, title=title, assignee=assignee, due_on=due_on)


def _task_check(task: Task, by) -> None:
    if not action_can_edit(by, task.action):
        raise PermissionDenied(REFUSED_EDIT)


def task_done(*, task: Task, by) -> Task:
    _task_check(task, by)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
    return task


def task_undone(*, task: Task, by) -> Task:
    _task_check(task, by)
    task.done_at = None
    task.save(update_fields=["done_at"])
    return task


def task_delete(*, task: Task, by) -> None:
    _task_check(task, by)
    task.delete()
