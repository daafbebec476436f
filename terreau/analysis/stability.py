"""Bootstrap stability of the profiles (Hennig's cluster-wise stability, `fpc::clusterboot`).

B times: draw n people with replacement, rerun the MCA and the clustering with the same
number of profiles, and for each original profile find the new profile that best matches it
on the people drawn (Jaccard index on the distinct individuals). A profile is *recovered*
when that best Jaccard reaches 0.5: below it, Hennig calls the profile "dissolved". The
stability of a profile is the share of resamplings that recover it.
"""

import numpy as np

from .hcpc import hcpc
from .mca import mca

THRESHOLD = 0.5
STABLE, RATHER_STABLE = 0.8, 0.5
EXPLANATION = (
    "Nous avons refait l'analyse {resamples} fois sur des tirages au hasard des mêmes "
    "personnes (certaines tirées plusieurs fois, d'autres pas). Pour chaque profil, nous "
    "regardons s'il réapparaît : il réapparaît quand au moins la moitié de ses membres se "
    "retrouvent ensemble dans un même profil du tirage (indice de Jaccard ≥ 0,5). Un profil "
    "est « stable » s'il réapparaît dans au moins 80 % des tirages, « plutôt stable » entre "
    "50 et 80 %, « fragile » en dessous : un profil fragile dépend de quelques personnes, "
    "mieux vaut ne pas trop en tirer de conclusions.")


def stability_words(share: float | None) -> str:
    if share is None:
        return ""
    return "stable" if share >= STABLE else "plutôt stable" if share >= RATHER_STABLE \
        else "fragile"


def best_jaccard(original: np.ndarray, new: np.ndarray, k: int, k_new: int) -> np.ndarray:
    """For each original cluster, its best Jaccard index with a cluster of `new`."""
    both = np.zeros((k, k_new))
    np.add.at(both, (original, new), 1)
    union = both.sum(1)[:, None] + both.sum(0)[None, :] - both
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = np.where(union > 0, both / union, 0)
    return jaccard.max(1)


def stability(frame, active, partition: np.ndarray, count: int, *, resamples: int, ncp: int,
              kk, consolidation: bool, random_state: int = 0, order=None,
              progress=None) -> tuple[list[float], dict]:
    """(share of resamplings recovering each profile, the result's "stability" entry)."""
    rng = np.random.default_rng(random_state)
    n = len(partition)
    recovered = np.zeros(count)
    for b in range(resamples):
        drawn = rng.integers(0, n, n)
        try:
            result = mca(frame.iloc[drawn], active, ncp=ncp, order=order)
            clusters = hcpc(result.rows, profiles=count, consolidation=consolidation, kk=kk,
                            random_state=random_state + b + 1)
        except (ValueError, np.linalg.LinAlgError):
            continue  # a degenerate resample (one category left...): nothing recovered
        distinct, first = np.unique(drawn, return_index=True)
        present = np.bincount(partition[distinct], minlength=count) > 0
        best = best_jaccard(partition[distinct], clusters.partition[first], count,
                            clusters.count)
        recovered += (best >= THRESHOLD) & present
        if progress:
            progress(b + 1, resamples)
    shares = [float(s) for s in recovered / max(resamples, 1)]
    return shares, {"resamples": resamples, "threshold": THRESHOLD,
                    "explanation": EXPLANATION.format(resamples=resamples)}
