"""Compute an indicator per zone and for larger zones, in plain numpy.

Inputs are arrays aligned on a list of zones, one per formula input (variable, period), with
a reason code per zone when the value is missing. The rules (issue 3, point 6):

- **A zone's value** is the formula applied to its inputs. It is missing when any input is
  missing (NaN), with that input's reason; a division by zero gives "undefined", not 0.
- **A larger zone's value** (département, région, a selection of zones) is the formula applied
  to the *sums* of its components over its children, never a mean of the children's values:
  a rate for a département is Σ numerator ÷ Σ denominator over its communes (the INSEE way).
- Only additive components (kinds count and amount) can be summed. If the formula names one
  that cannot (median, rate, index, share), the larger zone has no value, unless the dataset
  itself gives the value for that zone ("provided" values, used first in every case).
- **Sums are complete or missing**: one child without a value (a secret commune, a zone the
  dataset does not cover) makes the sum missing, reason "incomplete" with the number of
  children concerned, rather than a silent under-count. The only children left out are those
  `absorbed` by another zone of the data (communes merged into a commune nouvelle since the
  contours' vintage): their people are counted in the zone that absorbed them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from .formula import Formula, Key, evaluate_raw


class Reason(IntEnum):
    """Why a computed value is missing. 1 to 5 are the catalogue's reasons for an input."""

    VALUE = 0
    EMPTY = 1
    SECRET = 2
    NOT_AVAILABLE = 3
    NOT_CONCERNED = 4
    DASH = 5
    NOT_IN_DATA = 10
    UNDEFINED = 11
    INCOMPLETE = 12
    NOT_ADDITIVE = 13
    NO_CHILDREN = 14


REASON_LABELS = {
    Reason.EMPTY: "case vide dans les données",
    Reason.SECRET: "secret statistique",
    Reason.NOT_AVAILABLE: "non disponible",
    Reason.NOT_CONCERNED: "non concerné",
    Reason.DASH: "sans objet",
    Reason.NOT_IN_DATA: "zone absente des données",
    Reason.UNDEFINED: "non calculable (division par zéro)",
    Reason.INCOMPLETE: "incomplet : des zones qui la composent n'ont pas de valeur",
    Reason.NOT_ADDITIVE: "non disponible à ce niveau (une variable ne s'additionne pas : "
                         "médiane, taux, indice ou part)",
    Reason.NO_CHILDREN: "aucune zone avec des données",
}


@dataclass(frozen=True)
class Table:
    """The inputs of a formula over some zones: one array per (variable, period), aligned.

    For larger zones, `children` counts the children summed and `incomplete` those lacking a
    value for at least one input.
    """

    values: Mapping[Key, np.ndarray]
    reasons: Mapping[Key, np.ndarray]
    size: int
    children: np.ndarray | None = None
    incomplete: np.ndarray | None = None

    def take(self, positions: np.ndarray) -> "Table":
        """Return the table restricted to some zones (positions or a boolean mask)."""
        def pick(array):
            return None if array is None else array[positions]

        return Table({k: v[positions] for k, v in self.values.items()},
                     {k: r[positions] for k, r in self.reasons.items()},
                     int(np.count_nonzero(positions)) if positions.dtype == bool
                     else len(positions), pick(self.children), pick(self.incomplete))


@dataclass(frozen=True)
class Values:
    """The value of an indicator per zone (NaN: no value) and the reason of each gap."""

    values: np.ndarray
    reasons: np.ndarray
    children: np.ndarray | None = None
    incomplete: np.ndarray | None = None


def zone_values(formula: Formula, table: Table) -> Values:
    """Apply the formula zone by zone; a zone lacking an input gets that input's reason.

    Tables keep "a reason ⇔ NaN", and every operation of a formula propagates NaN: so the
    gaps of the result are the only places where reasons need looking up.
    """
    values = evaluate_raw(formula.tree, table.values, table.size)
    reasons = np.zeros(table.size, dtype=np.uint8)
    finite = np.isfinite(values)
    if not finite.all():
        gaps = np.flatnonzero(~finite)
        values[gaps] = np.nan  # ±inf from ÷0 or an overflow: no value either
        why = np.full(len(gaps), Reason.UNDEFINED, dtype=np.uint8)
        for key in reversed(formula.inputs):  # the first input named wins
            reason = table.reasons[key][gaps]
            np.copyto(why, reason, where=reason != 0)
        reasons[gaps] = why
    return Values(values, reasons, table.children, table.incomplete)


def sum_up(table: Table, groups: np.ndarray, size: int, *, additive: Mapping[str, bool],
           absorbed: np.ndarray | None = None, provided: Table | None = None) -> Table:
    """Sum each input over the children of each group (see the module's rules).

    `groups[i]` is the position of zone i's parent among the `size` larger zones, -1 when it
    has none; `absorbed[i]` leaves zone i out; `provided` holds values given by the data for
    the larger zones themselves, used first.
    """
    member = groups >= 0
    if absorbed is not None:
        member &= ~absorbed
    group = groups[member]
    children = np.bincount(group, minlength=size)
    lacking = np.zeros(len(group), dtype=bool)
    values, reasons = {}, {}
    for key, column in table.values.items():
        child_values = column[member]
        missing = np.isnan(child_values)
        lacking |= missing
        if additive.get(key[0], False):
            total = np.bincount(group, weights=np.where(missing, 0.0, child_values),
                                minlength=size)
            reason = np.zeros(size, dtype=np.uint8)
            reason[np.bincount(group, weights=missing, minlength=size) > 0] = Reason.INCOMPLETE
            reason[children == 0] = Reason.NO_CHILDREN
            total[reason != 0] = np.nan
        else:
            total = np.full(size, np.nan)
            reason = np.full(size, Reason.NOT_ADDITIVE, dtype=np.uint8)
        if provided is not None:
            given = ~np.isnan(provided.values[key])
            total[given] = provided.values[key][given]
            reason[given] = Reason.VALUE
        values[key], reasons[key] = total, reason
    incomplete = np.bincount(group, weights=lacking, minlength=size).astype(np.int64)
    return Table(values, reasons, size, children, incomplete)


def group_values(formula: Formula, table: Table, groups: np.ndarray, size: int, *,
                 additive: Mapping[str, bool], absorbed: np.ndarray | None = None,
                 provided: Table | None = None) -> tuple[Table, Values]:
    """Sum the inputs per group, then apply the formula; return both."""
    summed = sum_up(table, groups, size, additive=additive, absorbed=absorbed,
                    provided=provided)
    return summed, zone_values(formula, summed)


def selection_values(formula: Formula, table: Table, selected: np.ndarray, *,
                     additive: Mapping[str, bool],
                     absorbed: np.ndarray | None = None) -> Values:
    """Return the value of a set of zones taken as one (the "sélection" reference)."""
    groups = np.where(selected, 0, -1)
    return group_values(formula, table, groups, 1, additive=additive, absorbed=absorbed)[1]


def rank(values: np.ndarray) -> np.ndarray:
    """Rank zones by value, the largest first; ties share the best rank; no value → 0.

    Standard competition ranking ("1224"): a zone's rank is 1 + the number of zones with a
    strictly larger value.
    """
    ranks = np.zeros(len(values), dtype=np.int64)
    present = ~np.isnan(values)
    ordered = np.sort(values[present])
    larger = len(ordered) - np.searchsorted(ordered, values[present], side="right")
    ranks[present] = larger + 1
    return ranks
