"""An indicator's values on one map, in a compact form that is cheap to cache and to serialise.

`indicator_values` (indicators app) returns one ZoneValue object per zone: unpickling 35,000
of them from the cache costs more than classifying them. A map needs arrays (values), a few
columns (codes, names, ranks, reasons) and each zone's JSON written once: `MapValues` holds
exactly that, cached beside the indicator's values under the same kind of key. A new
classification then only writes the classes between the pieces of JSON.
"""

import hashlib
import json
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache

from terreau.indicators.queries import CACHE_SECONDS, IndicatorRead, indicator_values
from terreau.indicators.values import IndicatorValues, ZoneValue

CACHE_PREFIX = "terreau:atlas-values:v1"


@dataclass(frozen=True)
class MapValues:
    level: str
    within: str  # the `dans` parameter as given
    period: str
    periods: tuple[str, ...]
    within_name: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    values: np.ndarray  # float64, NaN without value
    ranks: tuple[int | None, ...]
    reasons: tuple[str, ...]
    references: tuple[ZoneValue, ...]
    # Each zone's JSON object, cut where its class goes: head + class + tail.
    heads: tuple[str, ...]
    tails: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.codes)

    def zones_json(self, classes: list[int] | None) -> str:
        """Return the JSON array of the zones, with their classes (-1 or None: null)."""
        if classes is None:
            middle = ["null"] * len(self.codes)
        else:
            middle = ["null" if c is None or c < 0 else str(c) for c in classes]
        return "[" + ",".join(h + m + t for h, m, t in zip(self.heads, middle, self.tails,
                                                              strict=True)) + "]"

    def zones(self, classes: list[int] | None) -> list[dict]:
        """The zones as dicts (the same content as zones_json)."""
        return json.loads(self.zones_json(classes))

    def as_indicator_values(self, slug: str) -> IndicatorValues:
        """An IndicatorValues without rows, for what needs its level, territory and period."""
        return IndicatorValues(slug, self.level, self.period, self.periods, self.within,
                               self.within_name, (), self.references)


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def map_values_from(result: IndicatorValues) -> MapValues:
    """Turn an IndicatorValues into the compact form."""
    rows = result.rows
    values = np.fromiter((np.nan if row.value is None else row.value for row in rows),
                         dtype=np.float64, count=len(rows))
    heads = tuple(f'{{"code":{_text(row.code)},"nom":{_text(row.name)},"valeur":'
                  f'{"null" if row.value is None else json.dumps(row.value)},"classe":'
                  for row in rows)
    tails = tuple(f',"rang":{"null" if row.rank is None else row.rank},'
                  f'"raison":{_text(row.reason)}}}' for row in rows)
    return MapValues(result.level, result.within, result.period, result.periods,
                     result.within_name, tuple(row.code for row in rows),
                     tuple(row.name for row in rows), values,
                     tuple(row.rank for row in rows), tuple(row.reason for row in rows),
                     result.references, heads, tails)


def map_values(read: IndicatorRead, *, level: str, within: str, within_key: str,
               period: str | None, user) -> MapValues:
    """Return the compact values of a map, cached; raise IndicatorUnavailable as
    indicator_values does. `within_key`: the territory's cache key part (versioned for a
    group's own territory, resolved for `user` by the caller)."""
    indicator = read.indicator
    text = json.dumps([indicator.pk, indicator.updated_at.timestamp(), read.stamp, level,
                       within_key, period])
    key = f"{CACHE_PREFIX}:{hashlib.sha256(text.encode()).hexdigest()[:40]}"
    found = cache.get(key)
    if found is None:
        found = map_values_from(indicator_values(indicator, level=level, within=within,
                                                 period=period, user=user))
        cache.set(key, found, CACHE_SECONDS)
    return found
