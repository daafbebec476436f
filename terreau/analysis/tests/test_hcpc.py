"""HCPC (Ward, FactoMineR's number of clusters, k-means consolidation, kk pre-grouping).

No published HCPC partition of `tea` was found to test against: the partition is checked
against an independent exact Ward (scipy's `linkage(method="ward")`, uniform weights) cut at
the same number of clusters, then a plain k-means from those centroids.
"""

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage

from terreau.analysis.hcpc import cut, hcpc, suggested_clusters, ward
from terreau.analysis.mca import mca

from .test_mca import tea, tea_columns


@pytest.fixture(scope="module")
def tea_rows() -> np.ndarray:
    frame = tea()
    active, supplementary = tea_columns(frame)
    return mca(frame, active, supplementary, ncp=5).rows


def same_partition(a, b) -> bool:
    """Equal up to the numbering of the clusters."""
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def plain_kmeans(points, labels, iterations=10):
    for _ in range(iterations):
        centres = np.array([points[labels == k].mean(0) for k in np.unique(labels)])
        new = ((points[:, None] - centres[None]) ** 2).sum(2).argmin(1)
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def test_ward_gains_equal_scipy_ward(tea_rows):
    merges, gains = ward(tea_rows)
    reference = linkage(tea_rows, "ward")
    n = len(tea_rows)
    # scipy's height is √(2 n_a n_b / (n_a + n_b)) |g_a − g_b|; the gain is that² / 2 / n.
    np.testing.assert_allclose(gains, np.sort(reference[:, 2] ** 2 / 2 / n), rtol=1e-9)
    # The gains add up to the inertia of the points (the sum of the eigenvalues kept).
    assert gains.sum() == pytest.approx(((tea_rows - tea_rows.mean(0)) ** 2).sum(1).mean())
    for k in (2, 3, 4, 5, 8):
        assert same_partition(cut(merges, n, k), fcluster(reference, k, "maxclust"))


def test_partition_equals_scipy_ward_then_kmeans(tea_rows):
    for k in (3, 4, 5):
        ward_only = hcpc(tea_rows, profiles=k, kk=None, consolidation=False)
        reference = fcluster(linkage(tea_rows, "ward"), k, "maxclust") - 1
        assert same_partition(ward_only.partition, reference)
        consolidated = hcpc(tea_rows, profiles=k, kk=None)
        expected = plain_kmeans(tea_rows, reference)
        assert same_partition(consolidated.partition, expected)
        assert consolidated.moved == (expected != reference).sum()


def test_tea_suggests_three_clusters_numbered_along_the_first_axis(tea_rows):
    result = hcpc(tea_rows, kk=None)
    assert result.suggested == result.count == 3
    assert sorted(np.bincount(result.partition).tolist()) == [32, 98, 170]
    assert np.all(np.diff(result.centres[:, 0]) > 0)
    assert result.gains == sorted(result.gains, reverse=True)
    assert len(result.gains) == 15


def test_suggested_rule_is_the_smallest_ratio_of_within_inertias():
    # within(k): 10, 6, 3, 2.7, 2.5 ... the drop from 2 to 3 clusters is the largest.
    gains = np.array([4.0, 3.0, 0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 1.9])
    within = np.cumsum(gains[::-1])[::-1]
    ratios = {k: within[k - 1] / within[k - 2] for k in range(3, 11)}
    assert suggested_clusters(gains, 40) == min(ratios, key=ratios.get)
    assert suggested_clusters(gains, 6) == 3  # max = round(6 / 2) = 3
    assert suggested_clusters(np.array([1.0, 0.5]), 3) == 2


def test_weighted_ward_equals_ward_on_repeated_points():
    rng = np.random.default_rng(1)
    points = rng.normal(size=(12, 3))
    weights = rng.integers(1, 4, 12)
    merges, gains = ward(points, weights)
    repeated = np.repeat(points, weights, axis=0)
    _, full = ward(repeated)
    # The repeated copies merge first at no cost; the rest of the tree is the same.
    np.testing.assert_allclose(gains, full[-(len(points) - 1):], atol=1e-12)


def test_kk_pre_groups_and_still_gives_k_profiles(tea_rows):
    result = hcpc(tea_rows, profiles=4, kk=40, random_state=3)
    assert result.pre_groups == 40 and result.count == 4
    assert sorted(set(result.partition.tolist())) == [0, 1, 2, 3]
    again = hcpc(tea_rows, profiles=4, kk=40, random_state=3)
    np.testing.assert_array_equal(result.partition, again.partition)
    # "auto" stays exact under the threshold; an int at least the number of rows too.
    assert hcpc(tea_rows, kk="auto").pre_groups is None
    assert hcpc(tea_rows, kk=1000).pre_groups is None


def test_auto_pre_groups_large_tables():
    rng = np.random.default_rng(0)
    centres = rng.normal(scale=4, size=(4, 5))
    points = centres[rng.integers(0, 4, 4000)] + rng.normal(size=(4000, 5))
    result = hcpc(points, kk="auto")
    assert result.pre_groups == 100
    assert result.suggested >= 3 and np.bincount(result.partition).sum() == 4000
