"""catdes: the hypergeometric test, v-test and order of FactoMineR's `catdes`."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from terreau.analysis.catdes import catdes
from terreau.analysis.mca import code


def test_values_computed_by_hand():
    # 100 people, cluster 0 = the first 30; "a=x" held by 40, 25 of them in cluster 0.
    values = ["x"] * 25 + ["y"] * 5 + ["x"] * 15 + ["y"] * 55
    frame = pd.DataFrame({"a": values}, dtype=object)
    partition = np.array([0] * 30 + [1] * 70)
    rows = catdes(code(frame, ["a"]), partition, 2)
    top = rows[0][0]
    assert top["category"] == "a=x"
    p = 2 * stats.hypergeom.sf(24, 100, 40, 30)
    assert top["p_value"] == pytest.approx(p)
    assert top["v_test"] == pytest.approx(-stats.norm.ppf(p / 2))
    assert top["pct_in_profile"] == pytest.approx(100 * 25 / 30)
    assert top["pct_of_category"] == pytest.approx(100 * 25 / 40)
    assert top["pct_overall"] == pytest.approx(40)
    under = rows[0][-1]
    assert under["category"] == "a=y" and under["v_test"] < 0
    assert under["p_value"] == pytest.approx(2 * stats.hypergeom.cdf(5, 100, 60, 30))


def test_order_threshold_missing_and_extreme_values():
    rng = np.random.default_rng(0)
    n = 2000
    partition = rng.integers(0, 3, n)
    frame = pd.DataFrame({
        "strong": np.where(partition == 0, "x", "y"),  # p underflows to 0: v-test finite
        "noise": rng.choice(["u", "v"], n),
        "holes": np.where(partition == 2, None, "w"),
    }, dtype=object)
    rows = catdes(code(frame, list(frame.columns)), partition, 3)
    for described in rows:
        v = [r["v_test"] for r in described]
        assert v == sorted(v, reverse=True)  # FactoMineR: decreasing v-test
        assert all(r["p_value"] < 0.05 and np.isfinite(r["v_test"]) for r in described)
    assert rows[0][0]["category"] == "strong=x" and rows[0][0]["v_test"] > 30
    assert any(r["category"] == "holes=NA" for r in rows[2])
