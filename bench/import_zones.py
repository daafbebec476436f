"""Benchmark: import the ~35,000 communes of France, compared with a bare pyogrio read.

    .venv/bin/python bench/import_zones.py [--data DIR] [--database-url URL]

Prints the best time of `pyogrio.read_dataframe` on the gzipped GeoJSON (best of 3), the best
time of `zones_import` of the same file into an empty database (best of 2, a fresh database
each time), their ratio (goal: ≤ 4×) and the time spent in each stage of the import.
Without --database-url it uses a throwaway SQLite database in a temporary folder.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FILE = "geo/communes-france-2018.geojson.gz"
GOAL = 4.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data",
                        help="dossier des données ouvertes (défaut : ../shared/data)")
    parser.add_argument("--database-url", default="",
                        help="base à utiliser (ex. postgres://…) ; défaut : SQLite jetable")
    parser.add_argument("--imports", type=int, default=2,
                        help="nombre d'imports (le meilleur est gardé)")
    parser.add_argument("--reads", type=int, default=3,
                        help="nombre de lectures (la meilleure est gardée)")
    return parser.parse_args()


def setup_django(workdir: Path, database_url: str) -> None:
    """Point Django at a throwaway database, then create its tables."""
    os.environ["TERREAU_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def best_read(path: Path, runs: int) -> float:
    import pyogrio

    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        frame = pyogrio.read_dataframe(f"/vsigzip/{path}")
        best = min(best, time.perf_counter() - started)
        assert len(frame) > 30_000
    return best


def empty_zones() -> None:
    """Start each import from an empty zone table (and no cached layers)."""
    from terreau.territory.models import Zone, ZoneLayerCache

    ZoneLayerCache.objects.all().delete()
    Zone.objects.all().delete()


def best_import(path: Path, runs: int) -> tuple[float, list[tuple[float, str]], int]:
    from terreau.territory.services import zones_import

    best, best_stages, count = float("inf"), [], 0
    for _ in range(runs):
        empty_zones()
        stamps: list[tuple[float, str]] = []

        def stamp(_percent: int, label: str, stamps=stamps) -> None:
            stamps.append((time.perf_counter(), label))

        started = time.perf_counter()
        report = zones_import(path=path, level="commune", vintage=2018, progress=stamp)
        elapsed = time.perf_counter() - started
        if elapsed < best:
            best, count = elapsed, report.created
            best_stages = [(t - started, label) for t, label in stamps]
    return best, best_stages, count


def print_stages(stages: list[tuple[float, str]], total: float) -> None:
    """Print the time between one progress step and the next (the last step is the end)."""
    print("Étapes de l'import :")
    steps = [(0.0, "Préparation"), *stages[:-1]]  # the last stamp is "Import terminé"
    for (start, label), (end, _) in zip(steps, [*stages[:-1], (total, "")], strict=True):
        print(f"  {label:<45} {end - start:6.2f} s")


def main() -> int:
    args = parse_args()
    path = (args.data / FILE).resolve()
    if not path.exists():
        print(f"Fichier introuvable : {path} (option --data)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="terreau-bench-") as tmp:
        setup_django(Path(tmp), args.database_url)
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
        print_stages(stages, imported)
        empty_zones()
    return 0


if __name__ == "__main__":
    sys.exit(main())
