"""Read, check and prepare zone contours. Plain functions on numpy arrays of shapely geometries.

No Django here: `services.zones_import` is the shell that stores what these functions make.
Every error a user can cause raises `GeometryFileError` with a French message that names the
feature, the code or the line at fault.
"""

import contextlib
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from unidecode import unidecode

WGS84 = "EPSG:4326"

# Field names that usually hold a zone's code or name, most specific first (compared lower-case).
CODE_FIELDS = {
    "iris": ["code_iris", "iris", "codgeo", "dcomiris", "code"],
    "commune": ["insee_com", "code_insee", "insee", "codgeo", "depcom", "com", "code_com", "code"],
    "departement": ["insee_dep", "code_dep", "dep", "code_insee", "codgeo", "code"],
    "region": ["insee_reg", "code_reg", "reg", "code_insee", "codgeo", "code"],
    "epci": ["siren_epci", "code_epci", "epci", "siren", "codgeo", "code"],
    "qpv": ["code_qp", "code_qpv", "qp", "code"],
}
# Names: the level's own fields first (an IRIS file also holds NOM_COM), then generic ones.
NAME_FIELDS = {"iris": ["nom_iris", "lib_iris"], "commune": ["nom_com", "lib_com", "libcom"],
               "departement": ["nom_dep", "lib_dep"], "region": ["nom_reg", "lib_reg"],
               "epci": ["nom_epci", "lib_epci"], "qpv": ["lib_qp", "nom_qp"]}
GENERIC_NAME_FIELDS = ["nom", "libelle", "libgeo", "name", "nom_commune"]
# Width of a level's codes, to restore the leading zeros that integer fields lose (1001 → 01001).
CODE_WIDTH = {"commune": 5, "iris": 9, "departement": 2, "region": 2, "epci": 9}

POLYGONAL = ("Polygon", "MultiPolygon")
# Display versions: tolerance of coverage_simplify relative to the typical zone size, chosen so
# that the ~35,000 communes of France weigh under 5 MB gzipped and a commune keeps its shape.
DISPLAY_TOLERANCE_FACTOR = 0.07
DISPLAY_GRID = 1e-4  # degrees (about 8–11 m in France): enough for thematic maps
CHUNK_SIZE = 2000  # coverage_simplify is faster on chunks; chunk borders are kept exact


class GeometryFileError(ValueError):
    """A file of zones that cannot be imported; the message says why, in French."""


@dataclass
class FileInfo:
    """What a vector file holds, read without loading its geometries."""

    fields: list[str]
    feature_count: int
    geometry_type: str
    crs: str | None
    code_field: str | None
    name_field: str | None


@dataclass
class ZoneTable:
    """Zones read from a file: codes, names and WGS84 contours, one entry per feature."""

    codes: np.ndarray
    names: np.ndarray
    geometries: np.ndarray
    source_crs: str
    code_field: str
    name_field: str
    repaired: list[str] = field(default_factory=list)


def normalize_search(text: str) -> str:
    """Return `text` as compared by the zone search: no accents, lower case, words only."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", unidecode(text or "").lower()).split())


def vsi_path(path: str | Path) -> str:
    """Return the path GDAL reads: gzip files through /vsigzip/, zip archives through /vsizip/."""
    text = str(path)
    lower = text.lower()
    if lower.endswith(".gz") and not text.startswith("/vsi"):
        return f"/vsigzip/{text}"
    if lower.endswith(".zip") and not text.startswith("/vsi"):
        # GDAL only finds a dataset at the root of an archive: name it when it sits in a folder.
        return f"/vsizip/{text}/{zip_member(text)}".rstrip("/")
    return text


def zip_member(path: str) -> str:
    """Return the one vector file inside a zip archive ("" when none, several, or not a zip)."""
    try:
        with zipfile.ZipFile(path) as archive:
            found = [n for n in archive.namelist() if "__MACOSX" not in n
                     and n.lower().endswith((".shp", ".gpkg", ".geojson", ".json"))]
    except (zipfile.BadZipFile, OSError):
        return ""
    return found[0] if len(found) == 1 else ""


def detect_field(fields: Sequence[str], candidates: Sequence[str]) -> str | None:
    """Return the first field whose lower-case name is among `candidates` (in their order)."""
    by_lower = {f.lower(): f for f in fields}
    return next((by_lower[c] for c in candidates if c in by_lower), None)


def detect_fields(fields: Sequence[str], level: str) -> tuple[str | None, str | None]:
    """Return the fields that most likely hold the code and the name of zones of `level`."""
    code = detect_field(fields, CODE_FIELDS.get(level, CODE_FIELDS["commune"]))
    return code, detect_field(fields, NAME_FIELDS.get(level, []) + GENERIC_NAME_FIELDS)


def inspect_file(path: str | Path, level: str = "commune") -> FileInfo:
    """Describe a vector file, detecting its code and name fields for `level`."""
    try:
        info = pyogrio.read_info(vsi_path(path))
    except Exception as exc:  # GDAL raises several kinds; all mean "cannot read this"
        raise unreadable_file_error(path, exc) from exc
    if info.get("geometry_type") is None:
        raise not_geographic_error(path, info.get("features"))
    fields = [str(f) for f in info["fields"]]
    code_field, name_field = detect_fields(fields, level)
    return FileInfo(fields=fields, feature_count=int(info.get("features") or 0),
                    geometry_type=str(info.get("geometry_type") or ""), crs=info.get("crs"),
                    code_field=code_field, name_field=name_field)


def not_geographic_error(path: str | Path, rows: int | None) -> GeometryFileError:
    """Explain that a file holds a table (e.g. a CSV of statistics), not contours."""
    return GeometryFileError(
        f"« {Path(str(path)).name} » n'est pas un fichier géographique : c'est un tableau "
        f"({rows or 0} lignes) sans contours de zones. Formats acceptés : GeoJSON, GeoPackage, "
        "Shapefile.")


def unreadable_file_error(path: str | Path, exc: Exception) -> GeometryFileError:
    """Explain in French why GDAL could not open a file, with the JSON position when it is JSON."""
    name = Path(str(path)).name
    if name.lower().endswith((".geojson", ".json")):
        try:
            json.loads(Path(path).read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            return GeometryFileError(
                f"Le fichier GeoJSON « {name} » est incomplet ou mal formé : "
                f"erreur ligne {err.lineno}, colonne {err.colno} ({err.msg}). "
                "Le fichier a peut-être été tronqué pendant le téléchargement."
            )
        except (UnicodeDecodeError, OSError):
            pass
    return GeometryFileError(
        f"« {name} » n'est pas un fichier géographique lisible. Formats acceptés : GeoJSON, "
        "GeoPackage, Shapefile (seul ou zippé avec ses fichiers .shp, .shx, .dbf, .prj). "
        f"Détail technique : {exc}")


def read_raw(path: str | Path, **options) -> tuple[dict, np.ndarray | None, list]:
    """Read a vector file with pyogrio: (metadata, WKB geometries, field values)."""
    try:
        meta, _, wkb, values = pyogrio.raw.read(vsi_path(path), **options)
    except Exception as exc:  # GDAL raises several kinds; all mean "cannot read this"
        raise unreadable_file_error(path, exc) from exc
    if meta.get("geometry_type") is None:
        raise not_geographic_error(path, len(values[0]) if len(values) else 0)
    return meta, wkb, values


def read_zones(path: str | Path, *, level: str, code_field: str | None = None,
               name_field: str | None = None, crs: str | None = None) -> ZoneTable:
    """Read a file of zones, check it, repair its contours and return them in WGS84."""
    # One pass over the file: GDAL parses a whole GeoJSON even to list its fields.
    meta, wkb, values = read_raw(path)
    fields = [str(f) for f in meta["fields"]]
    if wkb is None or len(wkb) == 0:
        raise GeometryFileError(f"« {Path(str(path)).name} » ne contient aucune zone "
                                "(collection vide) : rien à importer.")
    detected_code, detected_name = detect_fields(fields, level)
    code_field = code_field or detected_code
    name_field = name_field or detected_name or code_field
    for wanted, label in ((code_field, "du code"), (name_field, "du nom")):
        if wanted is None:
            raise GeometryFileError(
                f"Impossible de trouver le champ {label} des zones. Champs du fichier : "
                f"{', '.join(fields) or 'aucun'}. Indiquez-le (--code-field / --name-field).")
        if wanted not in fields:
            raise GeometryFileError(f"Le champ « {wanted} » n'existe pas dans le fichier. "
                                    f"Champs disponibles : {', '.join(fields)}.")
    column = dict(zip(fields, values, strict=True))
    geometries = shapely.from_wkb(wkb)
    codes = normalize_codes(column[code_field], level)
    names = normalize_names(column[name_field])
    check_codes(codes, code_field)
    check_polygonal(geometries, codes)
    source_crs = crs or meta.get("crs") or guess_crs(geometries, codes)
    geometries = to_wgs84(geometries, source_crs)
    geometries, repaired = repair(geometries)
    return ZoneTable(codes, names, geometries, source_crs, code_field, name_field,
                     [str(codes[i]) for i in repaired])


def preview_features(path: str | Path, n: int = 50, *, level: str = "commune",
                     code_field: str | None = None, name_field: str | None = None,
                     crs: str | None = None) -> dict:
    """Return the first `n` features only, as a WGS84 FeatureCollection (properties code, nom)."""
    meta, wkb, values = read_raw(path, max_features=n)
    column = dict(zip([str(f) for f in meta["fields"]], values, strict=True))
    geometries = shapely.from_wkb(wkb) if wkb is not None else np.array([], dtype=object)
    empty = np.full(len(geometries), "", dtype=object)
    codes = normalize_codes(column[code_field], level) if code_field in column else empty
    names = normalize_names(column[name_field]) if name_field in column else empty
    drawable = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
    if drawable.any():
        source_crs = crs or meta.get("crs") or guess_crs(geometries[drawable], codes)
        geometries = shapely.set_precision(to_wgs84(geometries, source_crs), 1e-6, mode="pointwise")
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": i,
         "properties": {"code": str(codes[i]), "nom": names[i]},
         "geometry": json.loads(shapely.to_geojson(geom)) if drawable[i] else None}
        for i, geom in enumerate(geometries)]}
    if drawable.any():
        collection["bbox"] = shapely.total_bounds(geometries[drawable]).tolist()
    return collection


def normalize_codes(values: np.ndarray, level: str) -> np.ndarray:
    """Return codes as text, with the leading zeros that numeric fields dropped restored."""
    width = CODE_WIDTH.get(level)
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            out[i] = ""
            continue
        if isinstance(value, (int, np.integer, float)):  # numeric field: 1001.0 → "1001"
            value = int(value)
        text = str(value).strip()
        out[i] = text.zfill(width) if width and text.isdigit() and len(text) < width else text
    return out


def normalize_names(values: np.ndarray) -> np.ndarray:
    """Return names as text, undoing UTF-8 read as Latin-1 (a Shapefile sent without its .cpg)."""
    names = [str(v).strip() if v is not None else "" for v in values]
    for i, text in enumerate(names):
        with contextlib.suppress(UnicodeError):  # real Latin-1 text is not valid UTF-8: kept
            names[i] = text.encode("latin-1").decode("utf-8")
    return np.array(names, dtype=object)


def check_codes(codes: np.ndarray, code_field: str) -> None:
    """Refuse features without a code and codes used twice, naming them."""
    missing = np.flatnonzero(codes == "")
    if len(missing):
        numbers = ", ".join(f"n°{i + 1}" for i in missing[:5])
        raise GeometryFileError(
            f"{len(missing)} entité(s) n'ont pas de code dans le champ « {code_field} » "
            f"(entité {numbers}). Chaque zone doit avoir un code."
        )
    first_seen: dict[str, int] = {}
    for i, code in enumerate(codes):
        if code in first_seen:
            raise GeometryFileError(
                f"Le code {code} apparaît deux fois (entités n°{first_seen[code] + 1} et "
                f"n°{i + 1}). Chaque zone doit avoir un code unique."
            )
        first_seen[code] = i


def check_polygonal(geometries: np.ndarray, codes: np.ndarray) -> None:
    """Refuse points, lines and empty geometries where zone contours are expected."""
    types = shapely.get_type_id(geometries)  # -1 missing, 3 Polygon, 6 MultiPolygon
    bad = np.flatnonzero(~np.isin(types, (3, 6)))
    if len(bad):
        i = bad[0]
        kind = {-1: "sans géométrie", 0: "un point", 1: "une ligne", 2: "une ligne",
                4: "un ensemble de points", 5: "un ensemble de lignes",
                7: "une collection de géométries"}.get(int(types[i]), "une géométrie inconnue")
        raise GeometryFileError(
            f"L'entité n°{i + 1} (code {codes[i]}) est {kind} : des contours (polygones) "
            f"sont attendus. {len(bad)} entité(s) sur {len(codes)} ne sont pas des polygones."
        )
    if shapely.is_empty(geometries).any():
        i = int(np.flatnonzero(shapely.is_empty(geometries))[0])
        raise GeometryFileError(f"L'entité n°{i + 1} (code {codes[i]}) a un contour vide.")


def guess_crs(geometries: np.ndarray, codes: np.ndarray) -> str:
    """Assume WGS84 when coordinates are degrees; otherwise refuse, suggesting Lambert-93."""
    xmin, ymin, xmax, ymax = shapely.total_bounds(geometries)
    if -180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90:
        return WGS84
    hint = ""
    if 0 <= xmin and xmax <= 1_300_000 and 6_000_000 <= ymin and ymax <= 7_200_000:
        hint = (" Elles ressemblent à du Lambert-93 (EPSG:2154), le système officiel de la "
                "France métropolitaine : relancez avec --crs EPSG:2154 (ou choisissez-le dans "
                "le formulaire d'import).")
    raise GeometryFileError(
        f"Les coordonnées (par ex. {xmin:.0f}, {ymin:.0f}) sont en mètres mais le fichier ne "
        f"déclare pas son système de coordonnées (fichier .prj absent ?).{hint}"
    )


def to_wgs84(geometries: np.ndarray, source_crs: str) -> np.ndarray:
    """Reproject to WGS84 longitude/latitude (always x = longitude)."""
    try:
        source = CRS.from_user_input(source_crs)
    except CRSError as exc:
        raise GeometryFileError(
            f"Système de coordonnées inconnu : « {source_crs} ». Exemple : EPSG:2154."
        ) from exc
    if source.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        return geometries
    transformer = Transformer.from_crs(source, WGS84, always_xy=True)
    return shapely.transform(
        geometries, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )


def repair(geometries: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Repair invalid contours with make_valid, keeping only their polygonal parts."""
    invalid = np.flatnonzero(~shapely.is_valid(geometries))
    if len(invalid) == 0:
        return geometries, []
    geometries = geometries.copy()
    for i in invalid:
        fixed = shapely.make_valid(geometries[i])
        if fixed.geom_type not in POLYGONAL:  # a collection: drop the slivers of lines/points
            parts = [p for p in shapely.get_parts(fixed) if p.geom_type in POLYGONAL]
            fixed = shapely.union_all(parts) if parts else fixed
        geometries[i] = fixed
    return geometries, [int(i) for i in invalid]


def display_versions(geometries: np.ndarray, chunks: np.ndarray | None = None) -> np.ndarray:
    """Simplify contours for maps so that neighbours keep their shared borders.

    coverage_simplify (Visvalingam–Whyatt on shared edges) keeps the coverage free of gaps and
    overlaps. Large sets are simplified in chunks (e.g. one per département) with their outer
    boundary left exact, so the borders between chunks still match.
    """
    tolerance = display_tolerance(geometries)
    if chunks is None or len(geometries) <= CHUNK_SIZE:
        simplified = shapely.coverage_simplify(geometries, tolerance)
    else:
        simplified = np.empty(len(geometries), dtype=object)
        for key in np.unique(chunks):
            mask = chunks == key
            simplified[mask] = shapely.coverage_simplify(
                geometries[mask], tolerance, simplify_boundary=False
            )
    rounded = shapely.set_precision(simplified, DISPLAY_GRID, mode="pointwise")
    # Rounding can collapse a tiny zone: keep its exact contour rather than lose it.
    lost = shapely.is_empty(rounded) | shapely.is_missing(rounded)
    rounded[lost] = geometries[lost]
    return rounded


def display_tolerance(geometries: np.ndarray) -> float:
    """Return the simplification tolerance for zones of this typical size (degrees)."""
    return DISPLAY_TOLERANCE_FACTOR * float(np.sqrt(np.median(shapely.area(geometries))))


def areas_km2(geometries: np.ndarray) -> np.ndarray:
    """Return areas in km² on the GRS80 ellipsoid.

    The area element of the ellipsoid is M·N·cos φ dφ dλ (M, N: radii of curvature); taken at
    each zone's middle latitude it turns an area in square degrees into km², within 0.01 %
    for zones the size of a département.
    """
    a, e2 = 6378.137, 0.00669438002290  # GRS80, km
    xmin, ymin, xmax, ymax = shapely.bounds(geometries).T
    phi = np.radians((ymin + ymax) / 2)
    w = 1 - e2 * np.sin(phi) ** 2
    m, n = a * (1 - e2) / w**1.5, a / np.sqrt(w)
    return shapely.area(geometries) * np.radians(1) ** 2 * m * n * np.cos(phi)


def parent_code_from_code(level: str, code: str) -> tuple[str, str] | None:
    """Return (parent level, parent code) when the INSEE code tells it, else None."""
    if level == "iris" and len(code) == 9:
        return "commune", code[:5]
    if level == "commune" and len(code) == 5:
        return "departement", code[:3] if code.startswith("97") else code[:2]
    return None


def containing_zone(children: np.ndarray, parents: np.ndarray) -> np.ndarray:
    """Return for each child the index of the parent containing it (-1 when none does)."""
    points = shapely.point_on_surface(children)
    tree = shapely.STRtree(parents)
    child_idx, parent_idx = tree.query(points, predicate="within")
    result = np.full(len(children), -1, dtype=np.int64)
    result[child_idx] = parent_idx
    return result
