"""Benchmark: one indicator over the ~35,000 communes of France, computed and served.

    .venv/bin/python bench/indicator.py [--data DIR] [--requests N] [--repeats N]

Loads the communes (test loader: the file's own geometry), the départements and régions of
France into a throwaway SQLite database, stores INSEE's real counts of the "comparateur de
territoires" (P18_CHOM1564, P18_ACT1564, P18_POP: 35,010 communes) as Series rows, and creates
the indicator `taux(chomeurs, actifs)`. Then it times:

(a) the computation alone: the engine (`compute.zone_values`: the formula's tree evaluated on
    the aligned arrays, reasons of missing values included) against the same numpy
    expression written by hand with the same semantics (÷0 → NaN). Goal ≤ 2×. For
    information, the whole computation of a level (reading, alignment, sums for départements,
    régions and the selection) is timed too;
(b) the values endpoint once cached, /api/v1/indicateurs/chomage/valeurs, through the real
    server (waitress serving terreau.wsgi, signed-in session), against a static file holding
    the same JSON bytes served by the same server (whitenoise). Goal ≤ 3×.
"""

import argparse
import csv
import io
import sys
import time
import timeit
import zipfile
from pathlib import Path

from common import (
    COMMUNES,
    argument_parser,
    load_communes,
    memory,
    running_server,
    session_cookie,
    throwaway_django,
    time_interleaved,
    write_static,
)

DEPARTEMENTS = "geo/departements-france-2018-simplifie.geojson"
REGIONS = "geo/regions-france-2018-simplifie.geojson"
DEP_TABLE = "cog/v-departement-2024.csv"
COMPARATEUR = "stats/base-cc-comparateur-2022-csv.zip"
COLUMNS = {"P18_CHOM1564": "chomeurs", "P18_ACT1564": "actifs", "P18_POP": "pop"}
STATIC_NAME = "bench/valeurs-chomage.json"
COMPUTE_GOAL, SERVE_GOAL = 2.0, 3.0


def parse_args() -> argparse.Namespace:
    parser = argument_parser(__doc__)
    parser.add_argument("--requests", type=int, default=40, help="requêtes par mesure")
    parser.add_argument("--repeats", type=int, default=2000,
                        help="répétitions du calcul (le meilleur temps est gardé)")
    return parser.parse_args()


def load_zones(data: Path, loader: str = "fixture") -> int:
    """Load régions, départements (with their région) and communes (with their département).

    `loader` is passed to common.load_communes: "fixture" keeps the file's geometry, "import"
    runs the real importer (display versions of the contours, as in use).
    """
    from terreau.core.testing import load_zones_from_geojson

    with open(data / DEP_TABLE, encoding="utf-8", newline="") as handle:
        region_of = {row["DEP"]: row["REG"] for row in csv.DictReader(handle)}
    load_zones_from_geojson(data / REGIONS, "region")
    load_zones_from_geojson(data / DEPARTEMENTS, "departement",
                            parent_code=lambda code: ("region", region_of.get(code, "")))
    return load_communes(data / COMMUNES, loader)


def load_dataset(data: Path):
    """Store the comparateur's real counts as one dataset version, like the importer does."""
    import numpy as np
    import pandas as pd

    from terreau.catalog.models import Dataset, DatasetVersion, Series, Variable
    from terreau.territory.models import Zone

    with zipfile.ZipFile(data / COMPARATEUR) as archive:
        raw = archive.read("base_cc_comparateur.CSV")
    table = pd.read_csv(io.BytesIO(raw), sep=";", dtype={"CODGEO": str}).set_index("CODGEO")
    zones = dict(Zone.objects.filter(level="commune").values_list("code", "pk"))
    codes = [code for code in table.index if code in zones]
    dataset = Dataset.objects.create(slug="comparateur", title="Comparateur de territoires 2022",
                                     level="commune", sensitivity="open", licence="Licence "
                                     "Ouverte / Etalab 2.0")
    version = DatasetVersion.objects.create(
        dataset=dataset, number=1, source_filename="base_cc_comparateur.CSV",
        source_sha256="0" * 64, row_count=len(codes),
        zone_ids=np.array([zones[c] for c in codes], dtype=np.int64).tobytes())
    for position, (column, slug) in enumerate(COLUMNS.items()):
        variable = Variable.objects.create(dataset=dataset, slug=slug, column=column,
                                           label=column, kind="count", position=position)
        values = table.loc[codes, column].to_numpy(dtype=float)
        reasons = np.where(np.isnan(values), 1, 0).astype(np.uint8)
        Series.objects.create(version=version, variable=variable, period="2018",
                              values=values.tobytes(), reasons=reasons.tobytes())
    return len(codes)


def time_compute(repeats: int) -> tuple[float, float, float, int]:
    """Return the best times (s) of the engine, of bare numpy, and of a whole level."""
    import numpy as np

    from terreau.indicators.compute import zone_values
    from terreau.indicators.formula import parse
    from terreau.indicators.models import Indicator
    from terreau.indicators.values import _tables, hierarchy_build, values_compute

    indicator = Indicator.objects.get(slug="chomage")
    formula = parse(indicator.formula)
    variables = {v.slug: v for v in indicator.variables.all()}
    steps = hierarchy_build("commune")
    table = _tables(formula, variables, "2018", steps)[0]
    a, b = table.values[("chomeurs", None)], table.values[("actifs", None)]

    def by_hand():
        with np.errstate(divide="ignore", invalid="ignore"):
            result = a / b * 100.0
        result[~np.isfinite(result)] = np.nan
        return result

    engine = zone_values(formula, table).values
    np.testing.assert_array_equal(engine, by_hand())
    # Alternate the two, so that a busy machine slows both alike; keep the best of each.
    number, best_engine, best_numpy = 20, float("inf"), float("inf")
    for _ in range(max(1, repeats // number)):
        best_engine = min(best_engine, timeit.timeit(lambda: zone_values(formula, table),
                                                     number=number) / number)
        best_numpy = min(best_numpy, timeit.timeit(by_hand, number=number) / number)
    best_level = min(timeit.repeat(lambda: values_compute(indicator, level="commune"),
                                   number=1, repeat=3))
    return best_engine, best_numpy, best_level, len(a)


def main() -> int:
    args = parse_args()
    for name in (COMMUNES, DEPARTEMENTS, REGIONS, DEP_TABLE, COMPARATEUR):
        if not (args.data / name).exists():
            print(f"Fichier introuvable : {args.data / name} (option --data)", file=sys.stderr)
            return 2
    with throwaway_django():
        started = time.perf_counter()
        count = load_zones(args.data)
        rows = load_dataset(args.data)
        print(f"Communes : {count} ; valeurs réelles pour {rows} communes "
              f"({time.perf_counter() - started:.1f} s de chargement)")
        from terreau.indicators.management.operator import command_line_user
        from terreau.indicators.services import indicator_create

        indicator_create(slug="chomage", label="Taux de chômage des 15-64 ans",
                         formula="taux(chomeurs, actifs)", unit="%", user=command_line_user())
        engine, numpy_time, level, size = time_compute(args.repeats)
        api_ms, static_ms, payload = serve(args.requests)

    compute_ratio, serve_ratio = engine / numpy_time, api_ms / static_ms
    print(f"(a) Calcul de taux(chomeurs, actifs) sur {size} zones :")
    print(f"    moteur (arbre de la formule + raisons) : {engine * 1e6:.0f} µs")
    print(f"    numpy écrit à la main (même règle ÷0)  : {numpy_time * 1e6:.0f} µs")
    print(f"    rapport : {compute_ratio:.2f} (objectif ≤ {COMPUTE_GOAL:g} : "
          f"{'atteint' if compute_ratio <= COMPUTE_GOAL else 'NON atteint'})")
    print(f"    niveau complet (lecture, alignement, départements, régions, sélection) : "
          f"{level * 1000:.0f} ms (sans cache)")
    print(f"(b) Valeurs par l'API, en cache : médiane {api_ms:.1f} ms sur {args.requests} "
          f"requêtes ; fichier statique des mêmes octets : {static_ms:.1f} ms")
    print(f"    rapport : {serve_ratio:.2f} (objectif ≤ {SERVE_GOAL:g} : "
          f"{'atteint' if serve_ratio <= SERVE_GOAL else 'NON atteint'}) ; "
          f"corps JSON : {payload / 1e6:.2f} Mo")
    return 0


def serve(requests: int) -> tuple[float, float, int]:
    """Time the cached values endpoint against a static file of its bytes (real server)."""
    from django.templatetags.static import static

    from terreau.indicators.management.operator import command_line_user
    from terreau.indicators.models import Indicator
    from terreau.indicators.queries import indicator_values_json

    url = "/api/v1/indicateurs/chomage/valeurs"
    # The same bytes as the endpoint's, written before the server starts (whitenoise lists
    # static files at start-up). The server computes and caches on its first request.
    body, _ = indicator_values_json(Indicator.objects.get(slug="chomage"), level="commune",
                                    user=command_line_user())
    write_static(STATIC_NAME, body)
    cookie = session_cookie()
    with running_server() as (server, port):
        headers = {"Cookie": cookie}
        (api_ms, api_body), (static_ms, static_body) = time_interleaved(
            port, [url, static(STATIC_NAME)], headers, requests)
        assert api_body == static_body == body, "les deux réponses diffèrent"
        print(f"Serveur waitress (pid {server.pid}) : {memory(server.pid)}")
    return api_ms, static_ms, len(body)


if __name__ == "__main__":
    sys.exit(main())
