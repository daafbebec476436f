// Bar chart of the tabulation shown on the page (Vega-Lite, loaded as the atlas loads it).
// The table beside it says the same for everyone: the chart is hidden from screen readers,
// and when the chart cannot load it is simply removed.

import {FRENCH_FORMAT, loadVega} from "../charts.js";

const target = document.querySelector("[data-tab-chart]");
const data = JSON.parse(document.getElementById("tab-chart-data")?.textContent || "{}");
const BAR = 18;  // px per bar: long labels and many categories stay readable on a phone

function spec({barres, mesure, groupes}) {
  const grouped = Boolean(groupes);
  const categories = new Set(barres.map((b) => b.categorie)).size;
  const groups = grouped ? new Set(barres.map((b) => b.groupe)).size : 1;
  const percent = mesure.startsWith("%");
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: "container", height: Math.max(80, categories * groups * BAR + categories * 6),
    autosize: {type: "fit", contains: "padding"},
    config: {view: {stroke: null}, axis: {labelFontSize: 11, titleFontSize: 11, labelLimit: 180}},
    data: {values: barres},
    mark: {type: "bar", ...(grouped ? {} : {color: "#2f6f4f"})},
    encoding: {
      y: {field: "categorie", type: "nominal", sort: null, title: null},
      x: {field: "valeur", type: "quantitative", title: mesure,
        axis: {format: percent ? ",.0f" : ",d", tickMinStep: 1}},
      ...(grouped ? {
        yOffset: {field: "groupe", sort: null},
        color: {field: "groupe", type: "nominal", sort: null, title: groupes,
          scale: {scheme: "dark2"}, legend: {orient: "bottom", direction: "vertical"}},
      } : {}),
      tooltip: [
        {field: "categorie", title: "Réponse"},
        ...(grouped ? [{field: "groupe", title: groupes}] : []),
        {field: "texte", title: mesure},
      ],
    },
  };
}

if (target && data.barres?.length) {
  loadVega()
    .then(() => window.vegaEmbed(target, spec(data), {actions: false, renderer: "svg",
      formatLocale: FRENCH_FORMAT}))
    .then(() => { target.dataset.chartReady = "1"; })
    .catch(() => target.closest("figure")?.remove());
} else if (target) {
  target.closest("figure")?.remove();
}
