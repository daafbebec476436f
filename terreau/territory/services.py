"""Use cases that write zones: importing a file of contours, linking the hierarchy."""

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import shapely
from django.db import connection, transaction
from django.utils import timezone

from . import geometry
from .choices import Level
from .geometry import GeometryFileError
from .layers import invalidate_layers
from .models import Zone

Progress = Callable[[int, str], None]

# The level whose zones contain a zone of this level, used when codes do not tell.
CONTAINING_LEVEL = {
    Level.IRIS: Level.COMMUNE,
    Level.QPV: Level.COMMUNE,
    Level.COMMUNE: Level.DEPARTEMENT,
    Level.EPCI: Level.DEPARTEMENT,
    Level.DEPARTEMENT: Level.REGION,
}
BATCH = 2000


class ZoneImportError(ValueError):
    """An import that changed nothing; the message says why, in French."""


@dataclass
class ImportReport:
    """What an import did, shown to the user and kept with the import."""

    level: str
    source: str
    count: int = 0
    created: int = 0
    updated: int = 0
    code_field: str = ""
    name_field: str = ""
    source_crs: str = ""
    vintage: int | None = None
    repaired: list[str] = field(default_factory=list)
    without_parent: list[str] = field(default_factory=list)
    children_linked: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        """Return the report as short French sentences."""
        label = Level(self.level).label
        out = [
            f"{self.count} zones « {label} » lues dans {self.source} "
            f"(code : {self.code_field}, nom : {self.name_field}, "
            f"coordonnées : {self.source_crs}).",
            f"{self.created} créées, {self.updated} mises à jour.",
        ]
        if self.repaired:
            out.append(f"{len(self.repaired)} contour(s) invalide(s) réparé(s) : "
                       + ", ".join(self.repaired[:20]) + ("…" if len(self.repaired) > 20 else ""))
        if self.without_parent:
            out.append(f"{len(self.without_parent)} zone(s) sans zone parente connue : "
                       + ", ".join(self.without_parent[:10])
                       + ("…" if len(self.without_parent) > 10 else ""))
        if self.children_linked:
            out.append(f"{self.children_linked} zone(s) plus fines rattachées à ces zones.")
        out.append(f"Durée : {self.seconds:.1f} s.".replace(".", ",", 1))
        return out


def zones_import(
    *,
    path: str | Path,
    level: str,
    code_field: str | None = None,
    name_field: str | None = None,
    crs: str | None = None,
    vintage: int | None = None,
    source: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Import a file of contours as zones of `level`, all or nothing.

    Zones are matched on (level, code): importing a level again updates its zones (their
    contours, names and vintage), never duplicates them, and leaves the other zones alone.
    """
    started = time.perf_counter()
    report_progress = progress or (lambda percent, label: None)
    if level not in Level.values:
        raise ZoneImportError(f"Niveau inconnu : « {level} ». Niveaux : {', '.join(Level.values)}.")
    report = ImportReport(level=level, source=source or Path(str(path)).name, vintage=vintage)

    report_progress(5, "Lecture du fichier")
    try:
        table = geometry.read_zones(path, level=level, code_field=code_field,
                                    name_field=name_field, crs=crs)
    except GeometryFileError as exc:
        raise ZoneImportError(str(exc)) from exc
    report.count = len(table.codes)
    report.code_field, report.name_field = table.code_field, table.name_field
    report.source_crs, report.repaired = table.source_crs, table.repaired

    report_progress(40, "Simplification des contours pour la carte")
    coded_parents = [geometry.parent_code_from_code(level, str(c)) for c in table.codes]
    chunks = np.array([p[1] if p else "" for p in coded_parents], dtype=object)
    display = geometry.display_versions(table.geometries, chunks)
    display_json = shapely.to_geojson(display)
    wkb = shapely.to_wkb(table.geometries)
    bounds = shapely.bounds(table.geometries)
    areas = geometry.areas_km2(table.geometries)

    report_progress(65, "Enregistrement des zones")
    with transaction.atomic():
        parent_ids = find_parents(level, table.codes, coded_parents, table.geometries)
        existing = set(Zone.objects.filter(level=level).values_list("code", flat=True))
        now = timezone.now()
        rows = [
            (level, str(code), str(name) or str(code),
             geometry.normalize_search(str(name) or str(code)), parent_ids[i], vintage,
             wkb[i], display_json[i], float(areas[i]), *map(float, bounds[i]),
             report.source, now, "[]")
            for i, (code, name) in enumerate(zip(table.codes, table.names, strict=True))
        ]
        upsert_zones(rows)
        report.updated = len(existing.intersection(str(c) for c in table.codes))
        report.created = report.count - report.updated
        report.without_parent = [str(table.codes[i]) for i, p in enumerate(parent_ids)
                                 if p is None and level in CONTAINING_LEVEL]
        report_progress(90, "Rattachement des zones plus fines")
        report.children_linked = link_children(level)
        invalidate_layers()
    report.seconds = time.perf_counter() - started
    report_progress(100, "Import terminé")
    return report


UPSERT_COLUMNS = ["level", "code", "name", "search_name", "parent_id", "vintage", "geometry",
                  "display", "area_km2", "min_lon", "min_lat", "max_lon", "max_lat", "source",
                  "updated_at", "derived_from"]
# Columns an update leaves alone: the key, and the mergers recorded from INSEE's tables.
KEEP_ON_UPDATE = {"level", "code", "derived_from"}


def upsert_zones(rows: list[tuple]) -> None:
    """Insert or update zones on (level, code) in a few statements.

    Raw SQL because the ORM's bulk_create spends seconds preparing 35,000 rows one value at a
    time; INSERT … ON CONFLICT is the same on SQLite and PostgreSQL. PostgreSQL would still
    parse one statement per row: there the rows are streamed with COPY into a temporary table,
    then upserted in one statement (5 s → 1 s for the communes of France).
    """
    table = connection.ops.quote_name(Zone._meta.db_table)
    columns = ", ".join(UPSERT_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in UPSERT_COLUMNS if c not in KEEP_ON_UPDATE)
    upsert = f"ON CONFLICT (level, code) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TEMPORARY TABLE zone_rows ON COMMIT DROP AS "
                           f"SELECT {columns} FROM {table} WITH NO DATA")
            with cursor.cursor.copy(f"COPY zone_rows ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM zone_rows "
                           f"{upsert}")
            cursor.execute("DROP TABLE zone_rows")
            return
        sql = (f"INSERT INTO {table} ({columns}) "
               f"VALUES ({', '.join(['%s'] * len(UPSERT_COLUMNS))}) {upsert}")
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])


def find_parents(level: str, codes: np.ndarray, coded: list, geometries: np.ndarray) -> list:
    """Return the parent zone id of each zone: from its code, else from spatial containment."""
    parent_ids: list[int | None] = [None] * len(codes)
    by_level = defaultdict(set)
    for entry in coded:
        if entry:
            by_level[entry[0]].add(entry[1])
    known = {
        (lvl, code): pk
        for lvl, wanted in by_level.items()
        for code, pk in Zone.objects.filter(level=lvl).values_list("code", "pk")
        if code in wanted
    }
    for i, entry in enumerate(coded):
        if entry:
            parent_ids[i] = known.get(entry)
    unresolved = [i for i, p in enumerate(parent_ids) if p is None]
    upper = CONTAINING_LEVEL.get(level)
    if unresolved and upper:
        candidates = list(Zone.objects.filter(level=upper).with_contours()
                          .values_list("pk", "geometry"))
        if candidates:
            shapes = shapely.from_wkb([bytes(g) for _, g in candidates])
            found = geometry.containing_zone(geometries[unresolved], shapes)
            for i, j in zip(unresolved, found, strict=True):
                if j >= 0:
                    parent_ids[i] = candidates[j][0]
    return parent_ids


def link_children(level: str) -> int:
    """Attach the zones one level down to the zones of `level` just imported.

    Needed when levels are imported top-down in any order, e.g. communes before départements.
    """
    child_levels = [child for child, parent in CONTAINING_LEVEL.items() if parent == level]
    if not child_levels:
        return 0
    parents = dict(Zone.objects.filter(level=level).values_list("code", "pk"))
    shapes = None
    linked = 0
    for child_level in child_levels:
        rows = Zone.objects.filter(level=child_level).values_list("pk", "code", "parent_id")
        new_parent: dict[int, int] = {}
        for pk, code, current in rows:
            entry = geometry.parent_code_from_code(child_level, code)
            target = parents.get(entry[1]) if entry and entry[0] == level else None
            if target is not None and target != current:
                new_parent[pk] = target
        orphans = Zone.objects.filter(level=child_level, parent=None).with_contours()
        unresolved = [(pk, geom) for pk, geom in orphans.values_list("pk", "geometry")
                      if pk not in new_parent]
        if unresolved:
            if shapes is None:
                parent_rows = list(Zone.objects.filter(level=level).with_contours()
                                   .values_list("pk", "geometry"))
                shapes = (np.array([pk for pk, _ in parent_rows]),
                          shapely.from_wkb([bytes(g) for _, g in parent_rows]))
            if len(shapes[0]):
                children = shapely.from_wkb([bytes(g) for _, g in unresolved])
                found = geometry.containing_zone(children, shapes[1])
                for (pk, _), j in zip(unresolved, found, strict=True):
                    if j >= 0:
                        new_parent[pk] = int(shapes[0][j])
        by_parent = defaultdict(list)
        for pk, parent in new_parent.items():
            by_parent[parent].append(pk)
        for parent, pks in by_parent.items():
            for start in range(0, len(pks), BATCH):
                Zone.objects.filter(pk__in=pks[start:start + BATCH]).update(parent_id=parent)
        linked += len(new_parent)
    return linked
