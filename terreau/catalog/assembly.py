"""Build the arrays a dataset version stores, and compare two versions. Pure numpy.

A version keeps one sorted array of zone ids and, per variable × period, a float64 array of
values (NaN = no value) and a uint8 array of `MissingReason` codes aligned on it.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .choices import MissingReason, VariableKind
from .normalize import NormalizedTable
from .validation import Placement

SAMPLE_SIZE = 10
ADDITIVE = {VariableKind.COUNT.value, VariableKind.AMOUNT.value}


@dataclass
class SeriesArrays:
    """The values of one variable for one period, aligned on the version's zone ids."""

    column: str
    period: str
    values: np.ndarray
    reasons: np.ndarray


def assemble(table: NormalizedTable, placement: Placement, kinds: dict[str, str],
             period: str = "") -> list[SeriesArrays]:
    """Return one `SeriesArrays` per chosen column and period.

    Rows of old codes merged into a zone are summed into it for counts and amounts (no value
    if any part has none); for other kinds the zone is left without value, with reason "nd".
    """
    periods = [period] if table.periods is None else sorted(set(table.periods.tolist()))
    out = []
    for current in periods:
        in_period = np.ones(len(table.codes), dtype=bool) if table.periods is None \
            else table.periods == current
        direct = in_period & (placement.slots >= 0) & ~placement.merged
        extra = in_period & (placement.slots >= 0) & placement.merged
        for name, column in table.columns.items():
            values, reasons = _place(len(placement.zone_ids), placement.slots, direct,
                                     column.values, column.reasons)
            if extra.any():
                _merge(values, reasons, placement.slots, direct, extra, column.values,
                       column.reasons, additive=kinds[name] in ADDITIVE)
            out.append(SeriesArrays(name, current, values, reasons))
    return out


def _place(size, slots, rows, values, reasons):
    out_values = np.full(size, np.nan)
    out_reasons = np.full(size, MissingReason.EMPTY, dtype=np.uint8)
    out_values[slots[rows]] = values[rows]
    out_reasons[slots[rows]] = reasons[rows]
    return out_values, out_reasons


def _merge(values, reasons, slots, direct, extra, row_values, row_reasons, *, additive):
    targets = slots[extra]
    touched = np.unique(targets)
    if not additive:
        values[touched] = np.nan
        reasons[touched] = MissingReason.NOT_AVAILABLE
        return
    size = len(values)
    member_values = row_values[extra]
    missing = np.isnan(member_values)
    sums = np.bincount(targets, weights=np.where(missing, 0.0, member_values), minlength=size)
    gaps = np.bincount(targets, weights=missing, minlength=size) > 0
    own = np.zeros(size, dtype=bool)
    own[slots[direct]] = True
    own_missing = own & np.isnan(values)
    base = np.where(own, values, 0.0)
    values[touched] = np.where(np.isnan(base[touched]), 0.0, base[touched]) + sums[touched]
    reasons[touched] = MissingReason.VALUE
    lost = touched[gaps[touched] | own_missing[touched]]
    values[lost] = np.nan
    reasons[lost] = MissingReason.NOT_AVAILABLE


def diff(before: dict[tuple[str, str], np.ndarray], before_ids: np.ndarray,
         after: dict[tuple[str, str], np.ndarray], after_ids: np.ndarray,
         codes_for: Callable[[list[int]], dict[int, str]]) -> dict:
    """Compare two versions: values changed (count and sample), zones and series added/removed.

    `before`/`after` map (variable slug, period) to values aligned on their zone ids; a value
    that appears or disappears (NaN on one side) counts as changed. `codes_for(ids)` returns
    the codes of the few zones named in the result.
    """
    common, i_before, i_after = np.intersect1d(before_ids, after_ids, return_indices=True)
    changed, sample = 0, []
    for key in sorted(set(before) & set(after)):
        old, new = before[key][i_before], after[key][i_after]
        differs = ~((old == new) | (np.isnan(old) & np.isnan(new)))
        changed += int(np.count_nonzero(differs))
        for j in np.flatnonzero(differs)[: max(0, SAMPLE_SIZE - len(sample))]:
            sample.append({"zone": int(common[j]), "variable": key[0], "period": key[1],
                           "before": _number(old[j]), "after": _number(new[j])})
    added = np.setdiff1d(after_ids, before_ids)
    removed = np.setdiff1d(before_ids, after_ids)
    named = [int(i) for i in added[:SAMPLE_SIZE]] + [int(i) for i in removed[:SAMPLE_SIZE]]
    code_of = codes_for(named + [item["zone"] for item in sample])
    for item in sample:
        item["zone"] = code_of.get(item["zone"], str(item["zone"]))
    return {
        "values_changed": changed, "sample": sample,
        "zones_added": len(added), "zones_removed": len(removed),
        "zones_added_sample": [code_of.get(int(i), str(i)) for i in added[:SAMPLE_SIZE]],
        "zones_removed_sample": [code_of.get(int(i), str(i)) for i in removed[:SAMPLE_SIZE]],
        "series_added": [f"{v} {p}".strip() for v, p in sorted(set(after) - set(before))],
        "series_removed": [f"{v} {p}".strip() for v, p in sorted(set(before) - set(after))],
    }


def _number(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def changes_lines(changes: dict) -> list[str]:
    """Return the changes since the previous version as French sentences."""
    if not changes:
        return ["Première version de ce jeu de données."]
    out = [f"Depuis la version précédente : {changes['values_changed']} valeurs modifiées, "
           f"{changes['zones_added']} zones ajoutées, {changes['zones_removed']} retirées."]
    for item in changes["sample"]:
        out.append(f"  {item['zone']} · {item['variable']} {item['period']} : "
                   f"{_show(item['before'])} → {_show(item['after'])}")
    if changes["zones_added_sample"]:
        out.append("  Zones ajoutées : " + ", ".join(changes["zones_added_sample"]))
    if changes["zones_removed_sample"]:
        out.append("  Zones retirées : " + ", ".join(changes["zones_removed_sample"]))
    for label, key in (("Séries ajoutées", "series_added"), ("Séries retirées", "series_removed")):
        if changes[key]:
            out.append(f"  {label} : " + ", ".join(changes[key]))
    return out


def _show(value: float | None) -> str:
    return "(vide)" if value is None else f"{value:g}"
