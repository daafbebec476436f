"""JSON API of the actions' plans, under /api/v1/actions/: the list (with the page's
filters), planning and changing an action, adding a task.

Same rules as the pages (queries.py): 401 for anonymous clients (the API does it), 404 for an
action one may not read, 403 for one read but not changed. Fields are read as text and
checked here, so that bad input is a 400 with a French `detail` and nothing is written.
Members and tasks are only given to the members of the action's group.

The evaluation router is added first to the same prefix: its fixed word
(`leviers-et-freins`) is matched before an action's slug; the slug can never be that word
(plans.RESERVED_SLUGS).
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut
from terreau.directory.forms_search import resolve_zone
from terreau.directory.models import Structure
from terreau.directory.skills import skill_get
from terreau.directory.skills_places import SkillError
from terreau.scenarios.models import Hypothesis
from terreau.scenarios.queries import scenario_list_visible

from .forms_plans import FilterForm
from .models import Action
from .plans import PlanError, action_create, action_update, members_replace, person_name, task_add
from .queries import (
    action_can_edit,
    action_get_readable,
    action_is_own_group,
    action_list_visible,
    groups_for_actions,
)

router = Router()


class MemberIn(Schema):
    identifiant: str = Field(description="Identifiant de connexion du membre du groupe.")
    competence: str = Field("", description="Identifiant de la compétence (liste de "
                                            "l'annuaire), vide sinon.")
    apport: str = Field("", description="Ce que la personne apporte (300 caractères).")


class ActionIn(Schema):
    titre: str | None = None
    but: str | None = Field(None, description="Markdown.")
    groupe: str | None = Field(None, description="Slug du groupe (à la création).")
    mene_par: str | None = Field(None, description="« groupe » ou « autres ».")
    porteur: str | None = Field(None, description="Qui la mène, quand ce n'est pas le groupe.")
    etat: str | None = Field(None, description="prevue, en_cours, terminee, arretee.")
    debut: str | None = Field(None, description="AAAA-MM-JJ, vide pour aucune.")
    fin: str | None = Field(None, description="AAAA-MM-JJ, vide pour aucune.")
    zones: list[str] | None = Field(None, description="Codes ou noms de zones "
                                                      "(« 37261 », « iris:372610101 »).")
    hypotheses: list[int] | None = Field(None, description="Numéros des hypothèses testées.")
    structures: list[int] | None = Field(None, description="Numéros des structures.")
    habitants_nombre: int | None = Field(None, description="Nombre d'habitants (jamais de nom).")
    habitants_role: str | None = None
    partagee: bool | None = Field(None, description="Visible des autres groupes.")
    membres: list[MemberIn] | None = Field(None, description="Remplace la liste des "
                                                             "participant·es.")


class TaskIn(Schema):
    quoi: str = ""
    qui: str = Field("", description="Identifiant de connexion d'un membre du groupe.")
    pour_le: str = Field("", description="AAAA-MM-JJ.")


class FiltersIn(Schema):
    groupe: str = Field("", description="« mien » ou « autres ».")
    mene_par: str = ""
    etat: str = ""
    zone: str = ""
    hypothese: str = ""
    structure: str = ""
    du: str = ""
    au: str = ""


def _date(text: str | None, label: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PlanError(f"« {label} » : date attendue au format AAAA-MM-JJ, pas « {text} ».") \
            from None


def task_out(task) -> dict:
    return {"id": task.pk, "quoi": task.title,
            "qui": task.assignee.get_username() if task.assignee else None,
            "qui_nom": person_name(task.assignee) if task.assignee else None,
            "pour_le": task.due_on.isoformat() if task.due_on else None,
            "faite": task.done_at is not None}


def action_out(action: Action, user) -> dict:
    readable = set(scenario_list_visible(user).values_list("pk", flat=True))
    out = {
        "slug": action.slug, "titre": action.title, "but": action.aim,
        "groupe": action.group.slug, "mene_par": action.led_by, "porteur": action.leader,
        "etat": action.status, "debut": action.starts_on.isoformat() if action.starts_on else None,
        "fin": action.ends_on.isoformat() if action.ends_on else None,
        "zones": [{"code": z.code, "niveau": z.level, "nom": z.name} for z in action.zones.all()],
        "hypotheses": [{"id": h.pk, "enonce": h.statement, "scenario": h.scenario.slug,
                        "statut": h.status}
                       for h in action.hypotheses.select_related("scenario")
                       if h.scenario_id in readable],
        "structures": [{"id": s.pk, "nom": s.nom} for s in action.structures.all()],
        "habitants_nombre": action.inhabitants_count,
        "habitants_role": action.inhabitants_role, "partagee": action.shared,
        "exemple": action.is_example, "url": action.get_absolute_url(),
    }
    if action_is_own_group(user, action):
        out["membres"] = [{"identifiant": m.user.get_username(), "nom": person_name(m.user),
                           "competence": m.skill.slug if m.skill else None,
                           "apport": m.contribution}
                          for m in action.members.select_related("user", "skill")]
        out["taches"] = [task_out(t) for t in action.tasks.select_related("assignee")]
    return out


def _fields(body: ActionIn) -> dict:
    """The plans.py fields of the values given (None: not given, left as is)."""
    names = {"titre": "title", "but": "aim", "mene_par": "led_by", "porteur": "leader",
             "etat": "status", "habitants_nombre": "inhabitants_count",
             "habitants_role": "inhabitants_role", "partagee": "shared"}
    fields = {model: getattr(body, api) for api, model in names.items()
              if getattr(body, api) is not None}
    if body.debut is not None:
        fields["starts_on"] = _date(body.debut, "debut")
    if body.fin is not None:
        fields["ends_on"] = _date(body.fin, "fin")
    if body.zones is not None:
        fields["zones"] = []
        for n, text in enumerate(body.zones, start=1):
            zone = resolve_zone(text)
            if zone is None:
                raise PlanError(f"« zones », n° {n} : zone inconnue « {text} ».")
            fields["zones"].append(zone)
    if body.hypotheses is not None:
        found = {h.pk: h for h in Hypothesis.objects.filter(pk__in=body.hypotheses)}
        missing = [str(pk) for pk in body.hypotheses if pk not in found]
        if missing:
            raise PlanError(f"« hypotheses » : hypothèse(s) inconnue(s) : {', '.join(missing)}.")
        fields["hypotheses"] = list(found.values())
    if body.structures is not None:
        found = {s.pk: s for s in Structure.objects.filter(pk__in=body.structures)}
        missing = [str(pk) for pk in body.structures if pk not in found]
        if missing:
            raise PlanError(f"« structures » : structure(s) inconnue(s) : {', '.join(missing)}.")
        fields["structures"] = list(found.values())
    return fields


def _members(body: ActionIn) -> list[tuple] | None:
    if body.membres is None:
        return None
    users = get_user_model().objects
    members = []
    for n, m in enumerate(body.membres, start=1):
        user = users.filter(username=m.identifiant.strip()).first()
        if user is None:
            raise PlanError(f"« membres », n° {n} : personne inconnue « {m.identifiant} ».")
        try:
            skill = skill_get(m.competence) if m.competence.strip() else None
        except SkillError as error:
            raise PlanError(f"« membres », n° {n} : {error}") from None
        members.append((user, skill, m.apport))
    return members


def _readable(request: HttpRequest, slug: str) -> Action:
    action = action_get_readable(request.user, slug)
    if action is None:
        raise HttpError(404, "Action introuvable.")
    return action


def _editable(request: HttpRequest, slug: str) -> Action:
    action = _readable(request, slug)
    if not action_can_edit(request.user, action):
        raise HttpError(403, "Seul·es l'auteur·rice de l'action, ses participant·es et "
                             "l'animation du groupe peuvent la modifier.")
    return action


@router.get("/", response={200: list[dict], 400: ErrorOut}, url_name="actions_list",
            summary="Les actions que vous pouvez lire (filtres de la page)")
def actions_list(request: HttpRequest, filters: Query[FiltersIn]):
    visible = action_list_visible(request.user)
    form = FilterForm({k: v for k, v in filters.dict().items() if v}, actions=visible,
                      user=request.user)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise HttpError(400, f"« {field} » : {' '.join(errors)}")
    actions = form.apply(visible).prefetch_related("zones", "structures")
    return [action_out(a, request.user) for a in actions.order_by(*Action._meta.ordering)]


def _save(request: HttpRequest, body: ActionIn, action: Action | None) -> Action:
    try:
        with transaction.atomic():
            fields, members = _fields(body), _members(body)
            if action is None:
                group = groups_for_actions(request.user).filter(
                    slug=(body.groupe or "").strip()).first()
                if group is None:
                    raise HttpError(400 if not (body.groupe or "").strip() else 403,
                                    "Indiquez un de vos groupes (« groupe » : son slug).")
                title = fields.pop("title", "")
                action = action_create(group=group, by=request.user, title=title, **fields)
            else:
                action = action_update(action=action, by=request.user, **fields)
            if members is not None:
                members_replace(action=action, by=request.user, members=members)
    except PlanError as error:
        raise HttpError(400, str(error)) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    return action


@router.post("/", response={201: dict, 400: ErrorOut, 403: ErrorOut}, url_name="action_create",
             summary="Planifier une action")
def action_create_api(request: HttpRequest, body: ActionIn):
    action = _save(request, body, None)
    return Status(201, action_out(action, request.user))


@router.get("/{slug}", response={200: dict, 404: ErrorOut}, url_name="action_detail",
            summary="Une action")
def action_detail_api(request: HttpRequest, slug: str):
    return action_out(_readable(request, slug), request.user)


@router.patch("/{slug}", response={200: dict, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
              url_name="action_update", summary="Changer une action (les champs donnés)")
def action_update_api(request: HttpRequest, slug: str, body: ActionIn):
    action = _editable(request, slug)
    if body.groupe is not None and body.groupe.strip() != action.group.slug:
        raise HttpError(400, "« groupe » : une action ne change pas de groupe.")
    return action_out(_save(request, body, action), request.user)


@router.post("/{slug}/taches", response={201: dict, 400: ErrorOut, 403: ErrorOut,
                                         404: ErrorOut},
             url_name="action_task_create", summary="Ajouter une tâche à une action")
def task_create_api(request: HttpRequest, slug: str, body: TaskIn):
    action = _editable(request, slug)
    try:
        assignee = None
        if body.qui.strip():
            assignee = get_user_model().objects.filter(username=body.qui.strip()).first()
            if assignee is None:
                raise PlanError(f"« qui » : personne inconnue « {body.qui.strip()} ».")
        task = task_add(action=action, by=request.user, title=body.quoi, assignee=assignee,
                        due_on=_date(body.pour_le, "pour_le"))
    except PlanError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, task_out(task))
