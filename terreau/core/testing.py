"""Test helpers shared by Terreau's apps: where the real data is, zones loaded from it, users,
signing in through a browser.

`load_zones_from_geojson` fills Zone rows the way the zone importer does (WKB contour, display
GeoJSON, bounding box, area, parent, search name), with json + shapely only: it keeps tests
independent of the importer and fast. The display geometry is the file's own geometry (these
files are already simplified) unless a Visvalingam tolerance is given.
"""

import base64
import csv
import gzip
import json
import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mot-de-passe-de-test-1"


def shared_data_dir() -> Path:
    """Return the folder of real open data (TERREAU_TEST_DATA, default ../shared/data)."""
    return Path(os.environ.get("TERREAU_TEST_DATA", REPO_ROOT.parent / "shared" / "data"))


@lru_cache(maxsize=8)
def _read_features(path: str) -> tuple[dict, ...]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    return tuple(data["features"] if data.get("type") == "FeatureCollection" else [data])


def default_parent_code(level: str, code: str) -> tuple[str, str] | None:
    """Return the (level, code) of the parent told by an INSEE code, when the code tells it."""
    if level == "commune":
        return ("departement", code[:3] if code.startswith("97") else code[:2])
    if level == "iris":
        return ("commune", code[:5])
    return None


def _display_texts(geometries: np.ndarray, features: list[dict], tolerance: float | None,
                   precision: int) -> list[str]:
    if tolerance is None:
        return [json.dumps(f["geometry"], separators=(",", ":")) for f in features]
    to_l93 = Transformer.from_crs(4326, 2154, always_xy=True)
    to_wgs = Transformer.from_crs(2154, 4326, always_xy=True)
    projected = shapely.transform(geometries, lambda xy: np.column_stack(to_l93.transform(*xy.T)))
    simple = shapely.coverage_simplify(projected, tolerance)
    back = shapely.transform(simple, lambda xy: np.column_stack(to_wgs.transform(*xy.T)))
    back = shapely.set_precision(back, 10 ** -precision)
    return list(shapely.to_geojson(back))


@lru_cache(maxsize=16)
def _zone_fields(path: str, tolerance: float | None, precision: int) -> tuple[dict, ...]:
    """Compute once per file what each Zone row needs (tests load the same files again)."""
    features = _read_features(path)
    geometries = shapely.make_valid(
        np.array([shapely.geometry.shape(f["geometry"]) for f in features]))
    to_l93 = Transformer.from_crs(4326, 2154, always_xy=True)
    areas = shapely.area(shapely.transform(
        geometries, lambda xy: np.column_stack(to_l93.transform(*xy.T)))) / 1e6
    bounds, wkb = shapely.bounds(geometries), shapely.to_wkb(geometries)
    display = _display_texts(geometries, list(features), tolerance, precision)
    return tuple(
        {"code": str(f["properties"]["code"]), "name": f["properties"]["nom"], "geometry": wkb[i],
         "display": display[i], "area_km2": float(areas[i]), "min_lon": bounds[i, 0],
         "min_lat": bounds[i, 1], "max_lon": bounds[i, 2], "max_lat": bounds[i, 3]}
        for i, f in enumerate(features)
    )


def load_zones_from_geojson(
    path: str | Path,
    level: str,
    *,
    parent_code: Callable[[str], tuple[str, str] | None] | None = None,
    codes: Iterable[str] | None = None,
    vintage: int | None = 2018,
    tolerance: float | None = None,
    precision: int = 5,
    batch_size: int = 2000,
) -> int:
    """Create zones of `level` from a GeoJSON file (properties `code`, `nom`); return the count.

    `codes` keeps only some features; `parent_code(code)` names each parent (default: from the
    INSEE code); `tolerance` (m², Lambert-93) simplifies the display version with
    coverage_simplify instead of reusing the file's geometry.
    """
    from terreau.territory.geometry import normalize_search
    from terreau.territory.models import Zone

    wanted = set(codes) if codes is not None else None
    rows = [row for row in _zone_fields(str(path), tolerance, precision)
            if wanted is None or row["code"] in wanted]
    find_parent = parent_code or (lambda code: default_parent_code(level, code))
    parent_keys = {find_parent(row["code"]) for row in rows} - {None}
    parents = {(z.level, z.code): z.pk for z in Zone.objects.filter(
        level__in={lv for lv, _ in parent_keys}, code__in={c for _, c in parent_keys})}
    Zone.objects.bulk_create([
        Zone(level=level, search_name=normalize_search(row["name"]),
             parent_id=parents.get(find_parent(row["code"])), vintage=vintage,
             source=Path(path).name, **row)
        for row in rows
    ], batch_size=batch_size)
    return len(rows)


def load_iris_list(commune_codes: Iterable[str], data_dir: Path | None = None) -> int:
    """Create the IRIS of some communes from INSEE's list: codes and names, no contour."""
    from terreau.territory.geometry import normalize_search
    from terreau.territory.models import Zone

    path = (data_dir or shared_data_dir()) / "cog" / "iris-2023-centre-val-de-loire.csv"
    wanted = set(commune_codes)
    communes = dict(Zone.objects.filter(level="commune", code__in=wanted)
                    .values_list("code", "pk"))
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter=";") if row["DEPCOM"] in wanted]
    Zone.objects.bulk_create([
        Zone(level="iris", code=row["CODE_IRIS"], name=row["LIB_IRIS"],
             search_name=normalize_search(row["LIB_IRIS"]), parent_id=communes.get(row["DEPCOM"]),
             vintage=2023, source=path.name)
        for row in rows
    ])
    return len(rows)


def load_centre_val_de_loire(data_dir: Path | None = None, *, communes_file: str =
                             "communes-37-indre-et-loire.geojson", iris_of: Iterable[str] =
                             ("37261",)) -> None:
    """Load région 24, its 6 départements, the communes of a file and IRIS (without contours)."""
    geo = (data_dir or shared_data_dir()) / "geo"
    load_zones_from_geojson(geo / "region-centre-val-de-loire.geojson", "region")
    load_zones_from_geojson(geo / "departements-centre-val-de-loire.geojson", "departement",
                            parent_code=lambda code: ("region", "24"))
    load_zones_from_geojson(geo / communes_file, "commune")
    load_iris_list(iris_of, data_dir)


def user_create(username: str = "camille", *, password: str | None = PASSWORD, **fields):
    """Create an ordinary signed-up user (no special permission).

    password=None skips the (deliberately slow) hashing, for users signed in by force_login.
    """
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username=username, password=password, **fields)


def browser_sign_in(page, base_url: str, username: str) -> None:
    """Sign `username` (password PASSWORD) in through the login form of a Playwright page."""
    page.goto(f"{base_url}/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base_url}/")


def map_screen_point(page, lng_lat) -> tuple[float, float]:
    """Return the page coordinates of a longitude/latitude on the page's map (window.terreauMap),
    so that a browser test can point at or click a real zone."""
    x, y = page.evaluate("""([lng, lat]) => {
      const map = window.terreauMap, p = map.project([lng, lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return [box.left + p.x, box.top + p.y];
    }""", list(lng_lat))
    return x, y


# The colours covering at least `min` pixels of a screenshot, read back through a 2D canvas (a
# WebGL canvas cannot be read back; a screenshot of it can). See ../shared/TESTING.md.
_FREQUENT_COLOURS = """async ([data, min]) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  const counts = new Map();
  for (let i = 0; i < pixels.length; i += 4) {
    const key = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= min)
    .map(([key]) => [key >> 16, (key >> 8) & 255, key & 255]);
}"""


def frequent_colours(page, locator, min_pixels: int = 200) -> list[list[int]]:
    """The [r, g, b] colours covering at least `min_pixels` of `locator`'s screenshot: to check
    that a map really drew its classes."""
    png = locator.screenshot()
    return page.evaluate(_FREQUENT_COLOURS, [base64.b64encode(png).decode(), min_pixels])
