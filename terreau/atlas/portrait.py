"""The portrait of one zone (/zone): every indicator the user sees, beside its references.

For each visible indicator: the zone's value (at the asked period when the indicator has it,
else its latest), its rank among the zones of the selection, and the values of its reference
territories — its département and région, the selection, and the territories drawn by the
user's groups that contain it (`niveau` "vecu", `code` their `dans` value "vecu:12").

Values are read as the maps read them (`map_values`, cached and compact): a click on a zone
of the 35,000 communes of France costs one query and one cache read per indicator.
"""

from dataclasses import dataclass

from terreau.accounts.queries import group_territories_containing
from terreau.indicators.queries import IndicatorRead, indicator_list_visible, indicator_read
from terreau.indicators.values import SELECTION, IndicatorUnavailable
from terreau.territory.queries import within_resolve, zone_get

from .mapvalues import MapValues, map_values
from .queries import unknown_territory, within_key

DRAWN = "vecu"  # the `niveau` of a group's own territory among the references
OUTSIDE = "zone hors de la sélection"


class ZoneNotFound(LookupError):
    def __init__(self, level: str, code: str):
        super().__init__(f"Zone introuvable : {level} {code}.")


@dataclass(frozen=True)
class Portrait:
    payload: dict
    reads: list[IndicatorRead]  # what was read (the API audits restricted data)


def _values(read: IndicatorRead, level: str, within: str, key: str, period: str | None,
            user) -> MapValues | IndicatorUnavailable:
    """The indicator's values at `period`, or at its latest period when it lacks that one."""
    for attempt in dict.fromkeys((period, None)):
        try:
            return map_values(read, level=level, within=within, within_key=key,
                              period=attempt, user=user)
        except IndicatorUnavailable as error:
            failure = error
    return failure


def _reference(row) -> dict:
    return {"code": row.code, "nom": row.name, "niveau": row.level, "valeur": row.value,
            "raison": row.reason}


def _drawn_references(read: IndicatorRead, territories, period: str, user) -> list[dict]:
    """The value of each territory of the user's groups containing the zone (its selection)."""
    references = []
    for territory in territories:
        within = territory.within_param
        try:
            result = map_values(read, level=territory.level, within=within,
                                within_key=within_key(within, user), period=period, user=user)
        except IndicatorUnavailable:
            continue
        row = next((r for r in result.references if r.code == SELECTION), None)
        if row is not None:
            references.append({**_reference(row), "code": within, "nom": territory.name,
                               "niveau": DRAWN, "groupe": territory.group.name})
    return references


def _entry(read: IndicatorRead, result: MapValues | IndicatorUnavailable, code: str,
           parents: list[tuple[str, str]]) -> dict:
    indicator = read.indicator
    entry = {"slug": indicator.slug, "libelle": indicator.label, "unite": indicator.unit,
             "decimales": indicator.decimals, "sens": indicator.direction,
             "url": indicator.get_absolute_url(), "periode": "", "valeur": None, "raison": "",
             "rang": None, "sur": 0, "references": []}
    if isinstance(result, IndicatorUnavailable):
        return {**entry, "raison": str(result)}
    entry.update(periode=result.period, sur=int((result.values == result.values).sum()))
    try:
        i = result.codes.index(code)
    except ValueError:
        return {**entry, "raison": OUTSIDE}
    by_zone = {(r.level, r.code): r for r in result.references}
    references = [_reference(by_zone[parent]) for parent in parents if parent in by_zone]
    selection = by_zone.get((SELECTION, SELECTION))
    if selection is not None:
        references.append(_reference(selection))
    value = result.values[i]
    return {**entry, "valeur": None if value != value else float(value),
            "raison": result.reasons[i], "rang": result.ranks[i], "references": references}


def zone_portrait(level: str, code: str, within: str, period: str | None, user) -> Portrait:
    """Return the /zone payload and the reads made; raise ZoneNotFound, ParamsError."""
    zone = zone_get(level=level, code=code)
    if zone is None:
        raise ZoneNotFound(level, code)
    if within and within_resolve(within, user=user) is None:
        raise unknown_territory(within)
    key = within_key(within, user)
    parents = [(parent.level, parent.code) for parent in zone.ancestors()]
    territories = [t for t in group_territories_containing(zone, user)
                   if t.within_param != within]
    entries, reads = [], []
    for indicator in indicator_list_visible(user):
        read = indicator_read(slug=indicator.slug, user=user)
        if read is None:
            continue
        result = _values(read, level, within, key, period, user)
        entry = _entry(read, result, code, parents)
        if entry["periode"]:
            entry["references"] += _drawn_references(read, territories, entry["periode"], user)
        entries.append(entry)
        reads.append(read)
    return Portrait({"zone": {"code": zone.code, "nom": zone.name, "niveau": zone.level,
                              "url": zone.get_absolute_url()},
                     "dans": within, "indicateurs": entries}, reads)
