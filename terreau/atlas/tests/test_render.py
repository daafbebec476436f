"""Static map export: the 272 communes of Indre-et-Loire with real values, SVG and PNG."""

import datetime
import json
import struct
import time
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
import shapely.geometry

from terreau.atlas.classify import classify
from terreau.atlas.palettes import MISSING_COLOR, palette_colors
from terreau.atlas.render import (
    Circles,
    french_date,
    legend_rows,
    map_spec,
    render_png,
    render_svg,
)

COMMUNES_37 = "geo/communes-37-indre-et-loire.geojson"
COMPARATEUR_CVL = "stats/base-cc-comparateur-2022-centre-val-de-loire.csv"
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def poverty_map(data_dir) -> dict:
    """Arguments of a map of the poverty rate (secret in small communes: many missing)."""
    features = json.loads((data_dir / COMMUNES_37).read_text(encoding="utf-8"))["features"]
    table = pd.read_csv(data_dir / COMPARATEUR_CVL, sep=";", dtype={"CODGEO": str})
    table = table.set_index("CODGEO")
    codes = [feature["properties"]["code"] for feature in features]
    values = table["TP6019"].reindex(codes).to_numpy(dtype=float)
    result = classify(values, "quantiles", 5)
    classes = [int(c) if c >= 0 else None for c in result.classes_of(values)]
    points = [shapely.geometry.shape(f["geometry"]).representative_point() for f in features]
    return {
        "features": features, "classes": classes, "colors": palette_colors("YlOrRd", 5),
        "breaks": result.breaks, "counts": result.counts, "missing": result.missing,
        "minimum": result.minimum, "unit": "%", "decimals": 1, "title": "Taux de pauvreté",
        "subtitle": "Communes d'Indre-et-Loire, 2019",
        "source": "Insee, Filosofi 2019 (comparateur de territoires 2022)",
        "licence": "Licence Ouverte / Etalab 2.0", "produced_on": datetime.date(2026, 12, 4),
        "zone_words": ("commune", "communes"),
        "_population": Circles([p.x for p in points], [p.y for p in points],
                               table["P18_POP"].reindex(codes).to_numpy(dtype=float),
                               "Population (habitants)", "hab."),
    }


def arguments(poverty_map: dict, **changes) -> dict:
    return {key: value for key, value in {**poverty_map, **changes}.items()
            if not key.startswith("_")}


def svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # valid XML, or this raises
    return ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]


def test_legend_rows_in_french():
    rows = legend_rows([5.1, 1234.5, 2000], [54, 1, 0], 3.2, "%", 1, ("commune", "communes"))
    assert rows == [
        f"de 3,2 à 5,1{NBSP}%  (54 communes)",
        f"de 5,1 à 1{NNBSP}234,5{NBSP}%  (1 commune)",
        f"de 1{NNBSP}234,5 à 2{NNBSP}000,0{NBSP}%  (0 commune)",
    ]
    assert legend_rows([10, 20], [3, 4], 0, decimals=0) == ["de 0 à 10  (3 zones)",
                                                            "de 10 à 20  (4 zones)"]


def test_french_dates():
    assert french_date(datetime.date(2026, 12, 4)) == "4 décembre 2026"
    assert french_date(datetime.date(2027, 8, 1)) == "1er août 2027"


def test_spec_draws_zones_legend_and_counts_missing(poverty_map):
    spec = map_spec(**arguments(poverty_map))
    zone_layer = spec["vconcat"][0]["hconcat"][0]
    assert zone_layer["projection"]["type"] == "conicConformal"
    zones = zone_layer["layer"][0]["data"]["values"]["features"]
    assert len(zones) == 272
    missing = [zone for zone in zones if zone["properties"]["manquante"]]
    assert len(missing) == poverty_map["missing"] == sum(c is None for c in poverty_map["classes"])
    assert {zone["properties"]["couleur"] for zone in missing} == {MISSING_COLOR}
    coloured = {zone["properties"]["couleur"] for zone in zones} - {MISSING_COLOR}
    assert coloured == set(poverty_map["colors"])


def test_svg_has_title_legend_source_licence_and_date(poverty_map):
    svg = render_svg(**arguments(poverty_map))
    texts = svg_texts(svg)
    for expected in ("Taux de pauvreté", "Communes d'Indre-et-Loire, 2019",
                     "Source : Insee, Filosofi 2019 (comparateur de territoires 2022)",
                     "Licence : Licence Ouverte / Etalab 2.0",
                     "Carte produite le 4 décembre 2026 avec Terreau",
                     f"sans valeur  ({poverty_map['missing']} communes)", "En %"):
        assert expected in texts, expected
    rows = legend_rows(poverty_map["breaks"], poverty_map["counts"], poverty_map["minimum"],
                       "%", 1, ("commune", "communes"))
    assert all(row in texts for row in rows)
    assert rows[0].startswith("de 5,0 à ")
    assert sum(poverty_map["counts"]) + poverty_map["missing"] == 272
    title = ET.fromstring(svg).find("{http://www.w3.org/2000/svg}title")
    assert title.text == "Carte : Taux de pauvreté, Communes d'Indre-et-Loire, 2019"


def test_png_has_the_signature_and_plausible_size(poverty_map):
    png = render_png(**arguments(poverty_map), scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert 2 * (560 + 250) <= width <= 2 * 1000
    assert 2 * 400 <= height <= 2 * 1200
    small = render_png(**arguments(poverty_map), scale=1)
    assert struct.unpack(">II", small[16:24])[0] == pytest.approx(width / 2, abs=1)


def test_proportional_circles_on_top(poverty_map):
    circles = poverty_map["_population"]
    spec = map_spec(**arguments(poverty_map), circles=circles)
    layers = spec["vconcat"][0]["hconcat"][0]["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["geoshape", "circle"]
    points = layers[1]["data"]["values"]
    assert len(points) == int(np.isfinite(circles.values).sum())
    sizes = [point["valeur"] for point in points]
    assert sizes == sorted(sizes, reverse=True)  # big circles first, small ones drawn on top
    scale = layers[1]["encoding"]["size"]["scale"]
    assert scale["type"] == "linear" and scale["domain"] == [0, max(sizes)]  # area ∝ value
    texts = svg_texts(render_svg(**arguments(poverty_map), circles=circles))
    assert "Population (habitants)" in texts
    assert f"100{NNBSP}000{NBSP}hab." in texts and f"20{NNBSP}000{NBSP}hab." in texts


def test_a_map_without_missing_zone_says_nothing_of_them(poverty_map):
    values = np.arange(272, dtype=float)
    result = classify(values, "equal_interval", 4)
    texts = svg_texts(render_svg(**arguments(
        poverty_map, classes=[int(c) for c in result.classes_of(values)],
        colors=palette_colors("Blues", 4), breaks=result.breaks, counts=result.counts,
        missing=0, minimum=result.minimum, unit="", decimals=0, subtitle="", source="",
        licence="")))
    assert not any(text.startswith("sans valeur") for text in texts)
    assert not any(text.startswith("Source") for text in texts)
    assert "Carte produite le 4 décembre 2026 avec Terreau" in texts


def test_colours_must_match_the_classes(poverty_map):
    with pytest.raises(ValueError):
        map_spec(**arguments(poverty_map, colors=palette_colors("Blues", 4)))


def test_render_time_of_the_272_communes(poverty_map):
    render_svg(**arguments(poverty_map))  # warm vl-convert up
    started = time.perf_counter()
    render_svg(**arguments(poverty_map))
    svg_time = time.perf_counter() - started
    started = time.perf_counter()
    render_png(**arguments(poverty_map))
    png_time = time.perf_counter() - started
    print(f"272 communes : SVG {svg_time:.2f} s, PNG (×2) {png_time:.2f} s")
    assert svg_time < 5 and png_time < 5  # ~0.2 s and ~0.4 s on a quiet machine
