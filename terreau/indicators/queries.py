"""Reads of indicators for the pages, the API and the exports: who sees what, values, sources.

One visibility rule (issue 3, DESIGN.md "Privacy and trust"): an indicator is visible only to
a user who can see *every* dataset it uses (`Dataset.objects.visible_to`). Files (CSV, XLSX)
follow the catalogue's download rule on top: only open and shared data leave as files.
"""

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, QuerySet, Subquery

from terreau.catalog.choices import Sensitivity
from terreau.catalog.models import Dataset, DatasetVersion, Variable
from terreau.catalog.queries import VariableLookupError, variable_resolve
from terreau.territory.models import Zone
from terreau.territory.queries import within_resolve
from terreau.territory.within import Within, within_kind

from .formula import Formula, FormulaError, parse
from .models import Indicator
from .values import IndicatorUnavailable, IndicatorValues, values_compute

CACHE_SECONDS = 3600  # zone re-imports reach cached values at the latest after this delay
CACHE_PREFIX = "terreau:indicator-values:v1"
DOWNLOADABLE = (Sensitivity.OPEN, Sensitivity.SHARED)
MANAGE_PERMISSION = "indicators.manage_indicators"


# ---- Visibility -------------------------------------------------------------------------


def indicator_list_visible(user) -> QuerySet[Indicator]:
    """Return the indicators whose every dataset the user may see."""
    hidden = Dataset.objects.exclude(pk__in=Dataset.objects.visible_to(user).values("pk"))
    return (Indicator.objects.exclude(variables__dataset__in=hidden)
            .select_related("owner_group").order_by("label"))


def indicator_is_visible(indicator: Indicator, user) -> bool:
    visible = Dataset.objects.visible_to(user).values("pk")
    return not indicator.variables.exclude(dataset__in=visible).exists()


def indicator_get_visible(*, slug: str, user) -> Indicator | None:
    """Return the indicator if it exists and the user may see it, else None (never "forbidden")."""
    return indicator_list_visible(user).filter(slug=slug).first()


@dataclass(frozen=True)
class IndicatorRead:
    """A visible indicator as one request of its values uses it: access check, cache key, audit."""

    indicator: Indicator
    restricted: bool  # computed from restricted data: each read is audited
    stamp: str  # its datasets' versions and the last zone, for the cache key


def indicator_read(*, slug: str, user) -> IndicatorRead | None:
    """Like indicator_get_visible, plus what the values endpoint needs, in one more query.

    Per dataset used: whether `user` sees it (the same `visible_to` rule), its sensitivity
    (audit of restricted data), its latest version and number of versions (cache key).
    """
    indicator = Indicator.objects.filter(slug=slug).first()
    if indicator is None:
        return None
    visible = Dataset.objects.visible_to(user).filter(pk=OuterRef("pk"))
    rows = list(Dataset.objects.filter(variables__indicators=indicator).order_by()
                .annotate(seen=Exists(visible), last=Max("versions__pk"),
                          count=Count("versions", distinct=True),
                          zones=Subquery(Zone.objects.order_by("-pk").values("pk")[:1]))
                .values_list("sensitivity", "seen", "last", "count", "zones"))
    if not all(row[1] for row in rows):
        return None
    lasts = [row[2] for row in rows if row[2] is not None]
    stamp = (max(lasts, default=None), sum(row[3] for row in rows),
             rows[0][4] if rows else None)
    return IndicatorRead(indicator, any(row[0] == Sensitivity.RESTRICTED for row in rows),
                         ":".join(map(str, stamp)))


def indicator_is_exportable(indicator: Indicator, user) -> bool:
    """Tell whether its values may leave as a file: visible, and only open or shared data."""
    if not indicator_is_visible(indicator, user):
        return False
    return not indicator.variables.exclude(dataset__sensitivity__in=DOWNLOADABLE).exists()


def indicator_can_edit(indicator: Indicator | None, user) -> bool:
    """Facilitators, stewards and admins may create; editing also needs the indicator's group."""
    if not user.is_authenticated or not user.has_perm(MANAGE_PERMISSION):
        return False
    if indicator is None or user.is_superuser:
        return True
    if not indicator_is_visible(indicator, user):
        return False
    return (indicator.owner_group_id is None
            or user.memberships.filter(group_id=indicator.owner_group_id).exists())


# ---- Variables --------------------------------------------------------------------------


def variable_list_visible(user) -> QuerySet[Variable]:
    """Return the variables a formula may name, with their datasets."""
    return (Variable.objects.filter(dataset__in=Dataset.objects.visible_to(user).values("pk"))
            .select_related("dataset").order_by("dataset__title", "position"))


def formula_read(text: str, user) -> tuple[Formula, dict[str, Variable]]:
    """Parse a formula and resolve its variables; raise FormulaError pointing at the fault."""
    formula = parse(text)
    positions = formula.positions()
    variables = {}
    for name in formula.variables:
        try:
            variables[name] = variable_resolve(name, user)
        except VariableLookupError as error:
            raise FormulaError(str(error), text, positions[name]) from None
    return formula, variables


def indicator_sources(indicator: Indicator) -> list[Variable]:
    """Return the indicator's variables with their datasets and producers, for its sheet."""
    return list(indicator.variables.select_related("dataset__holder")
                .order_by("dataset__title", "position"))


# ---- Values (cached) --------------------------------------------------------------------


class _RecentBodies:
    """The last JSON bodies served by this process, by cache key (a few, thread-safe).

    Keys name their content (indicator, versions, zones, level…): a copy here is never stale,
    only possibly absent in another process, which then reads the shared cache. It saves
    unpickling megabytes from the cache on every request.
    """

    def __init__(self, size: int = 8):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        with self.lock:
            self.items[key] = body
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_recent_bodies = _RecentBodies()


def _versions_stamp(indicator: Indicator) -> str:
    # One query: the latest versions of the datasets used, and the last zone created (a
    # re-import of zones that only changes existing ones waits for CACHE_SECONDS).
    stamp = (DatasetVersion.objects.filter(dataset__variables__indicators=indicator)
             .aggregate(last=Max("pk"), count=Count("pk", distinct=True),
                        zones=Max(Subquery(Zone.objects.order_by("-pk").values("pk")[:1]))))
    return f"{stamp['last']}:{stamp['count']}:{stamp['zones']}"


def _cache_key(indicator: Indicator, level: str, within: str, period: str | None,
               stamp: str | None = None) -> str:
    stamp = stamp or _versions_stamp(indicator)
    text = (f"{indicator.pk}:{indicator.updated_at.timestamp()}:{stamp}:"
            f"{level}:{within}:{period or ''}")
    return f"{CACHE_PREFIX}:{hashlib.sha256(text.encode()).hexdigest()[:40]}"


def _within_for(within: str, user) -> tuple[str, str | Within]:
    """Return the cache key part of `dans` and what values_compute takes for it.

    A zone's `dans` is used as it is (no query). A group's territory ("vecu:12") is resolved
    for `user` (IndicatorUnavailable, hence 404, when they may not see it) and keyed with its
    version, so that changing its zones gives new values.
    """
    within = (within or "").strip()
    if within_kind(within) is None:
        return within, within
    scope = within_resolve(within, user=user)
    if scope is None:
        raise IndicatorUnavailable(f"Territoire inconnu : « {within} ».")
    return scope.cache_key, scope


def indicator_values(indicator: Indicator, *, level: str, within: str = "",
                     period: str | None = None, user) -> IndicatorValues:
    """Return the values per zone of a level and the reference territories, cached.

    Raise PermissionError if the user may not see the indicator, IndicatorUnavailable when
    the territory or the period is unknown (or a group's territory hidden from the user).
    """
    if not indicator_is_visible(indicator, user):
        raise PermissionError(indicator.slug)
    key_part, scope = _within_for(within, user)
    key = _cache_key(indicator, level, key_part, period)
    return _values_cached(key, indicator, level=level, within=scope, period=period)


def _values_cached(key: str, indicator: Indicator, *, level: str, within: str | Within,
                   period: str | None) -> IndicatorValues:
    """Return the values stored under `key`, computing and storing them when absent."""
    result = cache.get(key)
    if result is None:
        result = values_compute(indicator, level=level, within=within, period=period)
        cache.set(key, result, CACHE_SECONDS)
    return result


def values_as_dict(indicator: Indicator, result: IndicatorValues) -> dict:
    """Shape values for the JSON API (see api.IndicatorValuesOut)."""
    def zone(row, with_rank=True):
        item = {"code": row.code, "nom": row.name, "niveau": row.level, "valeur": row.value,
                "raison": row.reason or None}
        if with_rank:
            item.update(rang=row.rank, parents=list(row.parents))
        return item

    return {
        "indicateur": indicator.slug, "libelle": indicator.label, "unite": indicator.unit,
        "decimales": indicator.decimals, "niveau": result.level, "periode": result.period,
        "periodes": list(result.periods), "dans": result.within or None,
        "zones": [zone(row) for row in result.rows],
        "references": [zone(row, with_rank=False) for row in result.references],
    }


def indicator_values_json(indicator: Indicator, *, level: str, within: str = "",
                          period: str | None = None, user,
                          read: IndicatorRead | None = None) -> tuple[bytes, str]:
    """Return the JSON body of the values endpoint and its ETag, serialised once and cached.

    `read` (from indicator_read) says the user sees the indicator and gives the cache stamp.
    """
    if read is None and not indicator_is_visible(indicator, user):
        raise PermissionError(indicator.slug)
    key_part, scope = _within_for(within, user)
    key = _cache_key(indicator, level, key_part, period, read and read.stamp)
    etag = key.rsplit(":", 1)[1]
    body = _recent_bodies.get(key)
    if body is not None:
        return body, etag
    body = cache.get(key + ":json")
    if body is None:
        result = _values_cached(key, indicator, level=level, within=scope, period=period)
        body = json.dumps(values_as_dict(indicator, result), ensure_ascii=False,
                          separators=(",", ":")).encode()
        cache.set(key + ":json", body, CACHE_SECONDS)
    _recent_bodies.put(key, body)
    return body, etag
