"""Static map files (SVG, PNG) of a classified indicator, for the export buttons and the CLI.

The same reads and classification as the /carte payload (`queries.map_data`,
`map_classification`, `map_colours`), the zones' display geometries, optional proportional
circles, rendered by `render.py`. Who may take a map away as a file: whoever sees the
indicator, except when it is computed from restricted data (named stewards only: a file
would escape their control). Every file is written to the audit log.
"""

import json
from dataclasses import dataclass

import numpy as np
import shapely
from django.utils.text import slugify

from terreau.indicators.audit import indicator_export_record
from terreau.indicators.values import level_word
from terreau.territory.queries import within_resolve, zone_list_for_layer

from . import render
from .classify import METHODS, Classification, ClassificationError
from .params import MapParams, ParamsError
from .points import points_of
from .queries import (
    IndicatorNotFound,
    MapData,
    map_classification,
    map_colours,
    map_data,
    map_read,
    sources_out,
)

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


class MapUnavailable(Exception):
    """The map cannot be drawn or may not leave as a file; str(error) is French."""


@dataclass(frozen=True)
class ClassifiedMap:
    data: MapData
    classification: Classification
    colours: dict  # palette, couleurs, divergente, centre… as in the /carte payload


def map_classified(params: MapParams, user) -> ClassifiedMap:
    """Read and classify one map as /carte does; raise IndicatorNotFound, ParamsError,
    MapUnavailable (the map's `erreur`)."""
    data = map_data(params, user)
    if data.error:
        raise MapUnavailable(data.error)
    try:
        classification = map_classification([data], params)
    except ClassificationError as error:
        raise MapUnavailable(str(error)) from None
    return ClassifiedMap(data, classification, map_colours(data, classification, params, user))


def classification_summary(classified: ClassifiedMap) -> dict:
    """The classification as `terreau render-map --format json` prints it."""
    c, data = classified.classification, classified.data
    return {"method": c.method, "breaks": [float(b) for b in c.breaks],
            "counts": [int(n) for n in c.counts], "missing": int(c.missing), "k": c.k,
            "minimum": c.minimum, "maximum": c.maximum, "notice": c.notice,
            "palette": classified.colours["palette"], "colors": classified.colours["couleurs"],
            "indicator": data.indicator.slug, "level": data.params.level,
            "within": data.params.within, "period": data.result.period}


def export_check(params: MapParams, user) -> None:
    """Refuse a file of restricted data; raise IndicatorNotFound for an invisible indicator."""
    read = map_read(params.indicator, user)
    if read.restricted:
        raise MapUnavailable(f"« {read.indicator.label} » est calculé à partir de données "
                             "restreintes : la carte se consulte dans Terreau mais ne sort pas "
                             "sous forme de fichier.")


def _features(params: MapParams, user) -> list[dict]:
    """The zones as GeoJSON features, outer rings clockwise.

    Vega draws on the sphere (d3-geo), where a ring's direction says which side is inside: an
    anticlockwise outer ring (the GeoJSON standard's own direction, which some imported files
    use) would fill the whole world but the zone. So every polygon is oriented for d3 first.
    """
    scope = within_resolve(params.within, user=user) if params.within else None
    rows = list(zone_list_for_layer(level=params.level, within=scope).exclude(display="")
                .values_list("code", "name", "display"))
    geometries = shapely.orient_polygons(shapely.from_geojson([row[2] for row in rows]),
                                         exterior_cw=True)
    return [{"type": "Feature", "properties": {"code": code, "nom": name},
             "geometry": json.loads(shapely.to_geojson(geometry))}
            for (code, name, _), geometry in zip(rows, geometries, strict=True)]


def _circles(params: MapParams, period: str, user) -> render.Circles | None:
    """Proportional circles of the `symboles` indicator (same zones, same period if it has it)."""
    if not params.symbols:
        return None
    try:
        symbols = map_data(params.with_changes(indicator=params.symbols, period=period), user)
        if symbols.result is None:
            symbols = map_data(params.with_changes(indicator=params.symbols, period=None), user)
    except IndicatorNotFound:
        raise ParamsError("symboles", f"Paramètre « symboles » : indicateur introuvable "
                                      f"« {params.symbols} ».") from None
    if symbols.result is None or symbols.indicator.kind not in ("count", "amount"):
        raise ParamsError("symboles", "Paramètre « symboles » : les cercles proportionnels "
                                      "montrent un effectif ou un montant.")
    points = points_of(params.level, params.within, user)
    rows = [(points[code], value) for code, value in zip(symbols.result.codes, symbols.values,
                                                         strict=True)
            if code in points and np.isfinite(value)]
    indicator = symbols.indicator
    return render.Circles(lon=[p[0][0] for p in rows], lat=[p[0][1] for p in rows],
                          values=[p[1] for p in rows], unit=indicator.unit,
                          label=f"{indicator.label} ({symbols.result.period})",
                          decimals=indicator.decimals)


def _subtitle(classified: ClassifiedMap) -> str:
    data = classified.data
    zones = level_word(data.params.level, 2).capitalize()
    # "Communes : Indre-et-Loire" (no article: du Cher, de l'Indre, d'Indre-et-Loire…)
    where = f" : {data.result.within_name}" if data.result.within_name else ""
    method = METHODS.get(classified.classification.method, "")
    return f"{zones}{where} · {data.result.period} · {method}"


def map_render(classified: ClassifiedMap, fmt: str, user) -> bytes:
    """Return the static map file (SVG text encoded in UTF-8, or PNG bytes)."""
    data, classification = classified.data, classified.classification
    indicator, params = data.indicator, data.params
    features = _features(params, user)
    class_of = dict(zip(data.result.codes, classification.classes_of(data.values).tolist(),
                        strict=True))
    sources = sources_out(indicator)
    arguments = dict(
        breaks=classification.breaks, counts=classification.counts,
        missing=classification.missing, minimum=classification.minimum,
        title=indicator.label, unit=indicator.unit, decimals=indicator.decimals,
        subtitle=_subtitle(classified),
        source=" ; ".join(", ".join(filter(None, (s["producteur"], s["titre"])))
                          for s in sources),
        licence=" ; ".join(dict.fromkeys(s["licence"] for s in sources if s["licence"])),
        zone_words=(level_word(params.level, 1), level_word(params.level, 2)),
        circles=_circles(params, data.result.period, user))
    classes = [class_of.get(f["properties"]["code"]) for f in features]
    colours = classified.colours["couleurs"]
    if fmt == "png":
        return render.render_png(features, classes, colours, **arguments)
    return render.render_svg(features, classes, colours, **arguments).encode()


def export_filename(classified: ClassifiedMap, fmt: str) -> str:
    """A French file name: carte-chomage-communes-indre-et-loire-2018.svg."""
    data = classified.data
    parts = ["carte", data.indicator.slug, level_word(data.params.level, 2),
             data.result.within_name or "", data.result.period]
    return "-".join(filter(None, (slugify(part) for part in parts))) + f".{fmt}"


def export_record(classified: ClassifiedMap, fmt: str, *, request=None, actor: str = "",
                  file: str = "") -> None:
    data = classified.data
    result = data.result.as_indicator_values(data.indicator.slug)
    indicator_export_record(indicator=data.indicator, result=result, fmt=fmt,
                            rows=len(data.result), request=request, actor=actor,
                            file=file)
