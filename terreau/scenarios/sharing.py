"""Adapt another group's scenario to one's own territory ("adapter à mon territoire").

The copy keeps what makes the reasoning (indicators, periods, levels, classification, palette,
threshold, circles, narratives, hypotheses) and changes where it looks: every map's territory
becomes the one chosen, the saved extent is dropped so that each map fits its new zones, and a
diverging palette centred on a named territory of the original is centred on the selection.
Every new step is checked with the copier's rights before anything is written: one indicator
they may not see and nothing is copied (the message lists the steps and why).
"""

from dataclasses import dataclass, replace

from django.db import transaction

from terreau.accounts.models import TerritorialGroup
from terreau.atlas.params import SELECTION, CompareParams, ParamsError
from terreau.catalog.models import Dataset
from terreau.indicators.queries import indicator_list_visible
from terreau.territory.queries import level_rank, within_resolve
from terreau.territory.within import Within, WithinLevelError

from .choices import Status, Visibility
from .models import Hypothesis, Scenario, StatusChange, Step
from .queries import groups_for_new_scenario, scenario_can_read, step_list
from .services import TITLE_MAX, ScenarioError, slug_unique, step_query_check

LEVEL_PLURALS = {"region": "régions", "departement": "départements", "epci": "intercommunalités",
                 "commune": "communes", "iris": "IRIS", "qpv": "quartiers prioritaires",
                 "custom": "zones"}


@dataclass(frozen=True)
class StepPreview:
    """One step of the copy as the form previews it."""

    position: int
    title: str
    where: str  # "communes — département Cher (18)"
    query: str = ""  # the new view ("" when it cannot be made)
    problem: str = ""  # French reason the step cannot be copied for this user


def _retarget(step: Step, within: str) -> str:
    """The step's view on `within`: same settings, no saved extent (raise ParamsError)."""
    params = step.params()
    if isinstance(params, CompareParams):
        maps = tuple(replace(choice, within=within) for choice in params.maps)
        return replace(params, maps=maps, view=None).querystring()
    reference = params.reference if params.reference in ("", SELECTION) else ""
    return params.with_changes(within=within, extent=None, reference=reference).querystring()


def _levels(step: Step) -> list[str]:
    params = step.params()
    if isinstance(params, CompareParams):
        return list(dict.fromkeys(choice.level for choice in params.maps))
    return [params.level]


def _where(step: Step, target: Within) -> str:
    try:
        levels = _levels(step)
    except ParamsError:
        return target.label
    words = ", ".join(LEVEL_PLURALS.get(level, level) for level in levels)
    return f"{words} — {target.label}"


def _preview_step(step: Step, target: Within, user) -> StepPreview:
    where = _where(step, target)
    try:
        for level in _levels(step):
            target.check_level(level, level_rank)
        query = step_query_check(kind=step.kind, query=_retarget(step, target.param), user=user)
    except (ParamsError, WithinLevelError, ScenarioError) as error:
        return StepPreview(step.position, step.title, where, problem=str(error))
    return StepPreview(step.position, step.title, where, query=query)


def copy_preview(*, source: Scenario, within: str, user) -> list[StepPreview]:
    """Each step of `source` moved onto `within`, checked with `user`'s rights."""
    target = within_resolve(within, user=user)
    if target is None:
        raise ScenarioError("Choisissez un territoire parmi ceux proposés.")
    return [_preview_step(step, target, user) for step in step_list(source)]


def copy_refusal(previews: list[StepPreview]) -> str:
    """Why the copy cannot be made ("" when every step can)."""
    problems = [f"Étape {p.position} « {p.title} » : {p.problem}" for p in previews if p.problem]
    if not problems:
        return ""
    return "Ce scénario ne peut pas être adapté : " + " ".join(problems)


def copy_default_title(source: Scenario, target: Within) -> str:
    return f"{source.title} — {target.name}"[:TITLE_MAX]


def _credit(source: Scenario) -> str:
    credit = f"Adapté du scénario « {source.title} » du groupe {source.group.name}"
    if source.author is not None:
        credit += f" ({source.author.get_full_name() or source.author.get_username()})"
    return credit[:300]


def _copy_hypotheses(source: Scenario, copy: Scenario, steps: dict[int, Step], user) -> None:
    indicators = indicator_list_visible(user)
    datasets = Dataset.objects.visible_to(user)
    reason = f"Copiée du scénario « {source.title} »"
    for old in source.hypotheses.order_by("position", "pk"):
        new = Hypothesis.objects.create(scenario=copy, position=old.position,
                                        statement=old.statement, status=Status.TO_CHECK,
                                        evidence_note=old.evidence_note, created_by=user)
        StatusChange.objects.create(hypothesis=new, old_status="", new_status=Status.TO_CHECK,
                                    reason=reason, by=user)
        new.steps.set([steps[s.pk] for s in old.steps.all() if s.pk in steps])
        new.indicators.set(indicators.filter(pk__in=old.indicators.values("pk")))
        new.datasets.set(datasets.filter(pk__in=old.datasets.values("pk")))


@transaction.atomic
def scenario_copy(*, source: Scenario, group: TerritorialGroup, within: str, user,
                  title: str = "") -> Scenario:
    """Copy `source` into `group` onto the territory `within`, or raise ScenarioError.

    Comments, votes and meetings stay with the original.
    """
    if not scenario_can_read(user, source):
        raise ScenarioError("Scénario introuvable.")
    if not groups_for_new_scenario(user).filter(pk=group.pk).exists():
        raise ScenarioError("Choisissez un de vos groupes.")
    target = within_resolve(within, user=user)
    if target is None:
        raise ScenarioError("Choisissez un territoire parmi ceux proposés.")
    previews = [_preview_step(step, target, user) for step in step_list(source)]
    refusal = copy_refusal(previews)
    if refusal:
        raise ScenarioError(refusal)
    title = " ".join((title or "").split()) or copy_default_title(source, target)
    if len(title) > TITLE_MAX:
        raise ScenarioError(f"Le titre dépasse {TITLE_MAX} caractères.")
    copy = Scenario.objects.create(
        slug=slug_unique(title), title=title, question=source.question, group=group,
        author=user, visibility=Visibility.GROUP, copied_from=source, credit=_credit(source))
    steps = {}
    for old, preview in zip(step_list(source), previews, strict=True):
        steps[old.pk] = Step.objects.create(
            scenario=copy, position=preview.position, title=old.title, kind=old.kind,
            query=preview.query, narrative=old.narrative, created_by=user)
    _copy_hypotheses(source, copy, steps, user)
    return copy
