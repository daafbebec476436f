"""Benchmark: the atlas in a real browser — a choropleth of France's communes, then a switch.

    .venv/bin/python bench/atlas_map.py [--data DIR] [--repeats N]

Loads the ~35,000 communes of France through the real importer (so that the map draws the
display versions of their contours, as in use), the départements and régions, INSEE's real
counts of the "comparateur de territoires" and two indicators (`taux(chomeurs, actifs)`, `pop`)
into a throwaway SQLite database, starts the real server (waitress) and drives Debian's Chromium
through Playwright (software WebGL, as in the tests). It times, median of N:

(a) navigation → fully drawn choropleth (the map's `idle` event once the classes are painted)
    of the communes of France (goal ≤ 3 s) and of the ~1,800 communes of Centre-Val de Loire
    (goal ≤ 1 s);
(b) switching the indicator on the national map: the values only, never the geometry again
    (goal ≤ 500 ms), from the change of the select to the repainted map;
(c) for comparison, the same layer drawn by a bare MapLibre page without classification,
    served as a static file by the same server: what the atlas adds to the map itself.
"""

import statistics
import sys
import time

from common import (
    argument_parser,
    running_server,
    session_cookie,
    throwaway_django,
    write_static,
)
from indicator import COMMUNES, load_dataset, load_zones

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-gpu", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic",
]
GOALS = {"france": 3.0, "cvl": 1.0, "switch": 0.5}
READY = "document.body.dataset.atlasReady === '1' && document.body.dataset.mapIdle === '1'"
BARE_PAGE = "bench/carte-nue.html"


def bare_page(layer_url: str) -> bytes:
    """A MapLibre page drawing the same layer with one colour: the floor for (a)."""
    from django.templatetags.static import static

    return f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{static('vendor/maplibre-gl.css')}">
<script type="importmap">
{{"imports": {{"maplibre-gl": "{static('vendor/maplibre-gl.mjs')}"}}}}</script>
</head><body style="margin:0"><div id="m" style="width:1200px;height:800px"></div>
<script type="module">
import * as maplibregl from "maplibre-gl";
maplibregl.setWorkerUrl(new URL("{static('vendor/maplibre-gl-worker.mjs')}", location.href).href);
const map = new maplibregl.Map({{container: "m", bounds: [[-5.2, 41.3], [9.6, 51.1]],
  style: {{version: 8, sources: {{}}, layers: []}}}});
map.on("load", () => {{
  map.addSource("z", {{type: "geojson", data: "{layer_url}"}});
  map.addLayer({{id: "f", type: "fill", source: "z", paint: {{"fill-color": "#a8cfbb"}}}});
  map.addLayer({{id: "l", type: "line", source: "z", paint: {{"line-color": "#1f5f45"}}}});
}});
map.on("idle", () => {{ if (map.getSource("z") && map.isSourceLoaded("z"))
  document.body.dataset.mapIdle = "1"; }});
</script></body></html>""".encode()


def setup(data) -> None:
    from terreau.indicators.management.operator import command_line_user
    from terreau.indicators.services import indicator_create

    started = time.perf_counter()
    count = load_zones(data, "import")
    rows = load_dataset(data)
    user = command_line_user()
    indicator_create(slug="chomage", label="Taux de chômage des 15-64 ans",
                     formula="taux(chomeurs, actifs)", unit="%", user=user)
    indicator_create(slug="population", label="Population", formula="pop", unit="habitants",
                     kind="count", decimals=0, user=user)
    print(f"Communes : {count} ; valeurs réelles pour {rows} communes "
          f"({time.perf_counter() - started:.1f} s de chargement)")


def measure(base: str, cookie: str, repeats: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    name, value = cookie.split("=", 1)
    results: dict[str, list[float]] = {"france": [], "cvl": [], "switch": [], "bare": []}
    pages = {"france": "/atlas/?indicateur=chomage&niveau=commune",
             "cvl": "/atlas/?indicateur=chomage&niveau=commune&dans=24"}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(repeats + 1):  # the first run warms the server's caches up
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([{"name": name, "value": value, "url": base}])
            page = context.new_page()
            timings = {}
            for key, path in pages.items():
                started = time.perf_counter()
                page.goto(base + path)
                page.wait_for_function(READY, timeout=120_000, polling=50)
                timings[key] = time.perf_counter() - started
            page.goto(base + pages["france"])
            page.wait_for_function(READY, timeout=120_000, polling=50)
            layer_requests = []
            page.on("request", lambda request, seen=layer_requests: seen.append(request.url)
                    if "/couches/" in request.url else None)
            started = time.perf_counter()
            page.select_option("select[name=indicateur]", "population")
            page.wait_for_function(READY, timeout=60_000, polling=10)
            timings["switch"] = time.perf_counter() - started
            assert not layer_requests, f"la géométrie a été rechargée : {layer_requests}"
            started = time.perf_counter()
            page.goto(f"{base}/static/{BARE_PAGE}")
            page.wait_for_function("document.body.dataset.mapIdle === '1'", timeout=120_000,
                                   polling=50)
            timings["bare"] = time.perf_counter() - started
            context.close()
            if run:
                for key, seconds in timings.items():
                    results[key].append(seconds)
        browser.close()
    return results


def main() -> int:
    parser = argument_parser(__doc__)
    parser.add_argument("--repeats", type=int, default=3, help="mesures (médiane)")
    args = parser.parse_args()
    if not (args.data / COMMUNES).exists():
        print(f"Fichier introuvable : {args.data / COMMUNES} (option --data)", file=sys.stderr)
        return 2
    with throwaway_django():
        setup(args.data)
        from django.urls import reverse

        write_static(BARE_PAGE, bare_page(reverse("api:territory_layer", args=["commune"])))
        cookie = session_cookie()
        with running_server() as (_server, port):
            results = measure(f"http://127.0.0.1:{port}", cookie, args.repeats)
    labels = {"france": "(a) Communes de France, navigation → choroplèthe dessinée",
              "cvl": "(a) Communes du Centre-Val de Loire, navigation → choroplèthe dessinée",
              "switch": "(b) Changer d'indicateur sur la carte de France (valeurs seules)",
              "bare": "(c) Même couche, page MapLibre nue sans classement (fichier statique)"}
    for key, label in labels.items():
        median = statistics.median(results[key])
        goal = GOALS.get(key)
        verdict = (f" (objectif ≤ {goal:g} s : {'atteint' if median <= goal else 'NON atteint'})"
                   if goal else "")
        print(f"{label} : médiane {median:.2f} s sur {len(results[key])}{verdict}")
    ratio = statistics.median(results["france"]) / statistics.median(results["bare"])
    print(f"    rapport atlas / page nue (France) : {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
