"""Benchmark: import a table of 35,000 communes × 50 columns, compared with pandas.read_csv.

    .venv/bin/python bench/import_data.py [--data DIR] [--database-url URL]

Imports the real communes of France (COG 2018, not timed), writes an INSEE-like CSV with
their codes (`;`, decimal commas, a few empty and secret `s` cells), then prints the best
time of `pandas.read_csv(..., sep=";", decimal=",", dtype={"CODGEO": str})` (best of 3), the
best time of `catalog.services.dataset_import` of the same file (best of 2, a fresh dataset
each time) and their ratio (goal: ≤ 3×), with the time of each stage of the import.
"""

import argparse
import sys
import time
from pathlib import Path

from common import (
    COMMUNES,
    ProgressMarks,
    argument_parser,
    best_time,
    load_communes,
    stage_times,
    throwaway_django,
)

COLUMNS = 50
GOAL = 3.0


def parse_args() -> argparse.Namespace:
    parser = argument_parser(__doc__, database_url=True)
    parser.add_argument("--imports", type=int, default=2)
    parser.add_argument("--reads", type=int, default=3)
    return parser.parse_args()


def write_table(path: Path, codes: list[str]) -> None:
    """Write an INSEE-like table: counts, rates with decimal commas, some empty or `s` cells."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2026)
    n = len(codes)
    data = {"CODGEO": codes}
    for j in range(COLUMNS):
        if j % 3 == 2:  # a rate, 1 decimal
            column = np.round(rng.uniform(0, 40, n), 1).astype(object)
            name = f"TX{j:02d}_21"
        else:  # a count, sometimes weighted (decimals) as in the census
            values = rng.gamma(1.5, 400, n)
            column = (np.round(values) if j % 2 else np.round(values, 4)).astype(object)
            name = f"P21_V{j:02d}"
        column[rng.random(n) < 0.02] = ""  # empty: not available
        if j % 10 == 0:
            column[rng.random(n) < 0.01] = "s"  # statistical secret
        data[name] = column
    frame = pd.DataFrame(data)
    frame.to_csv(path, sep=";", decimal=",", index=False, lineterminator="\r\n")


def best_read(path: Path, runs: int) -> float:
    import pandas as pd

    best, frame = best_time(
        lambda: pd.read_csv(path, sep=";", decimal=",", dtype={"CODGEO": str}), runs)
    assert len(frame) > 30_000
    return best


def best_import(path: Path, runs: int) -> tuple[float, list[tuple[str, float]]]:
    from terreau.catalog.services import ImportPlan, dataset_import

    best, stages = float("inf"), []
    for run in range(runs):
        marks = ProgressMarks()
        started = time.perf_counter()
        version = dataset_import(
            path=path, plan=ImportPlan(dataset_slug=f"bench-{run}", level="commune",
                                       period="2021"),
            progress=marks)
        elapsed = time.perf_counter() - started
        assert version.series.count() == COLUMNS
        if elapsed < best:  # each progress mark starts a stage, which ends at the next one
            best = elapsed
            stages = stage_times(marks.marks, started + elapsed)
    return best, stages


def main() -> int:
    args = parse_args()
    source = args.data / COMMUNES
    if not source.exists():
        print(f"Fichier absent : {source}", file=sys.stderr)
        return 1
    with throwaway_django(args.database_url) as workdir:
        from terreau.territory.models import Zone

        print("Import des communes de France (non chronométré)…", flush=True)
        load_communes(source)
        codes = sorted(Zone.objects.filter(level="commune").values_list("code", flat=True))
        table = workdir / "communes.csv"
        write_table(table, codes)
        print(f"Fichier : {len(codes)} communes × {COLUMNS} colonnes, "
              f"{table.stat().st_size / 1e6:.1f} Mo")
        read = best_read(table, args.reads)
        imported, stages = best_import(table, args.imports)
    ratio = imported / read
    print(f"pandas.read_csv (meilleur de {args.reads}) : {read:.3f} s")
    print(f"dataset_import (meilleur de {args.imports}) : {imported:.3f} s")
    print("  étapes : " + ", ".join(f"{label} {seconds:.3f} s" for label, seconds in
                                    stages))
    verdict = "atteint" if ratio <= GOAL else "NON atteint"
    print(f"Rapport : {ratio:.2f} × (objectif ≤ {GOAL:g} × : {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
