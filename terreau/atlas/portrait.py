"""The portrait of one zone (/zone): every indicator the user sees, beside its references.

For each visible indicator: the zone's value (at the asked period when the indicator has it,
else its latest), its rank among the zones of the selection, and the values of its reference
territories — its département and région, the selection, and the territories drawn by the
user's groups that contain it (`niveau` "vecu", `code` their `dans` value "vecu:12").
"""

from terreau.accounts.queries import group_territories_containing
from terreau.indicators.queries import indicator_list_visible, indicator_values
from terreau.indicators.values import SELECTION, IndicatorUnavailable, IndicatorValues
from terreau.territory.queries import within_resolve, zone_get

from .params import ParamsError

DRAWN = "vecu"  # the `niveau` of a group's own territory among the references

OUTSIDE = "zone hors de la sélection"


class ZoneNotFound(LookupError):
    def __init__(self, level: str, code: str):
        super().__init__(f"Zone introuvable : {level} {code}.")


def _values(indicator, level: str, within: str, period: str | None,
            user) -> IndicatorValues | IndicatorUnavailable:
    """The indicator's values at `period`, or at its latest period when it lacks that one."""
    try:
        return indicator_values(indicator, level=level, within=within, period=period, user=user)
    except IndicatorUnavailable as error:
        if period is None:
            return error
    try:
        return indicator_values(indicator, level=level, within=within, user=user)
    except IndicatorUnavailable as error:
        return error


def _reference(row) -> dict:
    return {"code": row.code, "nom": row.name, "niveau": row.level, "valeur": row.value,
            "raison": row.reason}


def _drawn_references(indicator, territories, period: str, user) -> list[dict]:
    """The value of each territory of the user's groups containing the zone (its selection)."""
    references = []
    for territory in territories:
        try:
            result = indicator_values(indicator, level=territory.level,
                                      within=territory.within_param, period=period, user=user)
        except IndicatorUnavailable:
            continue
        row = next((r for r in result.references if r.code == SELECTION), None)
        if row is not None:
            references.append({"code": territory.within_param, "nom": territory.name,
                               "niveau": DRAWN, "valeur": row.value, "raison": row.reason,
                               "groupe": territory.group.name})
    return references


def _indicator_entry(indicator, result: IndicatorValues | IndicatorUnavailable,
                     code: str) -> dict:
    entry = {"slug": indicator.slug, "libelle": indicator.label, "unite": indicator.unit,
             "decimales": indicator.decimals, "sens": indicator.direction,
             "url": indicator.get_absolute_url(), "periode": "", "valeur": None, "raison": "",
             "rang": None, "sur": 0, "references": []}
    if isinstance(result, IndicatorUnavailable):
        return {**entry, "raison": str(result)}
    row = next((r for r in result.rows if r.code == code), None)
    entry.update(periode=result.period, sur=result.with_value)
    if row is None:
        return {**entry, "raison": OUTSIDE}
    by_code = {(r.code, r.level): r for r in result.references}
    parents = [r for r in result.references if r.code in row.parents and r.level != SELECTION]
    parents.sort(key=lambda r: row.parents.index(r.code))
    selection = by_code.get((SELECTION, SELECTION))
    references = [_reference(r) for r in parents]
    if selection is not None:
        references.append(_reference(selection))
    return {**entry, "valeur": row.value, "raison": row.reason, "rang": row.rank,
            "references": references}


def zone_portrait(level: str, code: str, within: str, period: str | None, user) -> dict:
    """Return the /zone payload; raise ZoneNotFound, ParamsError (unknown territory)."""
    zone = zone_get(level=level, code=code)
    if zone is None:
        raise ZoneNotFound(level, code)
    if within and within_resolve(within, user=user) is None:
        raise ParamsError("dans", f"Paramètre « dans » : territoire inconnu « {within} ».")
    territories = [t for t in group_territories_containing(zone, user)
                   if t.within_param != within]
    entries = []
    for indicator in indicator_list_visible(user):
        result = _values(indicator, level, within, period, user)
        entry = _indicator_entry(indicator, result, code)
        if entry["periode"]:
            entry["references"] += _drawn_references(indicator, territories, entry["periode"],
                                                     user)
        entries.append(entry)
    return {"zone": {"code": zone.code, "nom": zone.name, "niveau": zone.level,
                     "url": zone.get_absolute_url()},
            "dans": within, "indicateurs": entries}
