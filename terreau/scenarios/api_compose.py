"""API: list, read and compose scenarios and their steps (/api/v1/scenarios/).

Same rules as the pages: reading follows the scenario's visibility (anonymous clients read
public scenarios: these GETs take `auth=None` and check the user themselves); writing needs
a signed-in user (401), a scenario they read (404 otherwise) and may change (403). A refused
change is a 400 whose `detail` is a French sentence (services.ScenarioError).
"""

from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from terreau.core.api_schemas import ErrorOut
from terreau.core.markdown import MAX_LENGTH, render_markdown

from .api_access import editable, readable
from .choices import StepKind, Visibility
from .models import Scenario, Step
from .queries import (
    groups_for_new_scenario,
    scenario_list_visible,
    step_list,
)
from .services import (
    ScenarioError,
    scenario_create,
    step_add,
    step_delete,
    step_update,
    steps_reorder,
)

router = Router(tags=["scénarios"])

NOT_FOUND = "Scénario introuvable."


class ScenarioOut(Schema):
    slug: str
    titre: str
    question: str
    groupe: str = Field(description="Identifiant du groupe du scénario.")
    visibilite: str = Field(description="author, group, instance ou public.")
    exemple: bool
    credit: str
    nombre_etapes: int
    url: str


class StepOut(Schema):
    id: int
    position: int
    titre: str
    page: str = Field(description="carte ou rapprochement.")
    vue: str = Field(description="Paramètres du lien permanent de la vue dans l'atlas.")
    recit: str = Field(description="Récit en Markdown.")
    recit_html: str = Field(description="Récit rendu en HTML nettoyé.")
    lien_atlas: str


class ScenarioDetailOut(ScenarioOut):
    etapes: list[StepOut]


class ScenarioIn(Schema):
    titre: str
    question: str = ""
    groupe: str = Field("", description="Identifiant du groupe (défaut : le premier des "
                                        "vôtres).")
    visibilite: str = Visibility.GROUP.value


class StepIn(Schema):
    page: str = StepKind.MAP.value
    vue: str = Field(description="Paramètres de la vue, comme dans le lien permanent de "
                                 "l'atlas : indicateur=chomage&niveau=commune&dans=37.")
    titre: str
    recit: str = Field("", description=f"Récit en Markdown (au plus {MAX_LENGTH} caractères).")
    position: int | None = None


class StepChangeIn(Schema):
    titre: str
    recit: str = Field("", description=f"Récit en Markdown (au plus {MAX_LENGTH} caractères).")


class OrderIn(Schema):
    ids: list[int] = Field(description="Les identifiants de toutes les étapes, dans l'ordre.")


def _scenario_out(scenario: Scenario, count: int | None = None) -> dict:
    return {"slug": scenario.slug, "titre": scenario.title, "question": scenario.question,
            "groupe": scenario.group.slug, "visibilite": scenario.visibility,
            "exemple": scenario.is_example, "credit": scenario.credit,
            "nombre_etapes": scenario.steps.count() if count is None else count,
            "url": scenario.get_absolute_url()}


def _step_out(step: Step) -> dict:
    return {"id": step.pk, "position": step.position, "titre": step.title, "page": step.kind,
            "vue": step.query, "recit": step.narrative,
            "recit_html": render_markdown(step.narrative), "lien_atlas": step.atlas_url()}


def _detail(scenario: Scenario) -> dict:
    steps = step_list(scenario)
    return {**_scenario_out(scenario, len(steps)), "etapes": [_step_out(s) for s in steps]}


def _check_length(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise HttpError(400, f"Le récit dépasse {MAX_LENGTH} caractères ({len(text)}).")


@router.get("", response=list[ScenarioOut], url_name="scenario_list", auth=None,
            summary="Scénarios lisibles")
def scenarios(request: HttpRequest):
    """The scenarios the client may read (anonymous: the public ones)."""
    rows = scenario_list_visible(request.user).annotate(count=Count("steps"))
    return [_scenario_out(scenario, scenario.count) for scenario in rows]


@router.get("{slug}", response={200: ScenarioDetailOut, 404: ErrorOut},
            url_name="scenario_detail", auth=None, summary="Un scénario et ses étapes")
def scenario_detail(request: HttpRequest, slug: str):
    return _detail(readable(request, slug))


@router.post("", response={201: ScenarioDetailOut, 400: ErrorOut, 403: ErrorOut},
             url_name="scenario_create", summary="Créer un scénario")
def scenario_new(request: HttpRequest, body: ScenarioIn):
    groups = groups_for_new_scenario(request.user)
    if not groups.exists():
        raise HttpError(403, "Il faut faire partie d'un groupe pour composer un scénario.")
    group = groups.filter(slug=body.groupe).first() if body.groupe else groups.first()
    if group is None:
        raise HttpError(400, f"Vous ne faites pas partie du groupe « {body.groupe} ».")
    try:
        scenario = scenario_create(title=body.titre, question=body.question, group=group,
                                   author=request.user, visibility=body.visibilite)
    except ScenarioError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _detail(scenario))


@router.post("{slug}/etapes", response={201: StepOut, 400: ErrorOut, 403: ErrorOut,
                                         404: ErrorOut},
             url_name="scenario_step_add", summary="Ajouter une vue de l'atlas comme étape")
def step_new(request: HttpRequest, slug: str, body: StepIn):
    scenario = editable(request, slug)
    _check_length(body.recit)
    try:
        with transaction.atomic():
            step = step_add(scenario=scenario, kind=body.page, query=body.vue,
                                    title=body.titre, user=request.user,
                                    narrative=body.recit, position=body.position)
    except ScenarioError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _step_out(step))


def _step(request: HttpRequest, slug: str, step_id: int) -> Step:
    step = Step.objects.filter(pk=step_id, scenario=editable(request, slug)).first()
    if step is None:
        raise HttpError(404, "Étape introuvable.")
    return step


@router.put("{slug}/etapes/{step_id}", response={200: StepOut, 400: ErrorOut, 403: ErrorOut,
                                                  404: ErrorOut},
            url_name="scenario_step_update", summary="Modifier le titre et le récit d'une étape")
def step_change(request: HttpRequest, slug: str, step_id: int, body: StepChangeIn):
    step = _step(request, slug, step_id)
    _check_length(body.recit)
    try:
        step_update(step=step, title=body.titre, narrative=body.recit)
    except ScenarioError as error:
        raise HttpError(400, str(error)) from None
    return _step_out(step)


@router.delete("{slug}/etapes/{step_id}", response={204: None, 403: ErrorOut, 404: ErrorOut},
               url_name="scenario_step_delete", summary="Retirer une étape")
def step_remove(request: HttpRequest, slug: str, step_id: int):
    step_delete(step=_step(request, slug, step_id))
    return Status(204, None)


@router.post("{slug}/ordre", response={200: ScenarioDetailOut, 400: ErrorOut, 403: ErrorOut,
                                       404: ErrorOut},
             url_name="scenario_steps_order", summary="Réordonner les étapes")
def steps_order(request: HttpRequest, slug: str, body: OrderIn):
    scenario = editable(request, slug)
    try:
        steps_reorder(scenario=scenario, step_ids=body.ids)
    except ScenarioError as error:
        raise HttpError(400, str(error)) from None
    return _detail(scenario)
