"""What a scenario's data allows: how widely it may be shown, and whether it may leave as a file.

DESIGN.md, "Privacy and trust": group and restricted data never leave their group. A step is
capped by the most sensitive dataset of its indicators and by the territory it draws:
- open data: public; shared data: all groups of the instance;
- data of the scenario's group, or a territory drawn by that group ("vecu:12"): its group;
- data of another group, or another group's territory: its author only;
- restricted data: its author only, and never exported (not even for the group).
A step whose view no longer reads (an indicator deleted) caps nothing: it shows its error.
Each cap comes with a French sentence naming the step, for the pages and the command line.
"""

from dataclasses import dataclass

from terreau.accounts.models import WITHIN_PREFIX, GroupTerritory
from terreau.atlas.params import CompareParams, MapParams, ParamsError
from terreau.catalog.choices import Sensitivity
from terreau.catalog.models import Dataset

from .choices import VISIBILITY_ORDER, Visibility, visibility_rank
from .models import Scenario, Step


@dataclass(frozen=True)
class Blocker:
    """One step's cap on the scenario's visibility (and on its exports)."""

    step: Step
    limit: Visibility  # the widest visibility this step allows
    reason: str  # French sentence: "Étape 2 « … » : données du groupe Tours — insertion."
    exportable_for_group: bool = True  # False: restricted data, never in a file

    @property
    def label(self) -> str:
        return self.limit.label


def step_indicator_slugs(step: Step) -> list[str]:
    """The indicators a step's view reads (map, circles, or each map side by side)."""
    try:
        params = step.params()
    except ParamsError:
        return []
    if isinstance(params, CompareParams):
        return list(dict.fromkeys(choice.indicator for choice in params.maps))
    return [slug for slug in (params.indicator, params.symbols) if slug]


def step_territories(step: Step) -> list[str]:
    """The `dans`-like values a step's view names (territory, reference, each map's)."""
    try:
        params = step.params()
    except ParamsError:
        return []
    if isinstance(params, CompareParams):
        return [choice.within for choice in params.maps if choice.within]
    assert isinstance(params, MapParams)
    return [value for value in (params.within, params.reference) if value]


def _drawn_territory(value: str) -> GroupTerritory | None:
    prefix, sep, pk = value.partition(":")
    if prefix != WITHIN_PREFIX or not sep or not pk.isdigit():
        return None
    return GroupTerritory.objects.select_related("group").filter(pk=int(pk)).first()


def _step_title(step: Step) -> str:
    return f"Étape {step.position} « {step.title} »"


def step_blockers(step: Step, scenario: Scenario) -> list[Blocker]:
    """The caps of one step, most restrictive first."""
    blockers = []
    slugs = step_indicator_slugs(step)
    datasets = (Dataset.objects.filter(variables__indicators__slug__in=slugs)
                .exclude(sensitivity=Sensitivity.OPEN).select_related("owner_group")
                .distinct().order_by("title")) if slugs else []
    where = _step_title(step)
    for dataset in datasets:
        if dataset.sensitivity == Sensitivity.RESTRICTED:
            blockers.append(Blocker(step, Visibility.AUTHOR, f"{where} : données restreintes "
                                    f"« {dataset.title} » (jamais exportées ni partagées).",
                                    exportable_for_group=False))
        elif dataset.sensitivity == Sensitivity.GROUP:
            owner = dataset.owner_group
            own = owner is not None and owner.pk == scenario.group_id
            name = owner.name if owner else "inconnu"
            blockers.append(Blocker(step, Visibility.GROUP if own else Visibility.AUTHOR,
                                    f"{where} : données du groupe {name} « {dataset.title} »."))
        else:  # shared
            blockers.append(Blocker(step, Visibility.INSTANCE, f"{where} : données partagées "
                                    f"entre les groupes « {dataset.title} » (non publiques)."))
    for value in step_territories(step):
        territory = _drawn_territory(value)
        if territory is None:
            continue
        own = territory.group_id == scenario.group_id
        blockers.append(Blocker(step, Visibility.GROUP if own else Visibility.AUTHOR,
                                f"{where} : territoire vécu « {territory.name} » du groupe "
                                f"{territory.group.name}, visible par ce groupe seulement."))
    return sorted(blockers, key=lambda b: visibility_rank(b.limit))


def scenario_blockers(scenario: Scenario, steps: list[Step] | None = None) -> list[Blocker]:
    """Every cap of every step, in step order."""
    steps = steps if steps is not None else list(scenario.steps.order_by("position", "pk"))
    return [blocker for step in steps for blocker in step_blockers(step, scenario)]


def widest_visibility(blockers: list[Blocker]) -> Visibility:
    """The widest visibility the caps allow (public when there is none)."""
    if not blockers:
        return Visibility.PUBLIC
    return VISIBILITY_ORDER[min(visibility_rank(b.limit) for b in blockers)]


def visibility_refusal(blockers: list[Blocker], visibility: str) -> list[Blocker]:
    """The caps that forbid `visibility` (empty when it is allowed)."""
    wanted = visibility_rank(visibility)
    return [b for b in blockers if visibility_rank(b.limit) < wanted]


def export_refusal(blockers: list[Blocker], *, for_group: bool) -> str:
    """Why the scenario may not leave as a file ("" when it may).

    `for_group`: the file is made for the scenario's own group (a member exporting from the
    page, or `terreau export-scenario --group <its group>`): group data and the group's own
    territories may then be in it. Restricted data never may.
    """
    never = [b for b in blockers if not b.exportable_for_group]
    if never:
        return "Export impossible. " + " ".join(b.reason for b in never)
    limit = widest_visibility(blockers)
    if for_group and visibility_rank(limit) >= visibility_rank(Visibility.GROUP):
        return ""
    if visibility_rank(limit) >= visibility_rank(Visibility.INSTANCE):
        return ""
    reasons = " ".join(b.reason for b in blockers
                       if visibility_rank(b.limit) < visibility_rank(Visibility.INSTANCE))
    hint = ("" if for_group else " Ces données ne peuvent sortir que pour le groupe du "
            "scénario (en ligne de commande : --group <identifiant du groupe>).")
    return f"Export impossible : ces données ne peuvent pas sortir du groupe. {reasons}{hint}"
