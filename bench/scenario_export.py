"""Benchmark: a scenario taken offline — size and export time of the HTML file, time to open it.

    .venv/bin/python bench/scenario_export.py [--data DIR] [--repeats N]

Loads région Centre-Val de Loire, its départements and its 1,776 communes through the real
importer (display contours as in use), INSEE's real counts of the "comparateur de
territoires" and three indicators into a throwaway SQLite database, then writes two
scenarios as `terreau export-scenario` does (`scenario_offline_html`):

(a) 5 steps (three maps, two comparisons: 9 maps) on the 272 communes of Indre-et-Loire. The
    issue asks for the IRIS of Tours: ../shared/data has their list but not their contours,
    so the communes of the département stand in for them (more zones: 272 against 59);
(b) 3 steps (5 maps) on the 1,776 communes of Centre-Val de Loire.

For each: the file's size (and gzipped), the export time (first, then median of N: the
atlas's values cache is warm), and the time to open the file in headless Chromium with the
network off (Playwright offline context, file:// URL) until the first step's maps are drawn.
Goals: ≤ 5 MB, ≤ 5 s, ≤ 2 s.

Baseline, in the same run: what a user would do without Terreau — geopandas reads the same
communes from the source GeoJSON and writes them with `to_json` (one file), and a bare
MapLibre page with that GeoJSON inlined the same way (one colour, no legend) is opened.
"""

import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

from atlas_map import CHROMIUM, CHROMIUM_ARGS
from common import argument_parser, throwaway_django
from indicator import load_dataset

GOALS = {"size": 5.0, "export": 5.0, "open": 2.0}
COMMUNES_CVL = "geo/communes-centre-val-de-loire.geojson"
FIRST_MAP = ("document.body.dataset.shownStep === '1' && "
             "document.querySelector('#etape-1 [data-step-map]').dataset.mapReady === '1'")


def load(data: Path) -> int:
    from terreau.core.testing import load_iris_list, load_zones_from_geojson
    from terreau.territory.services import zones_import

    geo = data / "geo"
    load_zones_from_geojson(geo / "region-centre-val-de-loire.geojson", "region")
    load_zones_from_geojson(geo / "departements-centre-val-de-loire.geojson", "departement",
                            parent_code=lambda code: ("region", "24"))
    count = zones_import(path=data / COMMUNES_CVL, level="commune", vintage=2018).created
    load_iris_list(("37261",), data)  # the IRIS of Tours: listed, no contours
    return count


def indicators() -> None:
    from terreau.indicators.management.operator import command_line_user
    from terreau.indicators.services import indicator_create

    user = command_line_user()
    indicator_create(slug="chomage", label="Taux de chômage des 15-64 ans", unit="%",
                     formula="taux(chomeurs, actifs)", direction="worse", user=user)
    indicator_create(slug="population", label="Population", formula="pop", unit="habitants",
                     kind="count", decimals=0, user=user)
    indicator_create(slug="activite", label="Actifs pour 100 habitants", unit="%",
                     formula="taux(actifs, pop)", user=user)


def scenario(slug: str, within: str, steps: list[tuple[str, str, str]]):
    from terreau.accounts.models import TerritorialGroup
    from terreau.scenarios.models import Scenario, Step

    group, _ = TerritorialGroup.objects.get_or_create(slug="banc", defaults={"name": "Banc"})
    scenario = Scenario.objects.create(slug=slug, title=f"Banc d'essai {within}", group=group,
                                       question="Où le chômage pèse-t-il ?",
                                       visibility="public")
    for position, (kind, query, title) in enumerate(steps, start=1):
        Step.objects.create(scenario=scenario, position=position, kind=kind, title=title,
                            query=query.format(dans=within), narrative=f"Récit de « {title} ».")
    return scenario


def scenarios():
    five = [("carte", "indicateur=chomage&niveau=commune&dans={dans}", "Chômage"),
            ("carte", "indicateur=population&niveau=commune&dans={dans}", "Population"),
            ("rapprochement", "carte=chomage,commune,{dans}&carte=population,commune,{dans}",
             "Chômage et population"),
            ("carte", "indicateur=activite&niveau=commune&dans={dans}", "Activité"),
            ("rapprochement", "carte=chomage,commune,{dans}&carte=activite,commune,{dans}"
             "&carte=population,commune,{dans}", "Trois cartes")]
    three = [five[0], five[1], five[2]]
    return [("(a) 5 étapes, 272 communes d'Indre-et-Loire", scenario("banc-37", "37", five)),
            ("(b) 3 étapes, 1 776 communes du Centre-Val de Loire",
             scenario("banc-cvl", "24", three))]


def export_times(item, repeats: int) -> tuple[bytes, float, float]:
    from terreau.indicators.management.operator import command_line_user
    from terreau.scenarios.offline import scenario_offline_html

    user = command_line_user()
    times, content = [], b""
    for _ in range(repeats + 1):
        started = time.perf_counter()
        content = scenario_offline_html(item, user)
        times.append(time.perf_counter() - started)
    return content, times[0], statistics.median(times[1:])


def pdf_time(item, path: Path) -> tuple[int, float]:
    """The PDF of the same scenario (static maps rendered on the server), one run."""
    from terreau.indicators.management.operator import command_line_user
    from terreau.scenarios.pdf import scenario_pdf

    started = time.perf_counter()
    content = scenario_pdf(item, command_line_user())
    seconds = time.perf_counter() - started
    path.write_bytes(content)
    return len(content), seconds


def baseline_file(data: Path, codes: list[str], folder: Path) -> tuple[Path, int, float]:
    """geopandas: the same communes from the source file, written with to_json."""
    import geopandas

    started = time.perf_counter()
    frame = geopandas.read_file(data / COMMUNES_CVL)
    frame = frame[frame["code"].isin(codes)]
    text = frame.to_json()
    path = folder / "communes.geojson"
    path.write_text(text, encoding="utf-8")
    return path, len(text.encode()), time.perf_counter() - started


def bare_page(geojson: str) -> str:
    """MapLibre inlined as the offline file does it, with the GeoJSON and one colour."""
    from terreau.scenarios.offline import SCRIPTS, json_safe, script_safe, static_text

    main = script_safe(static_text(SCRIPTS["maplibre-main"]))
    worker = script_safe(static_text(SCRIPTS["maplibre-worker"]))
    return f"""<!doctype html><html><head><meta charset="utf-8"></head>
<body style="margin:0"><div id="m" style="width:1200px;height:800px"></div>
<script type="text/plain" id="main">{main}</script>
<script type="text/plain" id="worker">{worker}</script>
<script type="application/json" id="zones">{json_safe(__import__('json').loads(geojson))}</script>
<script type="module">
const url = (id) => URL.createObjectURL(new Blob([document.getElementById(id).textContent],
  {{type: "text/javascript"}}));
const maplibregl = await import(url("main"));
maplibregl.setWorkerUrl(url("worker"));
const data = JSON.parse(document.getElementById("zones").textContent);
const map = new maplibregl.Map({{container: "m", center: [1.7, 47.4], zoom: 6,
  style: {{version: 8, sources: {{}}, layers: []}}}});
map.on("load", () => {{
  map.addSource("z", {{type: "geojson", data}});
  map.addLayer({{id: "f", type: "fill", source: "z", paint: {{"fill-color": "#a8cfbb"}}}});
  map.addLayer({{id: "l", type: "line", source: "z", paint: {{"line-color": "#1f5f45"}}}});
}});
map.on("idle", () => {{ if (map.getSource("z") && map.isSourceLoaded("z"))
  document.body.dataset.mapIdle = "1"; }});
</script></body></html>"""


def open_times(paths: dict[str, Path], ready: dict[str, str], repeats: int) -> dict:
    from playwright.sync_api import sync_playwright

    results = {key: [] for key in paths}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(repeats + 1):  # the first run warms Chromium up
            for key, path in paths.items():
                context = browser.new_context(offline=True,
                                              viewport={"width": 1280, "height": 900})
                page = context.new_page()
                started = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_function(ready[key], timeout=60_000, polling=20)
                if run:
                    results[key].append(time.perf_counter() - started)
                context.close()
        browser.close()
    return {key: statistics.median(values) for key, values in results.items()}


def verdict(value: float, goal: float, unit: str) -> str:
    return f"objectif ≤ {goal:g} {unit} : {'atteint' if value <= goal else 'NON atteint'}"


def main() -> int:
    parser = argument_parser(__doc__)
    parser.add_argument("--repeats", type=int, default=3, help="mesures (médiane)")
    parser.add_argument("--out", type=Path, default=None,
                        help="dossier où garder les fichiers écrits (défaut : jetable)")
    args = parser.parse_args()
    if not (args.data / COMMUNES_CVL).exists():
        print(f"Fichier introuvable : {args.data / COMMUNES_CVL} (option --data)",
              file=sys.stderr)
        return 2
    with throwaway_django(), tempfile.TemporaryDirectory(prefix="terreau-export-") as folder:
        folder = args.out or Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        count = load(args.data)
        load_dataset(args.data)
        indicators()
        print(f"Communes : {count} ({time.perf_counter() - started:.1f} s de chargement)")
        from terreau.territory.models import Zone

        paths, ready, rows, pdfs = {}, {}, [], []
        for n, (label, item) in enumerate(scenarios()):
            content, first, warm = export_times(item, args.repeats)
            path = folder / f"scenario-{n}.html"
            path.write_bytes(content)
            paths[label], ready[label] = path, FIRST_MAP
            rows.append((label, len(content), len(gzip.compress(content)), first, warm))
            pdfs.append((label, *pdf_time(item, path.with_suffix(".pdf"))))
            communes = Zone.objects.filter(level="commune")
            if n == 0:  # Indre-et-Loire only
                communes = communes.filter(code__startswith="37")
            codes = list(communes.values_list("code", flat=True))
            geo_path, size, seconds = baseline_file(args.data, codes, folder)
            bare = folder / f"nue-{n}.html"
            bare.write_text(bare_page(geo_path.read_text(encoding="utf-8")), encoding="utf-8")
            key = f"    référence {label[:3]} : geopandas to_json + page MapLibre nue"
            paths[key], ready[key] = bare, "document.body.dataset.mapIdle === '1'"
            rows.append((key, bare.stat().st_size, size, seconds, None))
        opened = open_times(paths, ready, args.repeats)
    for label, size, second, first, warm in rows:
        mb = size / 1e6
        if warm is None:
            print(f"{label} : GeoJSON {second / 1e6:.2f} Mo écrit en {first:.2f} s ; page "
                  f"{mb:.2f} Mo ; ouverture → carte {opened[label]:.2f} s")
            continue
        print(f"{label} : {mb:.2f} Mo ({second / 1e6:.2f} Mo compressé, "
              f"{verdict(mb, GOALS['size'], 'Mo')}) ; export {first:.2f} s la première fois, "
              f"{warm:.2f} s ensuite ({verdict(first, GOALS['export'], 's')}) ; ouverture hors "
              f"ligne → première carte {opened[label]:.2f} s "
              f"({verdict(opened[label], GOALS['open'], 's')})")
    for label, size, seconds in pdfs:
        print(f"{label}, en PDF : {size / 1e6:.2f} Mo en {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
