"""zones_import: real files in, zones and their hierarchy out — or nothing at all."""

import json

import pytest
import shapely

from terreau.territory import services
from terreau.territory.models import Zone, ZoneLayerCache
from terreau.territory.services import ZoneImportError, zones_import

pytestmark = pytest.mark.django_db

BAD_INPUTS = ["not_geographic", "truncated", "empty", "points", "lines", "no_code", "duplicate",
              "metres_without_crs"]


def import_departements_and_region(geo):
    zones_import(path=geo / "departements-centre-val-de-loire.geojson", level="departement")
    return zones_import(path=geo / "region-centre-val-de-loire.geojson", level="region")


@pytest.mark.parametrize("kind", ["shp", "zip", "gpkg"])
def test_a_lambert93_file_is_imported_in_wgs84(lambert93, kind):
    """Tours' stored contour, read back from the database, is centred near 0.69 E, 47.39 N."""
    report = zones_import(path=lambert93[kind], level="commune", vintage=2018)
    assert (report.count, report.created, report.updated) == (272, 272, 0)
    assert report.source_crs == "EPSG:2154"
    tours = Zone.objects.get(level="commune", code="37261")
    centroid = shapely.from_wkb(bytes(tours.geometry)).centroid
    assert (centroid.x, centroid.y) == pytest.approx((0.69, 47.39), abs=0.02)
    assert tours.name == "Tours" and tours.vintage == 2018
    assert tours.area_km2 == pytest.approx(34.7, rel=0.05)  # INSEE: 34.36 km²
    assert json.loads(tours.display)["type"] == "Polygon"


def test_the_report_lists_the_repaired_zones(communes_37, tmp_path):
    collection = json.loads(communes_37.read_text(encoding="utf-8"))
    tours = next(f for f in collection["features"] if f["properties"]["code"] == "37261")
    x0, y0, x1, y1 = shapely.bounds(shapely.geometry.shape(tours["geometry"]))
    tours["geometry"] = {"type": "Polygon",
                         "coordinates": [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]]}
    path = tmp_path / "tours-noeud-papillon.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    report = zones_import(path=path, level="commune")
    assert report.repaired == ["37261"]
    assert "1 contour(s) invalide(s) réparé(s) : 37261" in report.lines()
    stored = shapely.from_wkb(bytes(Zone.objects.get(code="37261").geometry))
    assert stored.is_valid


def test_iris_codes_give_their_commune_and_its_departement(geo, communes_37, tmp_path):
    """Tours cut in two halves, coded 372610101 and 372610102, imported as IRIS."""
    import_departements_and_region(geo)
    zones_import(path=communes_37, level="commune")
    collection = json.loads(communes_37.read_text(encoding="utf-8"))
    tours = shapely.geometry.shape(
        next(f for f in collection["features"] if f["properties"]["code"] == "37261")["geometry"])
    x0, y0, x1, y1 = tours.bounds
    middle = (x0 + x1) / 2
    halves = [tours.intersection(shapely.box(x0, y0, middle, y1)),
              tours.intersection(shapely.box(middle, y0, x1, y1))]
    path = tmp_path / "iris-tours-test.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"CODE_IRIS": f"37261010{i + 1}", "NOM_IRIS": name,
                                           "NOM_COM": "Tours"},
         "geometry": shapely.geometry.mapping(half)}
        for i, (name, half) in enumerate(zip(["Tours ouest", "Tours est"], halves, strict=True))
    ]}), encoding="utf-8")

    report = zones_import(path=path, level="iris")
    assert (report.code_field, report.name_field) == ("CODE_IRIS", "NOM_IRIS")
    assert report.without_parent == []
    iris = Zone.objects.get(level="iris", code="372610101")
    assert iris.name == "Tours ouest"
    assert [(z.level, z.code) for z in iris.ancestors()] == [
        ("commune", "37261"), ("departement", "37"), ("region", "24")]


def test_departements_find_their_region_by_containment(geo):
    """Département codes do not tell their région: their contours do."""
    zones_import(path=geo / "region-centre-val-de-loire.geojson", level="region")
    report = zones_import(path=geo / "departements-centre-val-de-loire.geojson",
                          level="departement")
    assert report.without_parent == []
    assert set(Zone.objects.filter(level="departement").values_list("parent__code", flat=True)) \
        == {"24"}


def test_importing_departements_after_communes_links_the_communes(geo, communes_37):
    first = zones_import(path=communes_37, level="commune")
    assert len(first.without_parent) == 272
    report = import_departements_and_region(geo)
    assert report.children_linked == 6  # the région adopted the 6 départements
    departements = Zone.objects.get(level="departement", code="37")
    assert departements.children.count() == 272
    assert Zone.objects.get(code="37261").ancestors()[-1].code == "24"


def test_importing_a_level_again_updates_it_and_leaves_other_levels_alone(
        geo, communes_37, tmp_path, zone_state):
    import_departements_and_region(geo)
    zones_import(path=communes_37, level="commune", vintage=2018)
    upper = list(Zone.objects.exclude(level="commune").order_by("pk").values())
    ZoneLayerCache.objects.create(level="commune", content_gz=b"", etag="ancien")
    collection = json.loads(communes_37.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["properties"]["code"] == "37261":
            feature["properties"]["nom"] = "Tours (nom changé pour le test)"
    path = tmp_path / "communes-37-v2.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")

    report = zones_import(path=path, level="commune", vintage=2024)
    assert (report.created, report.updated) == (0, 272)
    assert Zone.objects.filter(level="commune").count() == 272
    assert Zone.objects.get(code="37261").name == "Tours (nom changé pour le test)"
    assert set(Zone.objects.filter(level="commune").values_list("vintage", flat=True)) == {2024}
    assert list(Zone.objects.exclude(level="commune").order_by("pk").values()) == upper
    assert not ZoneLayerCache.objects.exists()  # the map layers will be rebuilt


@pytest.mark.parametrize("bad", BAD_INPUTS)
def test_a_bad_file_is_refused_with_a_french_message_and_changes_nothing(
        geo, communes_37, bad_files, bad, zone_state):
    import_departements_and_region(geo)
    zones_import(path=communes_37, level="commune")
    before = zone_state()
    path, fragment = bad_files[bad]
    with pytest.raises(ZoneImportError) as error:
        zones_import(path=path, level="commune", vintage=2024)
    assert fragment in str(error.value)
    assert zone_state() == before


def test_a_failure_while_writing_rolls_everything_back(geo, communes_37, monkeypatch, zone_state):
    """Even past the checks, an error in the last step leaves the zones as they were."""
    import_departements_and_region(geo)
    before = zone_state()

    def broken(level):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(services, "link_children", broken)
    with pytest.raises(RuntimeError):
        zones_import(path=communes_37, level="commune")
    assert zone_state() == before


def test_progress_is_reported_in_french_up_to_the_end(communes_37):
    steps = []
    zones_import(path=communes_37, level="commune",
                 progress=lambda percent, label: steps.append((percent, label)))
    assert [p for p, _ in steps] == sorted(p for p, _ in steps)
    assert steps[0] == (5, "Lecture du fichier") and steps[-1] == (100, "Import terminé")


def test_an_unknown_level_is_refused():
    with pytest.raises(ZoneImportError, match="Niveau inconnu"):
        zones_import(path="nimporte.geojson", level="canton")
