"""Gap map of the ~35,000 communes of France against 20,000 services, vs a bare STRtree query.

Zones: the communes of France (COG 2018, `geo/communes-france-2018.geojson.gz`), each at its
representative point, with a seeded random need. Services: 20,000 generated around the real
ones — the real positions of Centre-Val de Loire's France services and employment agencies
(`services/real/`), their offsets from the region's centre shrunk and planted around random
communes of France, with a seeded jitter; eligibility as real directories mix it (none, the
département, a few communes, a commune and its département, the whole country).

Times, best of `--runs` in the same run: `gap.gap_compute` (projection, eligibility counts,
services without eligibility within reach, nearest service and its distance,
terciles, ranking) against the same nearest-neighbour query done directly with shapely:
project both sets to Lambert-93 with pyproj, build the STRtree,
`query_nearest(return_distance=True)`. **Goal: ratio ≤ 2 ×.** It also prints the time with
the table written out (`GapTable.rows`: one French sentence of reasons per zone).
"""

import csv
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np
import pyproj
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import COMMUNES, argument_parser, best_time  # noqa: E402
from terreau.directory.gap import GapServices, GapZones, gap_compute  # noqa: E402

GOAL = 2.0
FRANCE_SERVICES = "services/real/france-services/liste-fs-20240801-centre-val-de-loire.csv"
EMPLOI = "services/real/emploi/pole-emploi-agences-2019-centre-val-de-loire.csv"
SHRINK = 0.15  # the region's pattern, shrunk around each anchor commune
JITTER = 0.01  # degrees (about 1 km)


def communes(data: Path) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    with gzip.open(data / COMMUNES, "rt", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    shapes = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
    points = shapely.point_on_surface(shapes)
    return ([f["properties"]["code"] for f in features],
            [f["properties"]["nom"] for f in features],
            shapely.get_x(points), shapely.get_y(points))


def real_positions(data: Path) -> np.ndarray:
    """(lon, lat) of the real France services and employment agencies of the region."""
    points = []
    with open(data / FRANCE_SERVICES, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["longitude"] and row["latitude"]:
                points.append((float(row["longitude"]), float(row["latitude"])))
    with open(data / EMPLOI, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lon, lat = (row[k].replace(",", ".") for k in ("DN_LONGITUDE", "DN_LATITUDE"))
            if lon and lat:
                points.append((float(lon), float(lat)))
    return np.array(points)


def departement(code: str) -> str:
    return code[:3] if code.startswith("97") else code[:2]


def services_make(real: np.ndarray, codes: list[str], lon: np.ndarray, lat: np.ndarray,
                  n: int, rng: np.random.Generator) -> GapServices:
    centre = real.mean(axis=0)
    picked = real[rng.integers(0, len(real), n)]
    anchors = rng.integers(0, len(codes), n)
    x = lon[anchors] + (picked[:, 0] - centre[0]) * SHRINK + rng.normal(0, JITTER, n)
    y = lat[anchors] + (picked[:, 1] - centre[1]) * SHRINK + rng.normal(0, JITTER, n)
    kinds = rng.choice(5, n, p=[0.45, 0.15, 0.3, 0.08, 0.02])
    eligibility = []
    for anchor, kind in zip(anchors, kinds, strict=True):
        code = codes[anchor]
        if kind == 0:
            eligibility.append([])
        elif kind == 1:
            eligibility.append([departement(code)])
        elif kind == 2:
            near = np.clip(anchor + rng.integers(-5, 6, rng.integers(1, 5)), 0, len(codes) - 1)
            eligibility.append(sorted({codes[i] for i in near} | {code}))
        elif kind == 3:
            eligibility.append([code, departement(code)])
        else:
            eligibility.append(["france"])
    return GapServices(x, y, eligibility)


def baseline(zones: GapZones, services: GapServices):
    """The bare nearest-neighbour query: projection, STRtree, query_nearest."""
    to_lambert = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    zx, zy = to_lambert.transform(zones.lon, zones.lat)
    sx, sy = to_lambert.transform(services.lon, services.lat)
    tree = shapely.STRtree(shapely.points(sx, sy))
    return tree.query_nearest(shapely.points(zx, zy), return_distance=True)


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    rng = np.random.default_rng(20261205)
    started = time.perf_counter()
    codes, names, lon, lat = communes(args.data)
    services = services_make(real_positions(args.data), codes, lon, lat, args.services, rng)
    zones = GapZones(codes, names, lon, lat, codes, [departement(c) for c in codes],
                     [""] * len(codes), rng.gamma(4, 3, len(codes)))
    print(f"{len(codes)} communes, {len(services)} services générés autour de "
          f"{len(real_positions(args.data))} positions réelles "
          f"(préparation {time.perf_counter() - started:.1f} s)")
    bare, found = best_time(lambda: baseline(zones, services), args.runs)
    gap, table = best_time(lambda: gap_compute(zones, services, unit="%"), args.runs)
    full, table = best_time(lambda: gap_compute(zones, services, unit="%").rows, args.runs)
    table = gap_compute(zones, services, unit="%")
    # The same nearest services as the bare query, and distances within Lambert-93's scale
    # error of the geodesic ones (pyproj.Geod on the WGS84 ellipsoid).
    zone_i, service_i = found[0]
    assert np.allclose(table.nearest_km[zone_i], found[1] / 1000)
    _, _, metres = pyproj.Geod(ellps="WGS84").inv(lon[zone_i], lat[zone_i],
                                                  services.lon[service_i],
                                                  services.lat[service_i])
    error = np.abs(table.nearest_km[zone_i] - metres / 1000) / np.maximum(metres / 1000, 1e-9)
    gaps = len(table.gaps)
    print(f"STRtree seul (projection + arbre + query_nearest) : {bare * 1000:.0f} ms")
    print(f"gap_compute (projection, éligibilité, services sans éligibilité à portée, plus "
          f"proche, tiers, rang) : {gap * 1000:.0f} ms")
    print(f"… et le tableau avec les raisons en français des {len(codes)} zones : "
          f"{full * 1000:.0f} ms ; {gaps} commune(s) au besoin fort sans réponse")
    print(f"distances Lambert-93 / géodésiques : écart médian {np.median(error) * 100:.3f} %, "
          f"maximal {error.max() * 100:.3f} %")
    ratio, with_rows = gap / bare, full / bare
    verdict = "atteint" if ratio <= GOAL else "NON atteint"
    print(f"Rapport calcul : {ratio:.2f} × (objectif ≤ {GOAL:g} ×) : {verdict} ; "
          f"avec le tableau rédigé : {with_rows:.2f} ×")

if __name__ == "__main__":
    main()
