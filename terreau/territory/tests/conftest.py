"""Fixtures of the territory tests: real contour files, and files made from them at test time.

Every file here is the real Indre-et-Loire communes file (IGN/INSEE, see MANIFEST.md) or is
derived from it while the tests run (reprojected, zipped, cut, truncated...): nothing is
invented. `zone_state()` fingerprints the zone table to check that a failed import left it
exactly as it was.
"""

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.core import testing

COMMUNES_37 = "communes-37-indre-et-loire.geojson"
SHAPEFILE_PARTS = ("shp", "shx", "dbf", "prj", "cpg")
TASKS_IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session")
def geo(data_dir) -> Path:
    return data_dir / "geo"


@pytest.fixture(scope="session")
def communes_37(geo) -> Path:
    """The 272 communes of Indre-et-Loire, WGS84 GeoJSON with fields code and nom."""
    return geo / COMMUNES_37


@pytest.fixture(scope="session")
def lambert93(tmp_path_factory, communes_37) -> dict[str, Path]:
    """The same communes reprojected to Lambert-93: Shapefile, zipped Shapefile, GeoPackage,
    and a Shapefile whose .prj was removed (coordinates in metres, no declared CRS)."""
    import geopandas

    folder = tmp_path_factory.mktemp("lambert93")
    frame = geopandas.read_file(communes_37).to_crs("EPSG:2154")
    frame.to_file(folder / "communes37.shp", driver="ESRI Shapefile", encoding="UTF-8")
    frame.to_file(folder / "communes37.gpkg", driver="GPKG")
    with zipfile.ZipFile(folder / "communes37-shp.zip", "w") as archive:
        for ext in SHAPEFILE_PARTS:  # in a folder, as archives from IGN usually are
            archive.write(folder / f"communes37.{ext}", f"COMMUNES_37/communes37.{ext}")
    noprj = folder / "sans-prj"
    noprj.mkdir()
    for ext in ("shp", "shx", "dbf", "cpg"):
        shutil.copy(folder / f"communes37.{ext}", noprj / f"communes37.{ext}")
    return {"shp": folder / "communes37.shp", "zip": folder / "communes37-shp.zip",
            "gpkg": folder / "communes37.gpkg", "noprj": noprj / "communes37.shp"}


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory, data_dir, communes_37, lambert93) -> dict[str, tuple[Path, str]]:
    """Each bad input, as (file, a part of the French message that must name the fault)."""
    import geopandas

    folder = tmp_path_factory.mktemp("bad")
    text = communes_37.read_text(encoding="utf-8")
    collection = json.loads(text)
    names = {f["properties"]["code"]: f["properties"]["nom"] for f in collection["features"]}
    assert len(names) == 272

    def write(name: str, data) -> Path:
        path = folder / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return path

    # A feature with no code: the 4th; two features with the same code: the 6th copies the 3rd.
    no_code = json.loads(text)
    no_code["features"][3]["properties"]["code"] = None
    twice = json.loads(text)
    twice["features"][5]["properties"]["code"] = twice["features"][2]["properties"]["code"]
    duplicated = twice["features"][2]["properties"]["code"]
    frame = geopandas.read_file(communes_37)
    points, lines = frame.copy(), frame.copy()
    points["geometry"] = frame.representative_point()  # a point inside each commune
    lines["geometry"] = frame.boundary  # the outline of each commune, as a line
    points.to_file(folder / "centres-communes.geojson", driver="GeoJSON")
    lines.to_file(folder / "limites-communes.geojson", driver="GeoJSON")
    csv = data_dir / "stats" / "populations-legales-2021-communes-centre-val-de-loire.csv"
    return {
        "not_geographic": (csv, "n'est pas un fichier géographique"),
        "truncated": (write("communes-tronque.geojson", text[:20000]),
                      "mal formé : erreur ligne 1, colonne "),
        "empty": (write("vide.geojson", {"type": "FeatureCollection", "features": []}),
                  "ne contient aucune zone"),
        "points": (folder / "centres-communes.geojson", "est un point"),
        "lines": (folder / "limites-communes.geojson", "est une ligne"),
        "no_code": (write("sans-code.geojson", no_code), "entité n°4"),
        "duplicate": (write("doublon.geojson", twice), f"Le code {duplicated} apparaît deux fois"),
        "metres_without_crs": (lambert93["noprj"], "--crs EPSG:2154"),
    }


def zone_rows_fingerprint() -> tuple[int, str]:
    """Return the number of zones and a checksum of every column of every zone row."""
    from terreau.territory.models import Zone

    digest = hashlib.sha256()
    rows = Zone.objects.order_by("pk").values_list(
        "pk", "level", "code", "name", "parent_id", "vintage", "geometry", "display", "area_km2",
        "min_lon", "min_lat", "max_lon", "max_lat", "source", "updated_at")
    count = 0
    for row in rows:
        digest.update(repr([bytes(v) if isinstance(v, memoryview) else v for v in row]).encode())
        count += 1
    return count, digest.hexdigest()


@pytest.fixture
def zone_state():
    return zone_rows_fingerprint


@pytest.fixture
def import_settings(settings, tmp_path):
    """Uploads kept in a temporary folder; background tasks run at once."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = TASKS_IMMEDIATE
    return settings


def user_with_role(username: str, role: str):
    user = testing.user_create(username)
    group, _ = TerritorialGroup.objects.get_or_create(slug="tours", name="Tours — insertion")
    Membership.objects.create(user=user, group=group, role=role)
    return user


@pytest.fixture
def steward(db):
    """A user whose role is "structuration des données" (may import zones)."""
    return user_with_role("dominique", "steward")


@pytest.fixture
def steward_client(client, steward, import_settings):
    client.force_login(steward)
    return client


from terreau.core.tests.fixtures import closed_url, run_cli  # noqa: E402, F401  (the `terreau` command)
