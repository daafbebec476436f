"""Hierarchical clustering on principal components, as FactoMineR's `HCPC`.

Ward's method on the individuals' coordinates on the first axes, with their weights; the
number of clusters proposed by FactoMineR's rule (`nb.clust = -1`): among min = 3 to
max = min(10, round(N / 2)) clusters (N leaves of the tree), the k that minimises the ratio
within-inertia(k) / within-inertia(k − 1); then k-means consolidation started from the Ward
clusters' centroids (FactoMineR: `kmeans(iter.max = 10)`). Clusters are numbered by the
first coordinate of their centre, increasing, as HCPC does.

Ward is computed by the nearest-neighbour chain on centroids: weighted (the k-means
pre-groups weigh their size), exact (the same tree as the greedy algorithm), O(N²) time and
O(N) memory (no distance matrix), so that even `kk=None` on 10,000 rows stays bounded.
"""

from dataclasses import dataclass

import numpy as np

MIN_CLUSTERS = 3
MAX_CLUSTERS = 10
CONSOLIDATION_ITERATIONS = 10  # FactoMineR's iter.max
# Above this many rows, "auto" pre-groups with k-means (HCPC's `kk`). Exact Ward is O(n²)
# in time (and, with a distance matrix, in memory: 10,000 rows = 400 MB); the tree's top,
# the only part used (≤ 10 profiles), barely depends on the order in which a few thousand
# near-identical answer patterns merge at the bottom.
KK_THRESHOLD = 3000
# Pre-groups: ten times the ≤ 10 profiles considered (so k-means forces no profile
# boundary), few enough that the k-means itself stays fast (its cost grows with the number
# of groups: 300 groups took 5 s on 10,000 rows, 100 take a fraction of a second) and that
# weighted Ward on them is instantaneous.
KK_GROUPS = 100
GAINS_SHOWN = 15


@dataclass
class Clustering:
    partition: np.ndarray  # profile index 0..K-1 of each row
    suggested: int
    count: int
    gains: list[float]  # inertia gains of the last merges, largest first
    moved: int
    pre_groups: int | None
    centres: np.ndarray  # K × ncp


def ward(points: np.ndarray, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Ward tree of `points`: (merges, gains), merges sorted by increasing gain.

    merges[m] = (a, b): ids of the merged clusters (leaves 0..N−1, merge m makes id N + m);
    gains[m] = w_a w_b / (w_a + w_b) · |g_a − g_b|² / W, the between-inertia it loses
    (FactoMineR's "inertia gain", heights of its tree); the gains sum to the total inertia.
    """
    n = len(points)
    weights = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    total = weights.sum()
    centres = np.array(points, dtype=float)
    mass = weights.copy()
    alive = np.ones(n, dtype=bool)
    ids = np.arange(n)
    made: list[tuple[int, int, float]] = []
    chain: list[int] = []
    for _ in range(n - 1):
        while True:
            if not chain:
                chain.append(int(np.flatnonzero(alive)[0]))
            top = chain[-1]
            cost = mass * mass[top] / (mass + mass[top]) * ((centres - centres[top]) ** 2).sum(1)
            cost[~alive] = np.inf
            cost[top] = np.inf
            if len(chain) > 1:
                previous = chain[-2]
                if cost[previous] <= cost.min():  # reciprocal nearest neighbours
                    break
            chain.append(int(cost.argmin()))
        a, b = chain.pop(), chain.pop()
        made.append((ids[a], ids[b], cost[b] / total))
        merged = mass[a] + mass[b]
        centres[a] = (mass[a] * centres[a] + mass[b] * centres[b]) / merged
        mass[a] = merged
        alive[b] = False
        ids[a] = n + len(made) - 1
    return _sorted_tree(made, n)


def _sorted_tree(made: list, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Renumber the merges by increasing gain (children before parents: Ward is monotone)."""
    order = sorted(range(len(made)), key=lambda m: (made[m][2], m))
    rename = {n + old: n + new for new, old in enumerate(order)}
    merges = np.array([[rename.get(made[m][0], made[m][0]), rename.get(made[m][1], made[m][1])]
                       for m in order], dtype=np.int64).reshape(-1, 2)
    return merges, np.array([made[m][2] for m in order])


def cut(merges: np.ndarray, n: int, k: int) -> np.ndarray:
    """The k clusters of the tree (label 0..k−1 of each leaf), applying its n − k first merges."""
    parent = np.arange(n)
    leaf = np.concatenate([np.arange(n), np.zeros(max(n - 1, 0), dtype=np.int64)])

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for m, (a, b) in enumerate(merges[:n - k]):
        root_a, root_b = find(leaf[a]), find(leaf[b])
        parent[root_b] = root_a
        leaf[n + m] = root_a
    roots = np.array([find(i) for i in range(n)])
    return np.unique(roots, return_inverse=True)[1]


def suggested_clusters(gains: np.ndarray, leaves: int) -> int:
    """FactoMineR's rule: argmin over k ∈ [3, max] of within(k) / within(k − 1).

    `gains` largest first (with the pre-grouping's own within-inertia appended last);
    within(k) = Σ of gains from the k-th on; max = min(10, round(leaves / 2), leaves − 1).
    """
    top = min(MAX_CLUSTERS, round(leaves / 2), leaves - 1)
    if top < MIN_CLUSTERS:
        return max(min(2, leaves), 1)
    within = np.cumsum(gains[::-1])[::-1]
    ks = np.arange(MIN_CLUSTERS, top + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = within[ks - 1] / within[ks - 2]
    ratio = np.where(np.isfinite(ratio), ratio, np.inf)
    return int(ks[int(np.argmin(ratio))])


def pre_group(points: np.ndarray, groups: int, random_state: int):
    """k-means pre-groups: labels, centres, within-inertia.

    HCPC's kk runs kmeans(iter.max = 100, nstart = 4); one k-means++ start and 10 Lloyd
    iterations are enough here (the pre-groups only need to be small and tight, Ward does
    the rest; on 10,000 rows the within-inertia is 0.6 % above the converged one, for a
    fifth of the time).
    """
    from sklearn.cluster import KMeans

    distinct = len(np.unique(points, axis=0))
    model = KMeans(n_clusters=min(groups, distinct), n_init=1, max_iter=10,
                   random_state=random_state).fit(points)
    return model.labels_, model.cluster_centers_, model.inertia_


def consolidate(points, weights, labels, k, iterations=CONSOLIDATION_ITERATIONS):
    """Weighted Lloyd k-means from the clusters' centroids; returns the new labels."""
    centres = _centroids(points, weights, labels, k)
    for _ in range(iterations):
        distance = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(2)
        new = distance.argmin(1)
        if np.array_equal(new, labels):
            break
        labels = new
        centres = _centroids(points, weights, labels, k, centres)
    return labels


def _centroids(points, weights, labels, k, previous=None):
    mass = np.bincount(labels, weights=weights, minlength=k)
    sums = np.stack([np.bincount(labels, weights=weights * points[:, d], minlength=k)
                     for d in range(points.shape[1])], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        centres = sums / mass[:, None]
    if previous is not None:  # an emptied cluster keeps its centre
        centres[mass == 0] = previous[mass == 0]
    return centres


def hcpc(points: np.ndarray, *, profiles: int | None = None, consolidation: bool = True,
         kk="auto", random_state: int = 0, weights=None) -> Clustering:
    """Cluster the rows of `points` (coordinates on the first axes) as FactoMineR's HCPC.

    kk: "auto" (pre-group into KK_GROUPS k-means clusters above KK_THRESHOLD rows), None
    (exact Ward on every row, FactoMineR's default kk = Inf), or an int N (pre-group into N
    when N < rows). profiles: the number of clusters (None: the suggested one).
    """
    points = np.asarray(points, dtype=float)
    n = len(points)
    weights = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    groups = KK_GROUPS if kk == "auto" and n > KK_THRESHOLD else (
        None if kk in (None, "auto") else int(kk))
    extra = []
    if groups is not None and groups < n:
        labels, leaves_points, inertia = pre_group(points, groups, random_state)
        leaves_weights = np.bincount(labels, weights=weights, minlength=len(leaves_points))
        extra = [inertia / weights.sum()]
    else:
        groups, labels = None, np.arange(n)
        leaves_points, leaves_weights = points, weights
    leaves = len(leaves_points)
    merges, gains = ward(leaves_points, leaves_weights)
    gains_desc = np.concatenate([gains[::-1], extra])
    suggested = suggested_clusters(gains_desc, leaves)
    count = max(1, min(profiles or suggested, leaves))
    partition = cut(merges, leaves, count)[labels]
    moved = 0
    if consolidation and count > 1:
        consolidated = consolidate(points, weights, partition, count)
        moved = int((consolidated != partition).sum())
        partition = consolidated
    partition, centres = _numbered(points, weights, partition, count)
    return Clustering(partition, suggested, int(len(centres)),
                      [float(g) for g in gains_desc[:GAINS_SHOWN]], moved, groups, centres)


def _numbered(points, weights, partition, k):
    """Number the (non-empty) clusters by their centre's first coordinate, as HCPC."""
    present = np.unique(partition)
    partition = np.searchsorted(present, partition)
    centres = _centroids(points, weights, partition, len(present))
    order = np.argsort(centres[:, 0], kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[partition], centres[order]
