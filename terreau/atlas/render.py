"""Static map of a classified indicator, rendered on the server through vl-convert (no Django).

`map_spec()` builds a Vega-Lite specification: the zones as a geoshape layer (Lambert-93-like
conic conformal projection, fitted to the zones), optional proportional circles on top, the
legend drawn as a view of its own (class bounds in the indicator's unit, zones per class,
zones without value), a title, a subtitle and a footer (source, licence, date).
`render_svg()` and `render_png()` turn it into an image. Used by the export buttons and by
`terreau render-map`, so that reports can reuse the same pictures.
"""

import datetime
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

import numpy as np
import vl_convert

from terreau.atlas.numbers import format_number
from terreau.atlas.palettes import MISSING_COLOR, MISSING_OUTLINE

FONT = "DejaVu Sans"
TEXT_COLOR = "#1e2a23"
MUTED_COLOR = "#4a564f"
ZONE_BORDER = "#ffffff"
CIRCLE_COLOR = "#3d3d3d"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
LEGEND_WIDTH, ROW_HEIGHT, SWATCH = 250, 22, 16
FOOTER_LINE = 15
CIRCLE_AREA = 2000  # px², the largest circle


@dataclass(frozen=True)
class Circles:
    """Proportional circles: one per point (WGS84), area proportional to the value."""

    lon: Sequence[float]
    lat: Sequence[float]
    values: Sequence[float]
    label: str  # what the circles count, e.g. "Population (habitants)"
    unit: str = ""
    decimals: int = 0


def french_date(day: datetime.date) -> str:
    """Return "4 décembre 2026" ("1er" for the first day of a month)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def legend_rows(breaks: Sequence[float], counts: Sequence[int], minimum: float | None,
                unit: str = "", decimals: int = 1,
                zone_words: tuple[str, str] = ("zone", "zones")) -> list[str]:
    """Return one French line per class, lowest first: "de 3,2 à 5,1 %  (54 communes)"."""
    lows = [minimum if minimum is not None else breaks[0], *breaks[:-1]]
    suffix = f"\u00a0{unit}" if unit else ""
    return [f"de {format_number(low, decimals)} à {format_number(high, decimals)}{suffix}  "
            f"({_zones(count, zone_words)})"
            for low, high, count in zip(lows, breaks, counts, strict=True)]


def map_spec(features: Sequence[dict], classes: Sequence[int | None], colors: Sequence[str],
             *, breaks: Sequence[float], counts: Sequence[int], missing: int,
             minimum: float | None, title: str, unit: str = "", decimals: int = 1,
             subtitle: str = "", legend_title: str = "", source: str = "", licence: str = "",
             produced_on: datetime.date | None = None, missing_color: str = MISSING_COLOR,
             zone_words: tuple[str, str] = ("zone", "zones"), circles: Circles | None = None,
             width: int = 560) -> dict:
    """Return the Vega-Lite specification of the static map.

    `features`: GeoJSON features (WGS84) with properties `code` and `nom`; `classes`: the
    class of each feature (None or -1 = no value); `colors`: one colour per class; breaks,
    counts, missing and minimum as in classify.Classification.
    """
    if len(colors) != len(breaks) or len(counts) != len(breaks):
        raise ValueError("one colour and one count per class are needed")
    zones = []
    for feature, index in zip(features, classes, strict=True):
        has_value = index is not None and index >= 0
        properties = feature.get("properties") or {}
        zones.append({"type": "Feature", "geometry": feature["geometry"], "properties": {
            "code": properties.get("code", ""), "nom": properties.get("nom", ""),
            "couleur": colors[index] if has_value else missing_color, "manquante": not has_value,
        }})
    height = _map_height(features, width)
    map_view = {
        "width": width, "height": height,
        "projection": {"type": "conicConformal", "parallels": [44, 49], "rotate": [-3, 0]},
        "layer": [_zone_layer(zones, missing_color), *_circle_layers(circles)],
    }
    rows = legend_rows(breaks, counts, minimum, unit, decimals, zone_words)
    legend = _legend_view(rows, colors, missing, missing_color, zone_words,
                          legend_title or (f"En {unit}" if unit else "Classes"), circles)
    footer = _footer_view(source, licence, produced_on or datetime.date.today(),
                          width + LEGEND_WIDTH + 20)
    described = f"Carte : {title}" + (f", {subtitle}" if subtitle else "")
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": described,
        "background": "#ffffff",
        "padding": 16,
        "title": {"text": title, "subtitle": subtitle or None, "anchor": "start",
                  "fontSize": 18, "subtitleFontSize": 13, "color": TEXT_COLOR,
                  "subtitleColor": MUTED_COLOR, "offset": 12},
        "config": {"font": FONT, "view": {"stroke": None}, "concat": {"spacing": 20}},
        "vconcat": [{"hconcat": [map_view, legend]}, footer],
    }


def render_svg(*args, **kwargs) -> str:
    """Return the static map as SVG text (same arguments as map_spec).

    The SVG gets a <title> (the spec's description) for screen readers.
    """
    spec = map_spec(*args, **kwargs)
    svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    opening_end = svg.index(">", svg.index("<svg")) + 1
    return (svg[:opening_end] + f"<title>{xml_escape(spec['description'])}</title>"
            + svg[opening_end:])


def render_png(*args, scale: float = 2, **kwargs) -> bytes:
    """Return the static map as PNG bytes, `scale` pixels per CSS pixel."""
    return vl_convert.vegalite_to_png(map_spec(*args, **kwargs), scale=scale,
                                      allowed_base_urls=[])


def _zones(count: int, words: tuple[str, str]) -> str:
    return f"{format_number(count, 0)} {words[0] if count in (0, 1) else words[1]}"


def _zone_layer(zones: list[dict], missing_color: str) -> dict:
    return {
        "data": {"values": {"type": "FeatureCollection", "features": zones},
                 "format": {"type": "json", "property": "features"}},
        "mark": {"type": "geoshape", "strokeWidth": 0.4},
        "encoding": {
            "color": {"field": "properties.couleur", "type": "nominal", "scale": None},
            # Zones without value: grey with a darker outline, so they stand apart.
            "stroke": {"condition": {"test": "datum.properties.manquante",
                                     "value": MISSING_OUTLINE}, "value": ZONE_BORDER},
        },
    }


def _circle_layers(circles: Circles | None) -> list[dict]:
    if circles is None:
        return []
    points = [{"lon": float(x), "lat": float(y), "valeur": float(v)}
              for x, y, v in zip(circles.lon, circles.lat, circles.values, strict=True)
              if v is not None and np.isfinite(v) and v > 0]
    points.sort(key=lambda point: -point["valeur"])  # small circles drawn over big ones
    top = max((point["valeur"] for point in points), default=1.0)
    return [{
        "data": {"values": points},
        "mark": {"type": "circle", "color": CIRCLE_COLOR, "opacity": 0.45,
                 "stroke": "#ffffff", "strokeWidth": 0.6},
        "encoding": {
            "longitude": {"field": "lon", "type": "quantitative"},
            "latitude": {"field": "lat", "type": "quantitative"},
            # Vega's size is an area: a linear scale from 0 makes areas proportional.
            "size": {"field": "valeur", "type": "quantitative", "legend": None,
                     "scale": {"type": "linear", "domain": [0, top],
                                                "range": [0, CIRCLE_AREA]}},
        },
    }]


def _legend_view(rows: list[str], colors: Sequence[str], missing: int, missing_color: str,
                 zone_words: tuple[str, str], heading: str, circles: Circles | None) -> dict:
    """The legend as a view of its own: swatches and texts at fixed pixel positions."""
    entries = [{"y": 30 + ROW_HEIGHT * (len(rows) - 1 - i), "couleur": colors[i], "texte": text,
                "contour": "#8a948e"} for i, text in enumerate(rows)]  # highest class on top
    bottom = 30 + ROW_HEIGHT * len(rows)
    if missing:
        entries.append({"y": bottom + 6, "couleur": missing_color, "contour": MISSING_OUTLINE,
                        "texte": f"sans valeur  ({_zones(missing, zone_words)})"})
        bottom += 6 + ROW_HEIGHT
    for entry in entries:
        entry["y2"] = entry["y"] + SWATCH
    texts = [{"x": 0, "y": 12, "texte": heading, "gras": True}]
    circle_marks = []
    if circles is not None:
        circle_marks, texts_of_circles, bottom = _circle_legend(circles, bottom + 16)
        texts += texts_of_circles
    pixels = {"scale": None}
    layers = [
        {"data": {"values": entries}, "mark": {"type": "rect", "strokeWidth": 0.8},
         "encoding": {"x": {"value": 0}, "x2": {"value": SWATCH},
                      "y": {"field": "y", "type": "quantitative", **pixels},
                      "y2": {"field": "y2"},
                      "fill": {"field": "couleur", "type": "nominal", "scale": None},
                      "stroke": {"field": "contour", "type": "nominal", "scale": None}}},
        {"data": {"values": entries},
         "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 12,
                  "color": TEXT_COLOR, "dx": SWATCH + 8, "dy": SWATCH / 2},
         "encoding": {"x": {"value": 0},
                      "y": {"field": "y", "type": "quantitative", **pixels},
                      "text": {"field": "texte"}}},
        {"data": {"values": texts},
         "mark": {"type": "text", "align": "left", "baseline": "middle", "color": TEXT_COLOR},
         "encoding": {"x": {"field": "x", "type": "quantitative", **pixels},
                      "y": {"field": "y", "type": "quantitative", **pixels},
                      "text": {"field": "texte"},
                      "fontWeight": {"condition": {"test": "datum.gras", "value": "bold"},
                                     "value": "normal"},
                      "fontSize": {"condition": {"test": "datum.gras", "value": 13},
                                   "value": 12}}},
        *circle_marks,
    ]
    return {"width": LEGEND_WIDTH, "height": bottom, "layer": layers}


def _circle_legend(circles: Circles, top: float) -> tuple[list[dict], list[dict], float]:
    """Two reference circles (the largest value and a quarter of it) with their values."""
    values = np.asarray(circles.values, dtype=np.float64)
    values = values[np.isfinite(values) & (values > 0)]
    largest = float(values.max()) if values.size else 1.0
    nice = _round_down_nicely(largest)
    references = [nice, _round_down_nicely(nice / 4)]
    radius = (CIRCLE_AREA / np.pi) ** 0.5  # radius of the largest circle on the map
    centre_y = top + 24 + radius
    marks, texts = [], [{"x": 0, "y": top + 6, "texte": circles.label, "gras": True}]
    suffix = f"\u00a0{circles.unit}" if circles.unit else ""
    for value in references:
        r = radius * (value / largest) ** 0.5  # same scale as on the map
        marks.append({"cx": radius, "cy": centre_y + radius - r, "taille": np.pi * r * r})
        texts.append({"x": 2 * radius + 12, "y": centre_y + radius - 2 * r, "gras": False,
                      "texte": format_number(value, circles.decimals) + suffix})
    layer = {"data": {"values": marks},
             "mark": {"type": "circle", "color": CIRCLE_COLOR, "opacity": 0.45,
                      "stroke": CIRCLE_COLOR, "strokeWidth": 0.8},
             "encoding": {"x": {"field": "cx", "type": "quantitative", "scale": None},
                          "y": {"field": "cy", "type": "quantitative", "scale": None},
                          "size": {"field": "taille", "type": "quantitative", "scale": None}}}
    return [layer], texts, centre_y + radius + 8


def _round_down_nicely(value: float) -> float:
    """Return 1, 2 or 5 × a power of ten, the largest not above `value` (for the legend)."""
    if value <= 0:
        return value
    power = 10 ** np.floor(np.log10(value))
    return float(max(step * power for step in (1, 2, 5) if step * power <= value))


def _footer_view(source: str, licence: str, day: datetime.date, width: int) -> dict:
    lines = []
    for label, text in (("Source", source), ("Licence", licence)):
        if text:
            lines += textwrap.wrap(f"{label} : {text}", 110)
    lines.append(f"Carte produite le {french_date(day)} avec Terreau")
    values = [{"y": FOOTER_LINE * i + 6, "texte": line} for i, line in enumerate(lines)]
    return {
        "width": width, "height": FOOTER_LINE * len(lines),
        "data": {"values": values},
        "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 11,
                 "color": MUTED_COLOR},
        "encoding": {"x": {"value": 0}, "y": {"field": "y", "type": "quantitative",
                                              "scale": None},
                     "text": {"field": "texte"}},
    }


def _map_height(features: Sequence[dict], width: int) -> int:
    """Return a height that fits the zones' extent at `width` (between 300 and 800 px).

    Every 8th point of each ring is enough for the extent (and much faster on big maps).
    """
    points = [np.asarray(ring[::8], dtype=np.float64).reshape(-1, 2)
              for feature in features for ring in _rings(feature.get("geometry") or {})]
    if not points:
        return width
    every = np.concatenate(points)
    (west, south), (east, north) = every.min(axis=0), every.max(axis=0)
    middle = np.radians((south + north) / 2)
    aspect = (north - south) / max((east - west) * np.cos(middle), 1e-9)
    return int(min(max(width * aspect, 300), 800))


def _rings(geometry: dict):
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        yield from coordinates
    elif kind == "MultiPolygon":
        for polygon in coordinates:
            yield from polygon
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from _rings(part)
