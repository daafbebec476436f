"""Property tests (hypothesis) of the MCA and the clustering on random categorical tables."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from terreau.analysis.hcpc import hcpc
from terreau.analysis.mca import mca


@st.composite
def tables(draw, missing=False):
    n = draw(st.integers(12, 60))
    q = draw(st.integers(2, 5))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    columns = {}
    for j in range(q):
        k = draw(st.integers(2, 4))
        values = rng.choice([f"c{i}" for i in range(k)], n).astype(object)
        values[:k] = [f"c{i}" for i in range(k)]  # every category observed
        if missing:
            values[rng.random(n) < 0.1] = None
        columns[f"q{j}"] = values
    return pd.DataFrame(columns, dtype=object)


@settings(max_examples=40, deadline=None)
@given(tables())
def test_inertia_contributions_and_cos2(frame):
    q = frame.shape[1]
    result = mca(frame, list(frame.columns), ncp=50)
    k = len(result.active.keys)
    assert abs(result.eigenvalues.sum() - (k - q) / q) < 1e-9
    kept = result.eigenvalues[:result.ncp] > 1e-9
    np.testing.assert_allclose(result.contrib.sum(0)[kept], 100, rtol=1e-7)
    assert np.all((result.cos2 >= -1e-12) & (result.cos2 <= 1 + 1e-9))
    if result.ncp == k - q:  # every axis kept: cos² sums to 1 per category
        np.testing.assert_allclose(result.cos2.sum(1), 1, atol=1e-8)


@settings(max_examples=25, deadline=None)
@given(tables(missing=True))
def test_missing_answers_keep_one_category_per_question(frame):
    result = mca(frame, list(frame.columns), ncp=3)
    q = frame.shape[1]
    assert abs(result.eigenvalues.sum() - (len(result.active.keys) - q) / q) < 1e-9
    assert np.all(result.cos2 <= 1 + 1e-9)


@settings(max_examples=25, deadline=None)
@given(tables(), st.integers(2, 6), st.sampled_from([None, 6]), st.booleans())
def test_clusters_partition_the_individuals(frame, k, kk, consolidation):
    rows = mca(frame, list(frame.columns)).rows
    result = hcpc(rows, profiles=k, kk=kk, consolidation=consolidation)
    n = len(frame)
    assert result.partition.shape == (n,)
    sizes = np.bincount(result.partition)
    assert sizes.sum() == n and np.all(sizes > 0)
    assert result.count == len(sizes) <= k
    distinct = len(np.unique(rows.round(12), axis=0))
    if distinct >= k and (kk is None or distinct >= kk) and not consolidation:
        assert result.count == k  # pre-grouping too gives the K profiles asked
