"""Exact Fisher-Jenks natural breaks in vectorised numpy.

The optimal partition of sorted values into k contiguous classes that minimises the sum of
the within-class sums of squared deviations (same objective as mapclassify.FisherJenks and
classInt's "jenks"), found by dynamic programming:

    best[c][j] = min over i < j of best[c-1][i] + cost(i, j)

where best[c][j] is the smallest total for the first j values in c classes and cost(i, j) the
sum of squares of values i..j-1, read in O(1) from prefix sums. The cost satisfies the
quadrangle inequality, so the optimal split i is non-decreasing in j: each layer is solved by
divide and conquer (solve the middle j over its allowed range of i, then the left half with
the splits up to that optimum and the right half with the splits from it). All the segments
of one depth of that recursion are solved together in numpy, so the Python loop runs
O(k log n) times and each pass costs O(n).

The work is done on the distinct values weighted by their counts: an optimal partition never
needs to put equal values in two classes, and class bounds are values anyway.
"""

import numpy as np


def fisher_jenks_breaks(values: np.ndarray, k: int) -> np.ndarray:
    """Return the k upper bounds of the optimal classes (values of the data; the last = max).

    `values`: finite numbers, any order. When there are at most k distinct values, each
    distinct value is its own class (fewer than k bounds are returned).
    """
    distinct, counts = np.unique(np.asarray(values, dtype=np.float64), return_counts=True)
    size = len(distinct)
    if size == 0:
        raise ValueError("no value to classify")
    if k >= size:
        return distinct
    if k == 1:
        return distinct[-1:]
    cost = _cost_function(distinct, counts)
    last = np.full(size + 1, np.inf)
    last[1:] = cost(np.zeros(size, dtype=np.int64), np.arange(1, size + 1))
    splits = []
    for classes in range(2, k):
        # c classes need at least c values, and the k - c classes after them need k - c.
        first, final = classes, size - (k - classes)
        last, split = _solve_layer(last, cost, first, final, lowest_split=classes - 1)
        splits.append(split)
    candidates = np.arange(k - 1, size)
    totals = last[candidates] + cost(candidates, np.full_like(candidates, size))
    ends = [size, int(candidates[np.argmin(totals)])]
    for split in reversed(splits):
        ends.append(int(split[ends[-1]]))
    # ends: number of values covered by classes k, k-1, ..., 1 → upper bound index end - 1.
    return distinct[np.array(ends[::-1]) - 1]


def within_sum_of_squares(values: np.ndarray, breaks: np.ndarray) -> float:
    """Return the sum over classes of the squared deviations to the class mean (two passes)."""
    values = np.asarray(values, dtype=np.float64)
    classes = np.searchsorted(np.asarray(breaks, dtype=np.float64), values, side="left")
    total = 0.0
    for index in np.unique(classes):
        members = values[classes == index]
        total += float(((members - members.mean()) ** 2).sum())
    return total


def _cost_function(distinct: np.ndarray, counts: np.ndarray):
    """Return cost(i, j): weighted sum of squares of distinct[i:j] (arrays of indices, i < j)."""
    weights = counts.astype(np.float64)
    # Centred and scaled: smaller prefix sums, less cancellation in s2 - s1² / w.
    centre = np.average(distinct, weights=weights)
    scale = np.abs(distinct - centre).max() or 1.0
    x = (distinct - centre) / scale
    w = np.concatenate(([0.0], np.cumsum(weights)))
    s1 = np.concatenate(([0.0], np.cumsum(weights * x)))
    s2 = np.concatenate(([0.0], np.cumsum(weights * x * x)))

    def cost(i: np.ndarray, j: np.ndarray) -> np.ndarray:
        total = s1[j] - s1[i]
        return (s2[j] - s2[i]) - total * total / (w[j] - w[i])

    return cost


def _solve_layer(previous: np.ndarray, cost, first: int, final: int, lowest_split: int):
    """Return (best, split) of one layer for j in first..final (divide and conquer, by depth).

    `previous[i]`: best total of the previous layer for the first i values. split[j] is the
    leftmost optimal i for j.
    """
    best = np.full_like(previous, np.inf)
    split = np.zeros(len(previous), dtype=np.int64)
    # Segments still to solve: j in [j_low, j_high], splits allowed in [i_low, i_high].
    j_low = np.array([first])
    j_high = np.array([final])
    i_low = np.array([lowest_split])
    i_high = np.array([final - 1])
    while j_low.size:
        middle = (j_low + j_high) // 2
        top = np.minimum(i_high, middle - 1)
        lengths = top - i_low + 1
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        segment = np.repeat(np.arange(len(lengths)), lengths)
        candidate = np.arange(lengths.sum()) - starts[segment] + i_low[segment]
        totals = previous[candidate] + cost(candidate, middle[segment])
        minima = np.minimum.reduceat(totals, starts)
        at_minimum = np.flatnonzero(totals == minima[segment])
        owner = segment[at_minimum]
        first_of_owner = np.concatenate(([True], owner[1:] != owner[:-1]))
        chosen = candidate[at_minimum[first_of_owner]]
        best[middle] = minima
        split[middle] = chosen
        left = middle > j_low
        right = middle < j_high
        j_low, j_high, i_low, i_high = (
            np.concatenate((j_low[left], middle[right] + 1)),
            np.concatenate((middle[left] - 1, j_high[right])),
            np.concatenate((i_low[left], chosen[right])),
            np.concatenate((chosen[left], i_high[right])),
        )
    return best, split
