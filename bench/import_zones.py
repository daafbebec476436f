"""Benchmark: import the ~35,000 communes of France, compared with a bare pyogrio read.

    .venv/bin/python bench/import_zones.py [--data DIR] [--database-url URL]

Prints the best time of `pyogrio.read_dataframe` on the gzipped GeoJSON (best of 3), the best
time of `zones_import` of the same file into an empty database (best of 2, a fresh database
each time), their ratio (goal: ≤ 4×) and the time spent in each stage of the import.
Without --database-url it uses a throwaway SQLite database in a temporary folder.
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
    stage_times,
    throwaway_django,
)

GOAL = 4.0


def parse_args() -> argparse.Namespace:
    parser = argument_parser(__doc__, database_url=True)
    parser.add_argument("--imports", type=int, default=2,
                        help="nombre d'imports (le meilleur est gardé)")
    parser.add_argument("--reads", type=int, default=3,
                        help="nombre de lectures (la meilleure est gardée)")
    return parser.parse_args()


def best_read(path: Path, runs: int) -> float:
    import pyogrio

    best, frame = best_time(lambda: pyogrio.read_dataframe(f"/vsigzip/{path}"), runs)
    assert len(frame) > 30_000
    return best


def empty_zones() -> None:
    """Start each import from an empty zone table (and no cached layers)."""
    from terreau.territory.models import Zone, ZoneLayerCache

    ZoneLayerCache.objects.all().delete()
    Zone.objects.all().delete()


def best_import(path: Path, runs: int) -> tuple[float, list[tuple[str, float]], int]:
    from terreau.territory.services import zones_import

    best, best_stages, count = float("inf"), [], 0
    for _ in range(runs):
        empty_zones()
        marks = ProgressMarks()
        started = time.perf_counter()
        report = zones_import(path=path, level="commune", vintage=2018, progress=marks)
        elapsed = time.perf_counter() - started
        if elapsed < best:
            best, count = elapsed, report.created
            # Each mark starts a stage; the last one ("Import terminé") is the end.
            best_stages = stage_times([(started, "Préparation"), *marks.marks[:-1]],
                                      started + elapsed)
    return best, best_stages, count


def print_stages(stages: list[tuple[str, float]]) -> None:
    print("Étapes de l'import :")
    for label, seconds in stages:
        print(f"  {label:<45} {seconds:6.2f} s")


def main() -> int:
    args = parse_args()
    path = (args.data / COMMUNES).resolve()
    if not path.exists():
        print(f"Fichier introuvable : {path} (option --data)", file=sys.stderr)
        return 2
    with throwaway_django(args.database_url):
        from django.db import connection

        print(f"Fichier : {path.name} ({path.stat().st_size / 1e6:.1f} Mo), "
              f"base : {connection.vendor}")
        read = best_read(path, args.reads)
        print(f"pyogrio.read_dataframe (meilleur de {args.reads}) : {read:6.2f} s")
        imported, stages, count = best_import(path, args.imports)
        print(f"zones_import, {count} communes (meilleur de {args.imports}) : {imported:6.2f} s")
        ratio = imported / read
        verdict = "objectif atteint" if ratio <= GOAL else "objectif NON atteint"
        print(f"Rapport import / lecture : {ratio:.2f}× (objectif ≤ {GOAL:g}× : {verdict})")
        print_stages(stages)
        empty_zones()
    return 0


if __name__ == "__main__":
    sys.exit(main())
