"""Geography vintages: load INSEE's old codes as aliases, derive newer zones by merging.

Statistics and contours rarely share a COG year. `aliases_load_cog` records, from INSEE's
commune table, which old codes (communes déléguées, associées, arrondissements) belong to
which commune, so that imports attach their values to the right zone and say so.
`merges_pending` lists the communes nouvelles that the contours still split, and
`zones_derive_vintage` merges those contours into the newer commune.

One level holds one vintage: the unique (level, code) of zones means a commune nouvelle that
kept the code of one of its old communes replaces that zone. The absorbed zones are deleted
(their codes become aliases of the new zone; their children and groups move to it): a map
of the level then shows one coherent vintage, never a mix.
"""

from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import shapely
from django.db import transaction

from . import cog, geometry
from .choices import Level
from .layers import invalidate_layers
from .models import Zone, ZoneAlias


class VintageError(ValueError):
    """A derivation refused, nothing changed; the message says why, in French."""


@dataclass
class AliasLoadReport:
    vintage: int
    read: int = 0
    created: int = 0
    kept: int = 0

    def lines(self) -> list[str]:
        return [f"COG {self.vintage} : {self.read} anciens codes lus (communes déléguées, "
                f"associées, arrondissements municipaux), {self.created} ajoutés, "
                f"{self.kept} déjà connus."]


@dataclass
class DeriveReport:
    level: str
    vintage: int
    derived: list[dict] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        out = [f"{len(self.derived)} zones du COG {self.vintage} dérivées par fusion des "
               f"contours, {len(self.deleted)} anciennes zones remplacées."]
        out += [f"  {d['code']} {d['name']} ← {', '.join(m['code'] for m in d['derived_from'])}"
                for d in self.derived]
        return out


def aliases_load_cog(path: str | Path, vintage: int | None = None) -> AliasLoadReport:
    """Load the old codes of INSEE's `v_commune_YYYY.csv` as ZoneAlias rows; idempotent."""
    vintage = vintage or cog.vintage_from_name(path)
    if vintage is None:
        raise VintageError("Millésime du COG inconnu : donnez-le (ex. 2024).")
    try:
        entries = cog.parts(cog.read_commune_table(path))
    except cog.CogFileError as error:
        raise VintageError(str(error)) from error
    report = AliasLoadReport(vintage=vintage, read=len(entries))
    with transaction.atomic():
        before = ZoneAlias.objects.filter(level=Level.COMMUNE, vintage=vintage).count()
        ZoneAlias.objects.bulk_create(
            [ZoneAlias(level=Level.COMMUNE, code=e.code, name=e.name[:200], target_code=e.parent,
                       kind=e.kind, vintage=vintage) for e in entries],
            batch_size=2000, update_conflicts=True,
            unique_fields=["level", "code", "target_code", "vintage"],
            update_fields=["name", "kind"],
        )
        after = ZoneAlias.objects.filter(level=Level.COMMUNE, vintage=vintage).count()
    report.created = after - before
    report.kept = report.read - report.created
    return report


def merges_pending(level: str = Level.COMMUNE, vintage: int | None = None) -> list[cog.Merge]:
    """Return the communes nouvelles of the aliases whose old communes are still separate zones.

    `vintage` None takes the latest COG loaded. A merge is pending when at least two of its
    old communes are zones of `level` older than that COG; `members` lists only those.
    """
    aliases = ZoneAlias.objects.filter(level=level, kind__in=["COMD", "COMA"])
    vintage = vintage or max(aliases.values_list("vintage", flat=True), default=None)
    if vintage is None:
        return []
    zones = {code: (name, v) for code, name, v in
             Zone.objects.filter(level=level).values_list("code", "name", "vintage")}
    groups: dict[str, cog.Merge] = {}
    for alias in aliases.filter(vintage=vintage).order_by("target_code", "code"):
        merge = groups.setdefault(alias.target_code, cog.Merge(
            alias.target_code, zones.get(alias.target_code, (alias.target_code,))[0]))
        merge.members.append(alias.code)
        merge.member_names[alias.code] = alias.name
    pending = []
    for merge in groups.values():
        # Old communes merged before the contours' vintage are already gone from the zones.
        merge.members = [c for c in merge.members if c in zones and (zones[c][1] or 0) < vintage]
        if len(merge.members) >= 2:
            pending.append(merge)
    return pending


def zones_derive_vintage(level: str, vintage: int, mapping: dict[str, list[str]], *,
                         names: dict[str, str] | None = None) -> DeriveReport:
    """Create or replace the zones of `vintage` that merge older zones, all or nothing.

    `mapping` gives, per new code, the codes of the zones it merges (e.g. from
    `merges_pending`). The new contour is the union of the members' contours; its display
    version is the union of theirs, which keeps the borders it shares with its neighbours
    exactly as they are drawn. `derived_from` keeps each member's code, name and vintage.
    """
    names = names or {}
    report = DeriveReport(level=level, vintage=vintage)
    with transaction.atomic():
        for code, members in sorted(mapping.items()):
            report.derived.append(_derive_one(level, vintage, code, list(members),
                                              names.get(code), report))
        invalidate_layers()
    return report


def _derive_one(level, vintage, code, members, name, report) -> dict:
    found = {z.code: z for z in Zone.objects.filter(level=level, code__in=members)}
    missing = [m for m in members if m not in found]
    if missing or len(members) < 2:
        raise VintageError(f"Impossible de dériver {code} : zones absentes "
                           f"{', '.join(missing) or '(une seule zone à fusionner)'}.")
    without = [m for m in members if found[m].geometry is None]
    if without:
        raise VintageError(f"Impossible de dériver {code} : {', '.join(without)} n'ont pas de "
                           f"contour.")
    parts = [found[m] for m in members]
    provenance = [{"code": z.code, "name": z.name, "vintage": z.vintage} for z in parts]
    merged = _union(shapely.from_wkb([bytes(z.geometry) for z in parts]))
    display = _union(np.array([shapely.from_geojson(z.display) if z.display else
                               shapely.from_wkb(bytes(z.geometry)) for z in parts]))
    zone = found.get(code) or Zone(level=level, code=code, parent=parts[0].parent)
    zone.name = name or zone.name or code
    zone.search_name = geometry.normalize_search(zone.name)
    zone.vintage = vintage
    zone.geometry = shapely.to_wkb(merged)
    zone.display = shapely.to_geojson(display)
    zone.area_km2 = float(geometry.areas_km2(np.array([merged]))[0])
    zone.min_lon, zone.min_lat, zone.max_lon, zone.max_lat = map(float, merged.bounds)
    zone.source = f"fusion de contours (COG {vintage})"
    zone.derived_from = provenance
    zone.save()
    absorbed = [z for z in parts if z.code != code]
    _move_children_and_groups(absorbed, zone)
    ZoneAlias.objects.bulk_create(
        [ZoneAlias(level=level, code=z.code, name=z.name, target_code=code,
                   kind=ZoneAlias.Kind.MERGED, vintage=vintage) for z in absorbed],
        ignore_conflicts=True)
    Zone.objects.filter(pk__in=[z.pk for z in absorbed]).delete()
    report.deleted += [z.code for z in absorbed]
    return {"code": code, "name": zone.name, "derived_from": zone.derived_from}


def _union(shapes: np.ndarray):
    """Merge contours that share borders; fall back to a full union if they overlap."""
    merged = shapely.coverage_union_all(shapes)
    if not merged.is_valid or merged.geom_type not in geometry.POLYGONAL:
        merged = shapely.union_all(shapely.make_valid(shapes))
    return merged


def _move_children_and_groups(absorbed: list[Zone], zone: Zone) -> None:
    ids = [z.pk for z in absorbed]
    Zone.objects.filter(parent_id__in=ids).update(parent=zone)
    for old in absorbed:
        for group in old.groups.all():
            group.zones.add(zone)
