"""Compute an indicator's values for the zones of a level, with its reference territories.

The Django shell around `compute.py`: read the zones of a level and their parents
(commune → département → région, IRIS → commune → …), read each variable's stored series,
align them on those zones, then compute the zones' values, the values of every larger zone
by aggregation, and the value of the selection (the zones shown).

The selection is what `dans` names (territory.within): one zone, or a group's own territory
("vecu:12"), resolved with the user's rights by the caller (queries.indicator_values) and
passed here as a Within.
"""

from dataclasses import dataclass, field

import numpy as np

from terreau.catalog.choices import VariableKind
from terreau.catalog.models import Series, Variable
from terreau.catalog.queries import SeriesNotFound, series_for
from terreau.territory.models import Zone, ZoneAlias
from terreau.territory.queries import level_rank, within_resolve
from terreau.territory.within import Within, WithinLevelError

from .compute import (
    REASON_LABELS,
    Reason,
    Table,
    group_values,
    rank,
    selection_values,
    zone_values,
)
from .formula import Formula, parse
from .models import Indicator

MAX_DEPTH = 4  # commune → département → région; IRIS → commune → département → région
SELECTION = "selection"
FIELDS = ("pk", "code", "name", "level", "parent_id")
LEVEL_WORDS = {"commune": ("commune", "communes"), "iris": ("IRIS", "IRIS"),
               "departement": ("département", "départements"), "region": ("région", "régions"),
               "epci": ("EPCI", "EPCI"), "qpv": ("QPV", "QPV"), "custom": ("zone", "zones")}


def level_word(level: str, count: int) -> str:
    """Return "commune" or "communes", "département"…, as `count` asks."""
    singular, plural = LEVEL_WORDS.get(level, ("zone", "zones"))
    return plural if count > 1 else singular


class IndicatorUnavailable(Exception):
    """The values cannot be computed (unknown territory or period, variable gone)."""


@dataclass(frozen=True)
class ZoneValue:
    """One line of the table: a zone (or the selection), its value or why it has none."""

    code: str
    name: str
    level: str
    value: float | None
    reason: str = ""
    rank: int | None = None
    parents: tuple[str, ...] = ()  # codes of its larger zones, nearest first


@dataclass(frozen=True)
class IndicatorValues:
    indicator: str
    level: str
    period: str
    periods: tuple[str, ...]
    within: str  # the `dans` parameter as given ("" for all zones)
    within_name: str
    rows: tuple[ZoneValue, ...]
    references: tuple[ZoneValue, ...] = field(default=())

    @property
    def with_value(self) -> int:
        return sum(1 for row in self.rows if row.value is not None)


@dataclass
class Step:
    """The zones of one level of the chain, and the position of each one's parent."""

    pks: np.ndarray
    codes: list[str]
    names: list[str]
    levels: list[str]
    parents: np.ndarray  # position in the next step, -1 when none


def hierarchy_build(level: str) -> list[Step]:
    """Return the zones of `level` (by code), then their parents, then theirs…"""
    rows = list(Zone.objects.filter(level=level).order_by("code").values_list(*FIELDS))
    raw = [rows]
    while len(raw) <= MAX_DEPTH:
        parent_ids = {row[4] for row in raw[-1]} - {None}
        if not parent_ids:
            break
        if len(raw) > 1:
            # A larger zone counts all its children, not only those reached from below:
            # région 24 has six départements even when the communes of one only are loaded.
            known = {row[0] for row in raw[-1]}
            raw[-1] += [row for row in Zone.objects.filter(
                parent__in=parent_ids, level__in={row[3] for row in raw[-1]})
                .values_list(*FIELDS) if row[0] not in known]
            parent_ids = {row[4] for row in raw[-1]} - {None}
        raw.append(list(Zone.objects.filter(pk__in=parent_ids).order_by("level", "code")
                        .values_list(*FIELDS)))
    steps = []
    for depth, rows in enumerate(raw):
        above = {row[0]: i for i, row in enumerate(raw[depth + 1])} if depth + 1 < len(raw) else {}
        steps.append(Step(
            pks=np.array([row[0] for row in rows], dtype=np.int64),
            codes=[row[1] for row in rows], names=[row[2] for row in rows],
            levels=[row[3] for row in rows],
            parents=np.array([above.get(row[4], -1) for row in rows], dtype=np.int64)))
    return steps


def align(zone_ids: np.ndarray, values: np.ndarray, reasons: np.ndarray,
          pks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Put a series' values in the order of `pks`; zones it lacks get NaN, NOT_IN_DATA."""
    order = np.argsort(zone_ids, kind="stable")
    sorted_ids = zone_ids[order]
    where = np.searchsorted(sorted_ids, pks)
    found = where < len(sorted_ids)
    found[found] = sorted_ids[where[found]] == pks[found]
    out = np.full(len(pks), np.nan)
    why = np.full(len(pks), Reason.NOT_IN_DATA, dtype=np.uint8)
    source = order[where[found]]
    out[found] = values[source]
    why[found] = reasons[source]
    why[found & ~np.isnan(out) & (why == Reason.NOT_IN_DATA)] = Reason.VALUE
    return out, why


def series_read(variable: Variable, period: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (zone ids, values, reasons) of a variable for a period, in its latest version."""
    try:
        return series_for(variable, period)
    except SeriesNotFound as error:
        raise IndicatorUnavailable(str(error)) from None


def variables_by_name(indicator: Indicator, formula: Formula) -> dict[str, Variable]:
    """Match each name of the formula to the variable stored with the indicator."""
    stored = list(indicator.variables.select_related("dataset"))
    found = {}
    for name in formula.variables:
        match = [v for v in stored if name in (v.slug, v.qualified_slug)]
        if len(match) != 1:
            raise IndicatorUnavailable(f"La variable « {name} » de la formule n'existe plus : "
                                       "modifiez l'indicateur.")
        found[name] = match[0]
    return found


def periods_available(variables: dict[str, Variable], formula: Formula) -> list[str]:
    """Return the periods every variable read at "the chosen period" has, oldest first."""
    names = {name for name, period in formula.inputs if period is None}
    common: set[str] | None = None
    for name in names:
        variable = variables[name]
        version = variable.dataset.versions.order_by("-number").first()
        periods = set(Series.objects.filter(version=version, variable=variable)
                      .values_list("period", flat=True)) if version else set()
        common = periods if common is None else common & periods
    return sorted(common or ())


def _absorbed(step: Step, table: Table, level: str) -> np.ndarray:
    """Flag zones absent from the data whose code now belongs to a zone of the data."""
    absent = np.ones(table.size, dtype=bool)
    for reasons in table.reasons.values():
        absent &= reasons == Reason.NOT_IN_DATA
    if not absent.any():
        return np.zeros(table.size, dtype=bool)
    absent_codes = {step.codes[i] for i in np.flatnonzero(absent)}
    present_codes = {step.codes[i] for i in np.flatnonzero(~absent)}
    # All the level's aliases (a few thousand for France): `code__in` with every absent code
    # could pass SQLite's limit of bound parameters when the data covers few zones.
    merged = {code for code, target in ZoneAlias.objects.filter(level=level)
              .values_list("code", "target_code")
              if code in absent_codes and target != code and target in present_codes}
    return np.array([code in merged for code in step.codes], dtype=bool)


def _reason_text(reason: int, children=None, incomplete=None, position=0, level="") -> str:
    if reason == Reason.VALUE:
        return ""
    if reason == Reason.INCOMPLETE and children is not None:
        count, total = int(incomplete[position]), int(children[position])
        return f"incomplet : {count} {level_word(level, count)} sur {total} sans valeur"
    return REASON_LABELS.get(Reason(reason), "sans valeur")


def _value(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def _within_read(within: str | Within, level: str) -> Within | None:
    """Resolve `dans` (a zone only: a drawn territory comes resolved) and check the level."""
    scope = within_resolve(within) if isinstance(within, str) else within
    if within and scope is None:
        raise IndicatorUnavailable(f"Territoire inconnu : « {within} ».")
    if scope is not None:
        try:
            scope.check_level(level, level_rank)
        except WithinLevelError as error:
            raise IndicatorUnavailable(str(error)) from None
    return scope


def values_compute(indicator: Indicator, *, level: str, within: str | Within = "",
                   period: str | None = None) -> IndicatorValues:
    """Compute the indicator for the zones of `level` (inside `within`) and their references.

    `within` is a `dans` naming a zone, or a Within already resolved for the user.
    """
    formula = parse(indicator.formula)
    variables = variables_by_name(indicator, formula)
    periods = periods_available(variables, formula)
    if period is None:
        if not periods and any(p is None for _, p in formula.inputs):
            raise IndicatorUnavailable("Les variables de l'indicateur n'ont aucune période "
                                       "en commun.")
        period = periods[-1] if periods else ""
    elif period not in periods:
        raise IndicatorUnavailable(f"Période inconnue : {period}. Périodes disponibles : "
                                   f"{', '.join(periods) or 'aucune'}.")
    scope = _within_read(within, level)
    steps = hierarchy_build(level)
    tables = _tables(formula, variables, period, steps)
    additive = {name: VariableKind(v.kind).is_additive for name, v in variables.items()}
    results = [zone_values(formula, tables[0])]
    absorbed = _absorbed(steps[0], tables[0], level)
    summed = tables[0]
    for depth in range(1, len(steps)):
        summed, result = group_values(
            formula, summed, steps[depth - 1].parents, len(steps[depth].pks), additive=additive,
            absorbed=absorbed if depth == 1 else None, provided=tables[depth])
        results.append(result)
    chains = _ancestors(steps)
    inside = _inside(steps, chains, scope)
    selection = selection_values(formula, tables[0], inside, additive=additive,
                                 absorbed=absorbed)
    rows = _rows(steps, chains, results, inside, level)
    references = _references(steps, chains, results, inside)
    count = int(np.count_nonzero(inside & ~absorbed))
    plural = level_word(level, 2)
    selection_name = (f"Sélection ({count} {plural})" if scope is None
                      else f"Sélection : {plural} de {scope.name} ({count})")
    references.append(ZoneValue(
        SELECTION, selection_name, SELECTION, _value(selection.values[0]),
        _reason_text(selection.reasons[0], selection.children, selection.incomplete, 0, level)))
    return IndicatorValues(indicator.slug, level, period, tuple(periods),
                           scope.param if scope else "", scope.name if scope else "",
                           tuple(rows), tuple(references))


def _tables(formula: Formula, variables: dict[str, Variable], period: str,
            steps: list[Step]) -> list[Table]:
    """Read each input once and align it on the zones of every step."""
    per_step: list[tuple[dict, dict]] = [({}, {}) for _ in steps]
    for key in formula.inputs:
        name, fixed = key
        zone_ids, values, reasons = series_read(variables[name], fixed or period)
        for step, (vals, whys) in zip(steps, per_step, strict=True):
            vals[key], whys[key] = align(zone_ids, values, reasons, step.pks)
    return [Table(vals, whys, len(step.pks)) for step, (vals, whys) in zip(steps, per_step,
                                                                             strict=True)]


def _inside(steps: list[Step], chains: list[np.ndarray], scope: Within | None) -> np.ndarray:
    """Flag the zones of the first step that are, or lie in, the zones of `scope` (all of
    them without one)."""
    size = len(steps[0].pks)
    if scope is None:
        return np.ones(size, dtype=bool)
    ids = np.fromiter(scope.zone_ids, dtype=np.int64, count=len(scope.zone_ids))
    inside = np.isin(steps[0].pks, ids)
    for depth, position in enumerate(chains, start=1):
        inside |= (position >= 0) & np.isin(steps[depth].pks[np.maximum(position, 0)], ids)
    return inside


def _ancestors(steps: list[Step]) -> list[np.ndarray]:
    """Return, per step above the first, each first-step zone's ancestor position (-1: none)."""
    chains, position = [], np.arange(len(steps[0].pks))
    for depth in range(1, len(steps)):
        position = np.where(position >= 0, steps[depth - 1].parents[np.maximum(position, 0)], -1)
        chains.append(position)
    return chains


def _rows(steps: list[Step], chains: list[np.ndarray], results: list, inside: np.ndarray,
          level: str) -> list[ZoneValue]:
    base, result = steps[0], results[0]
    ranks = np.zeros(len(base.pks), dtype=np.int64)
    ranks[inside] = rank(result.values[inside])
    rows = []
    for i in np.flatnonzero(inside):
        parents = tuple(steps[d + 1].codes[chain[i]] for d, chain in enumerate(chains)
                        if chain[i] >= 0)
        rows.append(ZoneValue(base.codes[i], base.names[i], level, _value(result.values[i]),
                              _reason_text(result.reasons[i]), int(ranks[i]) or None, parents))
    return rows


def _references(steps: list[Step], chains: list[np.ndarray], results: list,
                inside: np.ndarray) -> list[ZoneValue]:
    """Return the larger zones holding the selected zones, nearest level first."""
    references = []
    for depth, chain in enumerate(chains, start=1):
        step, result = steps[depth], results[depth]
        for j in sorted(set(chain[inside & (chain >= 0)].tolist()), key=lambda j: step.codes[j]):
            below = steps[depth - 1].levels[0] if steps[depth - 1].levels else ""
            references.append(ZoneValue(
                step.codes[j], step.names[j], step.levels[j], _value(result.values[j]),
                _reason_text(result.reasons[j], result.children, result.incomplete, j, below)))
    return references
