// Charts of a saved analysis's results (Vega-Lite, loaded as the atlas does): the share of
// each axis (raw and corrected), the inertia gains that propose a number of profiles, and
// the factor map (categories and profile centres on two chosen axes). Each chart has a table
// beside it that says the same for screen readers and without JavaScript.

import {FRENCH_FORMAT, loadVega} from "../charts.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const CONFIG = {view: {stroke: null}, axis: {labelFontSize: 11, titleFontSize: 11}};
const TYPES = {active: "Réponse active", supplementary: "Réponse supplémentaire",
  profile: "Centre de profil"};
const EMBED = {actions: false, renderer: "svg", formatLocale: FRENCH_FORMAT};

function readJson(id) {
  return JSON.parse(document.getElementById(id)?.textContent || "null");
}

function eigenSpec(rows) {
  const values = rows.flatMap(({axe, brut, corrige}) => [
    {axe, serie: "% brut", valeur: brut},
    ...(corrige === null ? [] : [{axe, serie: "% corrigé (Benzécri)", valeur: corrige}])]);
  return {
    $schema: SCHEMA, width: "container", height: 180, autosize: {type: "fit", contains: "padding"},
    config: CONFIG, data: {values},
    mark: {type: "bar"},
    encoding: {
      x: {field: "axe", type: "ordinal", title: "Axe", axis: {labelAngle: 0}},
      xOffset: {field: "serie"},
      y: {field: "valeur", type: "quantitative", title: "% des différences expliqué"},
      color: {field: "serie", type: "nominal", title: null,
        scale: {range: ["#2f6f4f", "#b07d00"]}, legend: {orient: "top"}},
      tooltip: [{field: "axe", title: "Axe"}, {field: "serie", title: "Mesure"},
        {field: "valeur", type: "quantitative", format: ".1f", title: "%"}],
    },
  };
}

function gainsSpec(rows) {
  return {
    $schema: SCHEMA, width: "container", height: 160, autosize: {type: "fit", contains: "padding"},
    config: CONFIG, data: {values: rows},
    mark: {type: "bar"},
    encoding: {
      x: {field: "profils", type: "ordinal", title: "Nombre de profils avant la réunion",
        axis: {labelAngle: 0}},
      y: {field: "gain", type: "quantitative", title: "Perte en les réunissant"},
      color: {field: "choisi", type: "nominal", legend: null,
        scale: {domain: [false, true], range: ["#9bb5a8", "#2f6f4f"]}},
      tooltip: [{field: "profils", title: "Profils"},
        {field: "gain", type: "quantitative", format: ".4f", title: "Perte"}],
    },
  };
}

function mapSpec(data, x, y) {
  const values = data.points.filter((p) => p.coord.length >= Math.max(x, y))
    .map((p) => ({libelle: p.libelle, court: p.court, type: TYPES[p.type],
      x: p.coord[x - 1], y: p.coord[y - 1]}));
  const title = (n) => `Axe ${n} (${String(data.pourcentages[n - 1] ?? "").replace(".", ",")} %)`;
  const encoding = {
    x: {field: "x", type: "quantitative", title: title(x)},
    y: {field: "y", type: "quantitative", title: title(y)},
  };
  return {
    $schema: SCHEMA, width: "container", height: 420, autosize: {type: "fit", contains: "padding"},
    config: CONFIG, data: {values},
    layer: [
      {mark: {type: "rule", color: "#8a948f", strokeDash: [2, 2]}, data: {values: [{z: 0}]},
        encoding: {x: {field: "z", type: "quantitative"}}},
      {mark: {type: "rule", color: "#8a948f", strokeDash: [2, 2]}, data: {values: [{z: 0}]},
        encoding: {y: {field: "z", type: "quantitative"}}},
      {mark: {type: "point", filled: true, opacity: 0.9},
        encoding: {...encoding,
          color: {field: "type", type: "nominal", title: null, legend: {orient: "top"},
            scale: {domain: Object.values(TYPES), range: ["#2f6f4f", "#c2590a", "#3659a8"]}},
          shape: {field: "type", type: "nominal",
            scale: {domain: Object.values(TYPES), range: ["circle", "diamond", "square"]}},
          size: {condition: {test: "datum.type === 'Centre de profil'", value: 220}, value: 60},
          tooltip: [{field: "libelle", title: "Point"}, {field: "type", title: "Type"},
            {field: "x", type: "quantitative", format: ".3f", title: `Axe ${x}`},
            {field: "y", type: "quantitative", format: ".3f", title: `Axe ${y}`}]}},
      {mark: {type: "text", align: "left", dx: 6, dy: -4, fontSize: 10, limit: 160},
        encoding: {...encoding, text: {field: "court"},
          color: {condition: {test: "datum.type === 'Centre de profil'", value: "#1d3f73"},
            value: "#333"}}},
    ],
  };
}

async function draw(target, spec) {
  if (!target) return;
  try {
    await loadVega();
    await window.vegaEmbed(target, spec, EMBED);
    target.dataset.drawn = "true";
  } catch {
    target.remove();  // the table beside says it all
  }
}

const charts = readJson("analysis-charts-data");
if (charts) {
  if (charts.valeurs_propres?.length) {
    draw(document.querySelector("[data-chart=eigen]"), eigenSpec(charts.valeurs_propres));
  }
  if (charts.gains?.length) {
    draw(document.querySelector("[data-chart=gains]"), gainsSpec(charts.gains));
  }
}

const map = readJson("factor-map-data");
const mapTarget = document.querySelector("[data-factor-map]");
if (map && mapTarget && map.axes.length) {
  const show = (value) => {
    const [x, y] = value.split("-").map(Number);
    mapTarget.dataset.axes = value;
    draw(mapTarget, mapSpec(map, x, y));
  };
  for (const radio of document.querySelectorAll("[data-axes]")) {
    radio.addEventListener("change", () => radio.checked && show(radio.value));
  }
  show(document.querySelector("[data-axes]:checked")?.value || map.axes[0].join("-"));
}
