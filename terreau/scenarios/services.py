"""Use cases that write scenarios and their steps. Each checks its input and raises
ScenarioError with a French message; permissions are checked by the callers (views, API)
with queries.scenario_can_edit & co."""

from django.db import transaction
from django.db.models import F, Max

from terreau.accounts.models import TerritorialGroup
from terreau.atlas.params import ParamsError
from terreau.core.slugs import slug_free
from terreau.indicators.queries import indicator_get_visible

from .choices import StepKind, Visibility
from .models import QUERY_MAX_LENGTH, Scenario, Step
from .rules import scenario_blockers, step_blockers, step_indicator_slugs, visibility_refusal

TITLE_MAX = 200
# Words of the app's own URLs (/scenarios/nouveau/, /scenarios/reunion/…): never a slug.
RESERVED_SLUGS = frozenset({"nouveau", "ajouter-vue", "notifications", "groupe", "reunion",
                            "reunions", "rejoindre", "api"})


class ScenarioError(ValueError):
    """A change refused; `str(error)` is a French sentence saying why."""


def _clean_title(title: str, what: str = "Le titre") -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ScenarioError(f"{what} est obligatoire.")
    if len(title) > TITLE_MAX:
        raise ScenarioError(f"{what} dépasse {TITLE_MAX} caractères.")
    return title


def slug_unique(title: str, *, exclude_pk: int | None = None) -> str:
    """A free scenario slug made from `title`."""
    return slug_free(title, Scenario, fallback="scenario", reserved=RESERVED_SLUGS,
                     exclude_pk=exclude_pk)


def _check_visibility(scenario: Scenario, visibility: str) -> None:
    if visibility not in Visibility.values:
        raise ScenarioError(f"Visibilité inconnue « {visibility} ».")
    if scenario.pk is None:
        return
    refused = visibility_refusal(scenario_blockers(scenario), visibility)
    if refused:
        label = Visibility(visibility).label.lower()
        raise ScenarioError(f"Ce scénario ne peut pas être rendu visible « {label} » : "
                            + " ".join(b.reason for b in refused))


@transaction.atomic
def scenario_create(*, title: str, group: TerritorialGroup, author, question: str = "",
                    visibility: str = Visibility.GROUP, is_example: bool = False,
                    slug: str = "") -> Scenario:
    title = _clean_title(title)
    _check_visibility(Scenario(), visibility)
    if slug and (slug in RESERVED_SLUGS or Scenario.objects.filter(slug=slug).exists()):
        raise ScenarioError(f"L'identifiant « {slug} » est déjà pris.")
    return Scenario.objects.create(slug=slug or slug_unique(title), title=title,
                                   question=(question or "").strip(), group=group,
                                   author=author, visibility=visibility,
                                   is_example=is_example)


@transaction.atomic
def scenario_update(*, scenario: Scenario, title: str, question: str,
                    visibility: str) -> Scenario:
    scenario.title = _clean_title(title)
    scenario.question = (question or "").strip()
    _check_visibility(scenario, visibility)
    scenario.visibility = visibility
    scenario.save()
    return scenario


def scenario_delete(*, scenario: Scenario) -> None:
    scenario.delete()


# ---- Steps --------------------------------------------------------------------------------


def step_query_check(*, kind: str, query: str, user) -> str:
    """Check an atlas view before it becomes a step; return its query string, normalised.

    The view must parse (same rules as the atlas) and its indicators must be visible to the
    user who adds it.
    """
    if kind not in StepKind.values:
        raise ScenarioError(f"Page de l'atlas inconnue « {kind} ».")
    query = (query or "").strip().lstrip("?")
    if len(query) > QUERY_MAX_LENGTH:
        raise ScenarioError(f"La vue est trop longue ({len(query)} caractères, au plus "
                            f"{QUERY_MAX_LENGTH}).")
    step = Step(kind=kind, query=query)
    try:
        params = step.params()
    except ParamsError as error:
        raise ScenarioError(f"Cette vue de l'atlas n'est pas valable : {error}") from error
    for slug in step_indicator_slugs(step):
        if indicator_get_visible(slug=slug, user=user) is None:
            raise ScenarioError(f"Indicateur introuvable : « {slug} ».")
    return params.querystring()


def _check_step_fits(step: Step, scenario: Scenario) -> None:
    """Refuse a view whose data may not be shown as widely as the scenario already is
    (group or restricted data in a public scenario)."""
    refused = visibility_refusal(step_blockers(step, scenario), scenario.visibility)
    if refused:
        label = Visibility(scenario.visibility).label.lower()
        raise ScenarioError(f"Cette vue ne peut pas entrer dans un scénario visible « {label} » "
                            ": " + " ".join(b.reason for b in refused)
                            + " Réduisez d'abord la visibilité du scénario.")


def _next_position(scenario: Scenario) -> int:
    return (scenario.steps.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def step_add(*, scenario: Scenario, kind: str, query: str, title: str, user,
             narrative: str = "", position: int | None = None) -> Step:
    """Add a view as a step (at the end, or at `position` 1…n+1, the others moving down)."""
    query = step_query_check(kind=kind, query=query, user=user)
    title = _clean_title(title, "Le titre de l'étape")
    last = _next_position(scenario)
    position = last if position is None else max(1, min(int(position), last))
    _check_step_fits(Step(scenario=scenario, position=position, title=title, kind=kind,
                          query=query), scenario)
    scenario.steps.filter(position__gte=position).update(position=F("position") + 1)
    step = Step.objects.create(scenario=scenario, position=position, title=title, kind=kind,
                               query=query, narrative=narrative or "", created_by=user)
    scenario.save(update_fields=["updated_at"])
    return step


@transaction.atomic
def step_update(*, step: Step, title: str, narrative: str, query: str | None = None,
                user=None) -> Step:
    """Change a step's title and narrative (and its view, when `query` is given)."""
    step.title = _clean_title(title, "Le titre de l'étape")
    step.narrative = narrative or ""
    if query is not None:
        step.query = step_query_check(kind=step.kind, query=query, user=user)
        _check_step_fits(step, step.scenario)
    step.save()
    step.scenario.save(update_fields=["updated_at"])
    return step


def _renumber(scenario: Scenario, ordered: list[Step]) -> None:
    for position, step in enumerate(ordered, start=1):
        if step.position != position:
            step.position = position
            step.save(update_fields=["position"])


@transaction.atomic
def step_move(*, step: Step, position: int) -> None:
    """Move a step to `position` (1…n); the others close up."""
    steps = [s for s in step.scenario.steps.order_by("position", "pk") if s.pk != step.pk]
    position = max(1, min(int(position), len(steps) + 1))
    steps.insert(position - 1, step)
    _renumber(step.scenario, steps)
    step.scenario.save(update_fields=["updated_at"])


@transaction.atomic
def steps_reorder(*, scenario: Scenario, step_ids: list[int]) -> None:
    """Put the steps in the order of `step_ids` (every step, once)."""
    steps = {s.pk: s for s in scenario.steps.all()}
    if sorted(step_ids) != sorted(steps):
        raise ScenarioError("L'ordre envoyé ne cite pas chaque étape une fois.")
    _renumber(scenario, [steps[pk] for pk in step_ids])
    scenario.save(update_fields=["updated_at"])


@transaction.atomic
def step_delete(*, step: Step) -> None:
    scenario = step.scenario
    step.delete()
    _renumber(scenario, list(scenario.steps.order_by("position", "pk")))
    scenario.save(update_fields=["updated_at"])
