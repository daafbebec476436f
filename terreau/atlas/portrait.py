"""The portrait of one zone (/zone): every indicator the user sees, beside its references.

For each visible indicator: the zone's value (at the asked period when the indicator has it,
else its latest), its rank among the zones of the selection, and the values of its reference
territories — its département and région, the selection, and the territories drawn by the
user's groups that contain it.
"""

from terreau.indicators.queries import indicator_list_visible, indicator_values
from terreau.indicators.values import SELECTION, IndicatorUnavailable, IndicatorValues
from terreau.territory.queries import zone_get

from .params import ParamsError

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
    entries = []
    for indicator in indicator_list_visible(user):
        result = _values(indicator, level, within, period, user)
        if isinstance(result, IndicatorUnavailable) and str(result).startswith("Territoire"):
            raise ParamsError("dans", f"Paramètre « dans » : territoire inconnu « {within} ».")
        entries.append(_indicator_entry(indicator, result, code))
    return {"zone": {"code": zone.code, "nom": zone.name, "niveau": zone.level,
                     "url": zone.get_absolute_url()},
            "dans": within, "indicateurs": entries}
