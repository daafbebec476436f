"""Benchmark: classifying the ~35,000 communes of France by each method, against mapclassify.

    .venv/bin/python bench/classify.py [--data DIR] [--repeats N] [--classes K] [--sample N]

Values: INSEE's comparateur de territoires 2022, unemployment rate of the 15-64 year-olds
(P18_CHOM1564 / P18_ACT1564 × 100), 34,986 communes with a value out of 35,010. Times:

(a) quantiles, equal intervals, standard deviations and manual breaks: `classify()` (checks,
    missing values, distinct values, class counts) against the mapclassify classifier it
    wraps, called directly on the values present. The two are alternated, medians kept.
    Goal ≤ 1.5 ×.
(b) Fisher-Jenks: our exact algorithm (fisher_jenks.py, numpy) on all the values, for k = 5
    and 9. Goal ≤ 0.5 s. mapclassify.FisherJenks is pure Python without numba: it is timed
    once on a random sample (3,000 values by default) against ours on the same sample, and
    the breaks are checked to be the same. mapclassify's approximate methods on all the
    values, FisherJenksSampled (exact on a random 1,000 values) and NaturalBreaks (k-means,
    10 starts), are timed too, with how far their within-class sum of squares is from the
    optimum.
"""

import argparse
import io
import statistics
import sys
import time
import warnings
import zipfile
from pathlib import Path

import numpy as np
from common import REPO, argument_parser

COMPARATEUR = "stats/base-cc-comparateur-2022-csv.zip"
WRAP_GOAL, FISHER_JENKS_GOAL = 1.5, 0.5
MANUAL_BREAKS = [5.0, 8.0, 11.0, 15.0]


def parse_args() -> argparse.Namespace:
    parser = argument_parser(__doc__)
    parser.add_argument("--repeats", type=int, default=30, help="répétitions par mesure")
    parser.add_argument("--classes", type=int, default=5, help="nombre de classes")
    parser.add_argument("--sample", type=int, default=3000,
                        help="taille de l'échantillon pour mapclassify.FisherJenks")
    return parser.parse_args()


def load_values(data: Path) -> np.ndarray:
    """Return the unemployment rate of every commune of the comparateur (nan: no value)."""
    import pandas as pd

    with zipfile.ZipFile(data / COMPARATEUR) as archive:
        raw = archive.read("base_cc_comparateur.CSV")
    table = pd.read_csv(io.BytesIO(raw), sep=";", dtype={"CODGEO": str})
    with np.errstate(divide="ignore", invalid="ignore"):
        values = (table.P18_CHOM1564 / table.P18_ACT1564 * 100).to_numpy(dtype=float, copy=True)
    values[~np.isfinite(values)] = np.nan
    return values


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def time_alternated(functions: list, repeats: int) -> list[float]:
    """Return the median time (ms) of each function, called in turn `repeats` times."""
    for function in functions:
        function()  # warm-up
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeats):
        for i, function in enumerate(functions):
            started = time.perf_counter()
            function()
            times[i].append(time.perf_counter() - started)
    return [median_ms(t) for t in times]


def wrapped_methods(values: np.ndarray, k: int, repeats: int) -> bool:
    """(a) classify() against the mapclassify classifier it wraps; True when within goal."""
    import mapclassify

    from terreau.atlas.classify import classify

    present = values[np.isfinite(values)]
    multiples = [j - k / 2 for j in range(1, k)]
    direct = {
        "quantiles": lambda: mapclassify.Quantiles(present, k=k),
        "equal_interval": lambda: mapclassify.EqualInterval(present, k=k),
        "std_mean": lambda: mapclassify.StdMean(present, multiples=multiples),
        "manual": lambda: mapclassify.UserDefined(present, MANUAL_BREAKS),
    }
    print(f"(a) classify() contre mapclassify appelé directement, {present.size} valeurs, "
          f"k = {k}, médianes de {repeats} :")
    met = True
    for method, theirs in direct.items():
        breaks = MANUAL_BREAKS if method == "manual" else None
        ours_ms, theirs_ms = time_alternated(
            [lambda m=method, b=breaks: classify(values, m, k, b), theirs], repeats)
        ratio = ours_ms / theirs_ms
        met &= ratio <= WRAP_GOAL
        print(f"    {method:<15} Terreau {ours_ms:6.1f} ms   mapclassify {theirs_ms:6.1f} ms   "
              f"rapport {ratio:.2f}")
    print(f"    objectif ≤ {WRAP_GOAL:g} × : {'atteint' if met else 'NON atteint'}")
    return met


def fisher_jenks(values: np.ndarray, k: int, repeats: int, sample: int) -> bool:
    """(b) exact Fisher-Jenks: ours on everything, mapclassify's on a sample and approximations."""
    import mapclassify

    from terreau.atlas.classify import classify
    from terreau.atlas.fisher_jenks import fisher_jenks_breaks, within_sum_of_squares

    present = values[np.isfinite(values)]
    print(f"(b) Fisher-Jenks exact ({np.unique(present).size} valeurs distinctes sur "
          f"{present.size}) :")
    met = True
    for classes in sorted({k, 9}):
        ours_ms = time_alternated([lambda c=classes: classify(values, "fisher_jenks", c)],
                                  max(3, repeats // 3))[0]
        met &= ours_ms / 1000 <= FISHER_JENKS_GOAL
        print(f"    Terreau, toutes les valeurs, k = {classes} : {ours_ms:.0f} ms")
    print(f"    objectif ≤ {FISHER_JENKS_GOAL:g} s : {'atteint' if met else 'NON atteint'}")

    rng = np.random.default_rng(0)
    subset = rng.choice(present, size=min(sample, present.size), replace=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed. Using slow pure python version."
        started = time.perf_counter()
        theirs = mapclassify.FisherJenks(subset, k=k)
        theirs_s = time.perf_counter() - started
    ours_ms = time_alternated([lambda: fisher_jenks_breaks(subset, k)], repeats)[0]
    same = np.array_equal(fisher_jenks_breaks(subset, k), theirs.bins)
    print(f"    échantillon de {subset.size} valeurs, k = {k} : mapclassify.FisherJenks "
          f"(Python pur) {theirs_s:.1f} s, Terreau {ours_ms:.1f} ms "
          f"({theirs_s * 1000 / ours_ms:.0f} fois moins) ; mêmes seuils : "
          f"{'oui' if same else 'NON'}")

    optimum = within_sum_of_squares(present, fisher_jenks_breaks(present, k))
    print(f"    méthodes approchées de mapclassify sur les {present.size} valeurs, k = {k} "
          "(somme des carrés intra-classes comparée à l'optimum exact) :")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, make in (
                ("FisherJenksSampled", lambda: mapclassify.FisherJenksSampled(present, k=k)),
                ("NaturalBreaks", lambda: mapclassify.NaturalBreaks(present, k=k))):
            np.random.seed(0)
            started = time.perf_counter()
            approximate = make()
            elapsed = time.perf_counter() - started
            excess = within_sum_of_squares(present, approximate.bins) / optimum - 1
            print(f"      {name:<19} {elapsed:5.1f} s, somme des carrés +{excess:.1%}")
    return met and same


def main() -> int:
    args = parse_args()
    if not (args.data / COMPARATEUR).exists():
        print(f"Fichier introuvable : {args.data / COMPARATEUR} (option --data)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    values = load_values(args.data)
    print(f"Taux de chômage des 15-64 ans : {values.size} communes, "
          f"{int(np.isfinite(values).sum())} avec une valeur")
    wrapped_methods(values, args.classes, args.repeats)
    fisher_jenks(values, args.classes, args.repeats, args.sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
