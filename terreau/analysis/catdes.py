"""Description of clusters by categorical variables, as FactoMineR's `catdes`.

For each cluster k and category j (n people, n_k in the cluster, n_j with the category,
n_kj both): the hypergeometric test of n_kj, two-sided as FactoMineR writes it
(p = 2 · P(X ≥ n_kj) when the category is over-represented in the cluster, n_kj/n_k > n_j/n,
else p = 2 · P(X ≤ n_kj)), kept when p < proba (0.05); its v-test is the normal quantile
of p/2, positive when over-represented. Per cluster, the kept categories are sorted by
decreasing v-test (FactoMineR's order): over-represented first, then under-represented.
Missing answers are the category "NA" (mca.MISSING), as in catdes.
"""

import numpy as np
from scipy import special, stats

from .mca import Coded

PROBA = 0.05


def catdes(coded: Coded, partition: np.ndarray, clusters: int, *, proba: float = PROBA):
    """Per cluster: a list of dicts {category, variable, v_test, p_value, pct_in_profile
    (n_kj/n_k), pct_of_category (n_kj/n_j), pct_overall (n_j/n)}, by decreasing v-test."""
    n = len(partition)
    sizes = np.bincount(partition, minlength=clusters).astype(float)
    columns = coded.columns()
    k_total = int(coded.offsets[-1])
    counts = np.zeros(k_total)
    both = np.zeros((clusters, k_total))
    for column in columns.T:
        counts += np.bincount(column, minlength=k_total)
        np.add.at(both, (partition, column), 1)
    keys, variables = coded.keys, coded.key_variables
    described = []
    for k in range(clusters):
        described.append(_describe(both[k], counts, sizes[k], n, keys, variables, proba))
    return described


def _log_tail(nkj, nj, nk, n, over):
    """log P(X ≥ n_kj) if over, else log P(X ≤ n_kj); X ~ hypergeometric(n, n_j, n_k draws).

    scipy's vectorised sf/cdf are fast; its log versions (exact in the far tail, where the
    plain ones underflow) loop in Python, so they serve only the few tiny tails.
    """
    with np.errstate(divide="ignore"):
        tail = np.where(over, stats.hypergeom.sf(nkj - 1, n, nj, nk),
                        stats.hypergeom.cdf(nkj, n, nj, nk))
        log_tail = np.log(np.clip(tail, 0, 1))
    tiny = np.flatnonzero(tail < 1e-250)
    for j in tiny:
        log_tail[j] = (stats.hypergeom.logsf(nkj[j] - 1, n, nj[j], nk) if over[j]
                       else stats.hypergeom.logcdf(nkj[j], n, nj[j], nk))
    return log_tail


def _describe(nkj, nj, nk, n, keys, variables, proba):
    over = nkj / nk > nj / n if nk else np.zeros_like(nkj, dtype=bool)
    log_half = _log_tail(nkj, nj, nk, n, over)  # log(p / 2)
    p_value = np.minimum(2 * np.exp(log_half), 1.0)
    kept = np.flatnonzero(2 * np.exp(log_half) < proba)
    # v = −Φ⁻¹(p/2) computed from log(p/2): finite even when p underflows to 0.
    v_test = -special.ndtri_exp(np.minimum(log_half, 0.0))
    v_test = np.where(over, v_test, -v_test)
    rows = []
    for j in kept:
        rows.append({"category": keys[j], "variable": variables[j],
                     "v_test": float(v_test[j]), "p_value": float(p_value[j]),
                     "pct_in_profile": float(100 * nkj[j] / nk),
                     "pct_of_category": float(100 * nkj[j] / nj[j]),
                     "pct_overall": float(100 * nj[j] / n)})
    rows.sort(key=lambda row: -row["v_test"])
    return rows
