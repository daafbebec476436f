"""Reads of the atlas: one classified map (/carte) and maps side by side (/rapprochement).

The values come from the indicators app (`indicator_read` decides visibility, `indicator_values`
is cached); this module only classifies them (`classify`), colours them (`palettes`) and crosses
two maps (`stats`). The JSON body of a map is serialised once and cached: switching indicator
on the 35,000 communes of France then costs one query and one cache read.
"""

import hashlib
import json
from dataclasses import dataclass, replace

import numpy as np
from django.core.cache import cache

from terreau.catalog.choices import Sensitivity
from terreau.indicators.compute import REASON_LABELS, Reason
from terreau.indicators.models import Indicator
from terreau.indicators.queries import (
    CACHE_SECONDS,
    IndicatorRead,
    indicator_read,
    indicator_sources,
    indicator_values,
)
from terreau.indicators.values import SELECTION, IndicatorUnavailable, IndicatorValues
from terreau.territory.choices import Level
from terreau.territory.queries import within_resolve
from terreau.territory.within import within_kind

from . import palettes, stats
from .classify import METHODS, Classification, ClassificationError, classify
from .mapvalues import MapValues, map_values
from .params import CompareParams, MapParams, ParamsError

CACHE_PREFIX = "terreau:atlas-map:v1"
ADDITIVE_KINDS = ("count", "amount")
DOWNLOADABLE = (Sensitivity.OPEN, Sensitivity.SHARED)
NOT_IN_DATA = REASON_LABELS[Reason.NOT_IN_DATA]


class IndicatorNotFound(LookupError):
    """No indicator with this slug, or the user may not see it (never "forbidden")."""

    def __init__(self, slug: str):
        super().__init__(f"Indicateur introuvable : « {slug} ».")
        self.slug = slug


@dataclass(frozen=True)
class MapData:
    """The values of one map before classification, or why there are none."""

    params: MapParams
    read: IndicatorRead
    result: MapValues | None  # None when the period is unknown
    error: str = ""  # French sentence when the map cannot be classified
    periods: tuple[str, ...] = ()

    @property
    def indicator(self) -> Indicator:
        return self.read.indicator

    @property
    def values(self) -> np.ndarray:
        """float64 per zone of `result`, NaN without value."""
        return self.result.values if self.result is not None else np.zeros(0)


def map_read(slug: str, user) -> IndicatorRead:
    """Return the read of a visible indicator (cache stamp, restricted); raise IndicatorNotFound."""
    read = indicator_read(slug=slug, user=user) if slug else None
    if read is None:
        raise IndicatorNotFound(slug)
    return read


def level_label(level: str) -> str:
    return Level(level).label if level in Level.values else level


def _unavailable(params: MapParams, read: IndicatorRead, user, key: str,
                 error: IndicatorUnavailable) -> MapData:
    """Explain a failed read: unknown territory (ParamsError), unknown period (erreur)."""
    if params.period is not None:
        try:
            latest = map_values(read, level=params.level, within=params.within,
                                within_key=key, period=None, user=user)
        except IndicatorUnavailable:
            pass
        else:  # the territory is fine: the period is not
            return MapData(params, read, None, str(error), latest.periods)
    if params.within and within_resolve(params.within, user=user) is None:
        raise unknown_territory(params.within)
    return MapData(params, read, None, str(error))


def unknown_territory(within: str, param: str = "dans") -> ParamsError:
    return ParamsError(param, f"Paramètre « {param} » : territoire inconnu « {within} ».")


def within_key(within: str, user, param: str = "dans") -> str:
    """Return the cache key part of a `dans`: as it is for a zone (no query); for a group's
    own territory ("vecu:12"), resolved for `user` (ParamsError when they may not see it)
    and versioned, so that a cached map never outlives a change of its zones."""
    if within_kind(within) is None:
        return within
    scope = within_resolve(within, user=user)
    if scope is None:
        raise unknown_territory(within, param)
    return scope.cache_key


def map_data(params: MapParams, user, *, read: IndicatorRead | None = None) -> MapData:
    """Read a map's values; raise IndicatorNotFound, ParamsError (unknown territory)."""
    read = read or map_read(params.indicator, user)
    key = within_key(params.within, user)
    try:
        result = map_values(read, level=params.level, within=params.within, within_key=key,
                            period=params.period, user=user)
    except IndicatorUnavailable as error:
        return _unavailable(params, read, user, key, error)
    return MapData(params, read, result, _values_error(read.indicator, result), result.periods)


def _values_error(indicator: Indicator, result: MapValues) -> str:
    """Say in French why these values cannot make a map ("" when they can)."""
    label = level_label(result.level)
    if not len(result):
        where = f" dans {result.within_name}" if result.within_name else ""
        return f"Aucune zone du niveau « {label} »{where}."
    if not np.isnan(result.values).all():
        return ""
    if all(reason == NOT_IN_DATA for reason in result.reasons):
        return (f"L'indicateur « {indicator.label} » n'a pas de données au niveau « {label} » : "
                "choisissez un autre niveau.")
    reasons = sorted(set(result.reasons) - {""})
    why = f" ({', '.join(reasons[:3])})" if reasons else ""
    return (f"Aucune zone n'a de valeur pour « {indicator.label} » en {result.period}{why} : "
            "la carte ne peut pas être classée.")


def map_classification(datas: list[MapData], params: MapParams) -> Classification:
    """Classify the values of one or several maps together; raise ClassificationError."""
    values = np.concatenate([data.values for data in datas]) if datas else np.zeros(0)
    return classify(values, params.method, params.k, params.breaks or None)


# ---- Colours ------------------------------------------------------------------------------


def _reference_value(data: MapData, reference: str, user) -> tuple[float | None, str]:
    """Return the value and name of the reference territory that centres a diverging palette."""
    result = data.result
    if not reference or reference == SELECTION:
        selection = next((r for r in result.references if r.code == SELECTION), None)
        return (selection.value, selection.name) if selection else (None, "la sélection")
    if within_kind(reference) is not None:  # a group's own territory: its selection row
        scope = within_resolve(reference, user=user)
        if scope is None:
            raise unknown_territory(reference, "reference")
        found = _selection_row(data, scope.level, reference, user)
        return (found.value if found else None), scope.name
    level, _, code = reference.partition(":")
    found = next((r for r in result.references if r.level == level and r.code == code), None)
    if found is None:  # a territory that does not hold the selection: its own value
        other = _values_or_none(data, level, reference, user)
        found = next((r for r in other.rows if r.code == code), None) if other else None
        if found is None:
            raise unknown_territory(reference, "reference")
    return found.value, found.name


def _values_or_none(data: MapData, level: str, within: str, user) -> IndicatorValues | None:
    try:
        return indicator_values(data.indicator, level=level, within=within,
                                period=data.result.period, user=user)
    except IndicatorUnavailable:
        return None


def _selection_row(data: MapData, level: str, within: str, user):
    other = _values_or_none(data, level, within, user)
    return next((r for r in other.references if r.code == SELECTION), None) if other else None


def map_colours(data: MapData, classification: Classification, params: MapParams,
                user) -> dict:
    """Return the palette part of the classification: name, colours, diverging centre."""
    name = params.palette or palettes.default_palette(data.indicator.direction)
    palette = palettes.PALETTES[name]
    if palette.kind != "diverging":
        return {"palette": name, "couleurs": palettes.palette_colors(name, classification.k),
                "divergente": False, "centre": None, "centre_nom": "", "avis_centre": ""}
    centre, centre_name = _reference_value(data, params.reference, user)
    notice = ""
    if centre is None:
        centre = float(np.nanmedian(data.values)) if np.isfinite(data.values).any() else 0.0
        notice = (f"{centre_name} n'a pas de valeur : la palette est centrée sur la médiane "
                  "des zones.")
        centre_name = "médiane des zones"
    return {"palette": name, "divergente": True, "centre": centre, "centre_nom": centre_name,
            "couleurs": palettes.diverging_colors(name, list(classification.breaks), centre,
                                                  classification.minimum),
            "avis_centre": notice}


# ---- Payloads -----------------------------------------------------------------------------


def _number(value) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def indicator_out(indicator: Indicator) -> dict:
    return {"slug": indicator.slug, "libelle": indicator.label, "unite": indicator.unit,
            "decimales": indicator.decimals, "nature": indicator.kind,
            "sens": indicator.direction, "definition": indicator.definition,
            "url": indicator.get_absolute_url()}


def sources_out(indicator: Indicator) -> list[dict]:
    datasets = {}
    for variable in indicator_sources(indicator):
        datasets.setdefault(variable.dataset.pk, variable.dataset)
    return [{"titre": d.title, "producteur": d.holder.name if d.holder else "",
             "licence": d.licence, "url": d.source_url, "fiche": d.get_absolute_url()}
            for d in datasets.values()]


def open_or_shared_only(indicator: Indicator) -> bool:
    """Tell whether every dataset of the indicator is open or shared (no group or restricted
    data): `terreau render-map` renders those without naming a user."""
    return not indicator.variables.exclude(dataset__sensitivity__in=DOWNLOADABLE).exists()


def classification_out(classification: Classification, colours: dict) -> dict:
    notices = " ".join(n for n in (classification.notice, colours.pop("avis_centre")) if n)
    return {"methode": classification.method,
            "methode_libelle": METHODS.get(classification.method, classification.method),
            "classes": classification.k, "bornes": [float(b) for b in classification.breaks],
            "effectifs": [int(c) for c in classification.counts],
            "manquantes": int(classification.missing),
            "min": _number(classification.minimum), "max": _number(classification.maximum),
            **colours, "couleur_manquante": palettes.MISSING_COLOR, "avis": notices}


def _payload_parts(data: MapData, classification: Classification | None, user,
                   error: str) -> tuple[dict, list[int] | None]:
    """Return the /carte payload without its zones, and the zones' classes (None: error)."""
    params, result, indicator = data.params, data.result, data.indicator
    error = error or data.error
    classes_out = classes = None
    if classification is not None and not error:
        classes_out = classification_out(classification,
                                         map_colours(data, classification, params, user))
        classes = classification.classes_of(data.values).tolist()
    references = [{"code": r.code, "nom": r.name, "niveau": r.level, "valeur": r.value,
                   "raison": r.reason} for r in (result.references if result else ())]
    return {"indicateur": indicator_out(indicator), "sources": sources_out(indicator),
            "niveau": params.level, "niveau_libelle": level_label(params.level),
            "dans": params.within, "dans_nom": result.within_name if result else "",
            "periode": result.period if result else (params.period or ""),
            "periodes": list(data.periods), "classification": classes_out,
            "erreur": error or None, "references": references,
            "symboles_possibles": indicator.kind in ADDITIVE_KINDS,
            # The export buttons: a map of restricted data does not leave as a file.
            "exportable": not data.read.restricted}, classes


def map_payload(data: MapData, classification: Classification | None, user, *,
                error: str = "") -> dict:
    """Return the /carte payload of one map, classified by `classification` (None: error)."""
    payload, classes = _payload_parts(data, classification, user, error)
    payload["zones"] = data.result.zones(classes) if data.result else []
    return payload


def map_payload_json(data: MapData, classification: Classification | None, user, *,
                     error: str = "") -> bytes:
    """The same payload as JSON bytes; the zones' JSON is written once per values (MapValues)
    and only the classes are written here."""
    payload, classes = _payload_parts(data, classification, user, error)
    zones = data.result.zones_json(classes) if data.result else "[]"
    return dumps(payload)[:-1] + b',"zones":' + zones.encode() + b"}"


def _map_classified(params: MapParams, user, also_within: tuple[str, ...],
                    read: IndicatorRead | None) -> tuple[MapData, Classification | None, str]:
    """Read a map (and the territories sharing its classification) and classify it."""
    data = map_data(params, user, read=read)
    if data.error:
        return data, None, ""
    datas = [data]
    for within in also_within:
        if within == params.within:
            continue
        try:
            datas.append(map_data(_other_territory(params, within, data), user, read=data.read))
        except ParamsError:
            raise unknown_territory(within, "avec") from None
    try:
        return data, map_classification([d for d in datas if d.result], params), ""
    except ClassificationError as error:
        return data, None, str(error)


def atlas_map(params: MapParams, user, *, also_within: tuple[str, ...] = (),
              read: IndicatorRead | None = None) -> dict:
    """Return the /carte payload; `also_within` territories join the classification.

    Raise IndicatorNotFound (unknown or invisible indicator) and ParamsError (unknown
    territory or reference). Values that cannot be classified give `erreur`, not an exception.
    """
    data, classification, error = _map_classified(params, user, also_within, read)
    return map_payload(data, classification, user, error=error)


def _other_territory(params: MapParams, within: str, data: MapData) -> MapParams:
    return params.with_changes(within=within, period=data.result.period)


def _body_key(read: IndicatorRead, params: MapParams, also_within: tuple[str, ...],
              user) -> str:
    indicator = read.indicator
    text = json.dumps([indicator.pk, indicator.updated_at.timestamp(), read.stamp, params.level,
                       within_key(params.within, user), params.period, params.method,
                       params.k, list(params.breaks), params.palette,
                       within_key(params.reference, user, "reference"),
                       [within_key(within, user, "avec") for within in also_within]])
    return f"{CACHE_PREFIX}:{hashlib.sha256(text.encode()).hexdigest()[:40]}"


def dumps(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def atlas_map_json(params: MapParams, user, *, also_within: tuple[str, ...] = (),
                   read: IndicatorRead | None = None) -> tuple[bytes, str]:
    """Return the /carte payload as JSON bytes and its ETag, serialised once and cached.

    The key holds the indicator, its datasets' versions and every parameter that changes
    the payload; the user only matters through visibility, checked by `read` first (and by
    `within_key` for a group's own territory).
    """
    read = read or map_read(params.indicator, user)
    key = _body_key(read, params, also_within, user)
    body = cache.get(key)
    if body is None:
        data, classification, error = _map_classified(params, user, also_within, read)
        body = map_payload_json(data, classification, user, error=error)
        cache.set(key, body, CACHE_SECONDS)
    return body, key.rsplit(":", 1)[1]


# ---- Comparison ---------------------------------------------------------------------------


def _same_indicator_and_period(datas: list[MapData]) -> bool:
    return (len(datas) > 1 and all(d.result is not None and not d.error for d in datas)
            and len({(d.indicator.pk, d.result.period) for d in datas}) == 1)


def _compare_classified(params: CompareParams, user, reads: list[IndicatorRead] | None
                        ) -> tuple[list[tuple[MapData, Classification | None, str]], bool]:
    """Read and classify each map: one classification over all of them when they show the
    same indicator at the same period, else one each (same method and palette)."""
    reads = reads or [None] * len(params.maps)
    datas = [map_data(params.map_params(i), user, read=reads[i])
             for i in range(len(params.maps))]
    shared = _same_indicator_and_period(datas)
    groups = [datas] if shared else [[data] for data in datas]
    maps = []
    for group in groups:
        try:
            classification = None if group[0].error else map_classification(
                group, group[0].params)
        except ClassificationError as error:
            maps += [(data, None, str(error)) for data in group]
        else:
            maps += [(data, classification, "") for data in group]
    return maps, shared


def atlas_compare(params: CompareParams, user, *,
                  reads: list[IndicatorRead] | None = None) -> dict:
    """Return the /rapprochement payload: each map, and the crossing of maps 1 and 2.

    `reads` (from map_read, one per map) spare reading the indicators again. Raise
    IndicatorNotFound and ParamsError as atlas_map does.
    """
    maps, shared = _compare_classified(params, user, reads)
    datas = [data for data, _, _ in maps]
    return {"cartes": [map_payload(d, c, user, error=e) for d, c, e in maps],
            "classification_commune": shared,
            "croisement": crossing_payload(datas[0], datas[1]) if len(datas) > 1 else None}


def atlas_compare_json(params: CompareParams, user, *,
                       reads: list[IndicatorRead]) -> tuple[bytes, str]:
    """The /rapprochement payload as JSON bytes and its ETag, written once and cached."""
    text = json.dumps([replace(params, view=None).querystring()] + [
        [read.indicator.pk, read.indicator.updated_at.timestamp(), read.stamp,
         within_key(choice.within, user)] for read, choice in zip(reads, params.maps,
                                                                    strict=True)])
    key = f"{CACHE_PREFIX}:compare:{hashlib.sha256(text.encode()).hexdigest()[:40]}"
    body = cache.get(key)
    if body is None:
        maps, shared = _compare_classified(params, user, reads)
        datas = [data for data, _, _ in maps]
        crossing = crossing_payload(datas[0], datas[1]) if len(datas) > 1 else None
        body = (b'{"cartes":[' + b",".join(map_payload_json(d, c, user, error=e)
                                           for d, c, e in maps)
                + b'],"classification_commune":' + dumps(shared)
                + b',"croisement":' + dumps(crossing) + b"}")
        cache.set(key, body, CACHE_SECONDS)
    return body, key.rsplit(":", 1)[1]


def _paired(x: MapData, y: MapData) -> tuple[list, np.ndarray, np.ndarray]:
    """The zones both maps show (same level and code), with their two values."""
    if x.result is None or y.result is None or x.params.level != y.params.level:
        return [], np.zeros(0), np.zeros(0)
    y_position = {code: i for i, code in enumerate(y.result.codes)}
    pairs = [(i, y_position[code]) for i, code in enumerate(x.result.codes)
             if code in y_position]
    if not pairs:
        return [], np.zeros(0), np.zeros(0)
    xi, yi = np.array(pairs).T
    zones = [(x.result.codes[i], x.result.names[i]) for i in xi]
    return zones, x.values[xi], y.values[yi]


def crossing_payload(x: MapData, y: MapData) -> dict | None:
    """Correlation, bivariate cells, scatter points and quadrants of map 1 (x) × map 2 (y)."""
    zones, xs, ys = _paired(x, y)
    if not zones:
        return None
    correlation = stats.correlate(xs, ys, x.indicator.label, y.indicator.label)
    cells, x_bounds, y_bounds = stats.bivariate_cells(xs, ys)
    points = [{"code": code, "nom": name, "x": _number(xs[i]), "y": _number(ys[i]),
               "cellule": int(cells[i]) if cells[i] >= 0 else None}
              for i, (code, name) in enumerate(zones)]
    quadrants = {corner: [{"code": zones[i][0], "nom": zones[i][1]} for i in members]
                 for corner, members in stats.quadrant_members(cells).items()}
    return {"x": x.indicator.slug, "y": y.indicator.slug, "n": int(correlation.n),
            "pearson": _number(correlation.pearson), "spearman": _number(correlation.spearman),
            "phrase": correlation.sentence, "pente": _number(correlation.slope),
            "ordonnee": _number(correlation.intercept),
            "x_bornes": [_number(b) for b in x_bounds], "y_bornes": [_number(b) for b in y_bounds],
            "couleurs_bivariees": list(palettes.BIVARIATE_COLORS), "points": points,
            "quadrants": quadrants}

