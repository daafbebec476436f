"""The functional core of the zone import (geometry.py), on real contour files."""

import json
import re

import numpy as np
import pytest
import shapely

from terreau.territory import geometry
from terreau.territory.geometry import GeometryFileError

TOURS = "37261"
TOURS_LON_LAT = (0.69, 47.39)  # the centroid of the commune of Tours, within 0.02°


def tours_centroid(table: geometry.ZoneTable) -> tuple[float, float]:
    (i,) = np.flatnonzero(table.codes == TOURS)
    centroid = table.geometries[i].centroid
    return centroid.x, centroid.y


def test_usual_code_and_name_fields_are_detected_in_real_files(geo):
    """`code`/`nom` in the IGN files; `insee_com`/`lib_com` in the ANCT file of QPV communes."""
    info = geometry.inspect_file(geo / "communes-37-indre-et-loire.geojson", "commune")
    assert (info.code_field, info.name_field) == ("code", "nom")
    assert info.feature_count == 272 and info.geometry_type == "Polygon"
    assert info.crs == "EPSG:4326"
    anct = geometry.inspect_file(geo / "qpv" / "communes-avec-qpv-2024-anct.geojson", "commune")
    assert anct.fields == ["insee_com", "lib_com", "code_qp", "lib_qp"]
    assert (anct.code_field, anct.name_field) == ("insee_com", "lib_com")


def test_an_iris_file_names_its_zones_with_the_iris_names_not_the_commune_names():
    """CONTOURS-IRIS (IGN) holds NOM_COM beside NOM_IRIS: the IRIS level takes NOM_IRIS."""
    fields = ["INSEE_COM", "NOM_COM", "IRIS", "CODE_IRIS", "NOM_IRIS", "TYP_IRIS"]
    assert geometry.detect_fields(fields, "iris") == ("CODE_IRIS", "NOM_IRIS")
    assert geometry.detect_fields(fields, "commune") == ("INSEE_COM", "NOM_COM")


def test_leading_zeros_lost_by_integer_codes_are_restored(geo, tmp_path):
    """Départements 01…09 stored as integers 1…9 (as spreadsheets do) come back as "01"…"09"."""
    import geopandas

    frame = geopandas.read_file(geo / "departements-france-2018-simplifie.geojson")
    frame = frame[~frame["code"].isin(["2A", "2B"])].copy()
    frame["code"] = frame["code"].astype(int)
    frame.to_file(tmp_path / "departements.gpkg", driver="GPKG")
    assert geometry.inspect_file(tmp_path / "departements.gpkg").fields == ["code", "nom"]

    table = geometry.read_zones(tmp_path / "departements.gpkg", level="departement")
    assert len(table.codes) == 94
    assert {"01", "05", "09", "37", "95"} <= set(table.codes)
    assert dict(zip(table.codes, table.names, strict=True))["01"] == "Ain"
    assert geometry.normalize_codes(np.array([1001, 37261.0, "2A004"], dtype=object),
                                    "commune").tolist() == ["01001", "37261", "2A004"]


@pytest.mark.parametrize("kind", ["shp", "zip", "gpkg"])
def test_lambert93_files_are_reprojected_to_wgs84(lambert93, kind):
    """A Shapefile (plain or zipped in a folder) or a GeoPackage in Lambert-93 lands in place."""
    table = geometry.read_zones(lambert93[kind], level="commune")
    assert table.source_crs == "EPSG:2154"
    assert len(table.codes) == 272
    lon, lat = tours_centroid(table)
    assert lon == pytest.approx(TOURS_LON_LAT[0], abs=0.02)
    assert lat == pytest.approx(TOURS_LON_LAT[1], abs=0.02)


def test_coordinates_in_metres_without_crs_are_refused_with_the_lambert93_hint(lambert93):
    with pytest.raises(GeometryFileError) as error:
        geometry.read_zones(lambert93["noprj"], level="commune")
    message = str(error.value)
    assert "en mètres" in message and "Lambert-93 (EPSG:2154)" in message
    assert "--crs EPSG:2154" in message
    table = geometry.read_zones(lambert93["noprj"], level="commune", crs="EPSG:2154")
    assert tours_centroid(table) == pytest.approx(TOURS_LON_LAT, abs=0.02)


def test_a_bow_tie_contour_is_repaired_and_named(communes_37, tmp_path):
    """Tours given a self-crossing contour (a bow tie over its own bounding box) is repaired."""
    collection = json.loads(communes_37.read_text(encoding="utf-8"))
    tours = next(f for f in collection["features"] if f["properties"]["code"] == TOURS)
    x0, y0, x1, y1 = shapely.bounds(shapely.geometry.shape(tours["geometry"]))
    tours["geometry"] = {"type": "Polygon",
                         "coordinates": [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]]}
    path = tmp_path / "tours-noeud-papillon.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")

    table = geometry.read_zones(path, level="commune")
    assert table.repaired == [TOURS]
    repaired = table.geometries[list(table.codes).index(TOURS)]
    assert repaired.is_valid and repaired.geom_type == "MultiPolygon"
    assert len(repaired.geoms) == 2  # the two triangles of the bow tie
    assert shapely.is_valid(table.geometries).all()


def test_display_versions_keep_shared_borders_without_gaps(communes_37):
    """The 272 simplified communes still form a coverage: no overlap, no gap, half the points."""
    table = geometry.read_zones(communes_37, level="commune")
    display = geometry.display_versions(table.geometries)
    assert shapely.coverage_is_valid(display)
    assert shapely.is_valid(display).all()
    original_area = shapely.union_all(table.geometries).area
    assert shapely.union_all(display).area == pytest.approx(original_area, rel=0.01)
    assert shapely.get_num_coordinates(display).sum() < 0.6 * shapely.get_num_coordinates(
        table.geometries).sum()


def test_codes_tell_the_parent_of_iris_and_communes():
    assert geometry.parent_code_from_code("iris", "372610101") == ("commune", "37261")
    assert geometry.parent_code_from_code("commune", "37261") == ("departement", "37")
    assert geometry.parent_code_from_code("commune", "2A004") == ("departement", "2A")
    assert geometry.parent_code_from_code("commune", "97411") == ("departement", "974")
    assert geometry.parent_code_from_code("departement", "37") is None  # codes do not tell


def test_containment_finds_the_region_of_each_departement(geo):
    departements = geometry.read_zones(geo / "departements-centre-val-de-loire.geojson",
                                       level="departement")
    region = geometry.read_zones(geo / "region-centre-val-de-loire.geojson", level="region")
    assert region.codes.tolist() == ["24"]  # a single Feature, not a FeatureCollection
    found = geometry.containing_zone(departements.geometries, region.geometries)
    assert found.tolist() == [0] * 6
    outside = geometry.read_zones(geo / "communes-41-loir-et-cher.geojson", level="commune")
    in_37 = geometry.containing_zone(
        outside.geometries, departements.geometries[departements.codes == "37"])
    assert (in_37 == -1).sum() > 250  # Loir-et-Cher is not in Indre-et-Loire (a few border slivers)


def test_the_preview_reads_only_the_first_features_in_wgs84(lambert93, geo):
    preview = geometry.preview_features(lambert93["zip"], 10, code_field="code",
                                        name_field="nom")
    assert len(preview["features"]) == 10
    first = preview["features"][0]
    assert first["properties"] == {"code": "37003", "nom": "Amboise"}
    assert first["geometry"]["type"] == "Polygon"
    x0, y0, x1, y1 = preview["bbox"]
    assert 0 < x0 < x1 < 1.5 and 47 < y0 < y1 < 48
    france = geometry.preview_features(geo / "communes-france-2018.geojson.gz", 50,
                                       code_field="code", name_field="nom")
    assert len(france["features"]) == 50


def test_a_table_of_statistics_is_not_taken_for_contours(data_dir):
    csv = data_dir / "stats" / "populations-legales-2021-communes-centre-val-de-loire.csv"
    with pytest.raises(GeometryFileError, match="n'est pas un fichier géographique"):
        geometry.inspect_file(csv)
    with pytest.raises(GeometryFileError, match=r"c'est un tableau \(1757 lignes\)"):
        geometry.read_zones(csv, level="commune")
    with pytest.raises(GeometryFileError, match="n'est pas un fichier géographique"):
        geometry.preview_features(csv)


def test_truncated_json_is_reported_with_its_line_and_column(bad_files):
    """The first 20,000 characters of the one-line communes file: the error is at their end."""
    path, _ = bad_files["truncated"]
    with pytest.raises(GeometryFileError) as error:
        geometry.read_zones(path, level="commune")
    position = re.search(r"erreur ligne (\d+), colonne (\d+)", str(error.value))
    assert position and position[1] == "1" and 19_950 <= int(position[2]) <= 20_001
    assert "tronqué" in str(error.value)


def test_a_shapefile_sent_without_its_cpg_keeps_its_accents(lambert93, tmp_path):
    """Without .cpg GDAL reads the UTF-8 names as Latin-1 ("ChouzÃ©"): they are mended."""
    import shutil

    for ext in ("shp", "shx", "dbf", "prj"):
        shutil.copy(lambert93["shp"].with_suffix(f".{ext}"), tmp_path / f"communes37.{ext}")
    table = geometry.read_zones(tmp_path / "communes37.shp", level="commune")
    names = dict(zip(table.codes, table.names, strict=True))
    assert (names["37074"], names["37236"]) == ("Chouzé-sur-Loire", "Saint-Règle")
    preview = geometry.preview_features(tmp_path / "communes37.shp", 2, code_field="code",
                                        name_field="nom")
    assert preview["features"][1]["properties"]["nom"] == "Chouzé-sur-Loire"
