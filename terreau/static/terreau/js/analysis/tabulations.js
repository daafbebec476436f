// Bar chart of the tabulation shown on the page (Vega-Lite, loaded as the atlas loads it).
// The table beside it says the same for everyone: the chart is hidden from screen readers,
// and when the chart cannot load it is simply removed.
//
// The loader is the atlas's (atlas/histogram.js), repeated here: importing that module
// imports choropleth.js and so MapLibre, which a page of tables neither has nor needs.

// French numbers, as in the atlas's charts ("12,5", thin space for thousands).
const FRENCH_FORMAT = {decimal: ",", thousands: "\u202f", grouping: [3], currency: ["", "\u00a0€"]};

/** Load Vega, Vega-Lite and vega-embed (classic scripts, in this order) from data-vega-scripts. */
function loadVega(holder) {
  if (typeof window.vegaEmbed === "function") return Promise.resolve();
  const urls = (holder.dataset.vegaScripts || "").split(" ").filter(Boolean);
  return urls.reduce((previous, url) => previous.then(() => new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement("script"), {src: url, async: false});
    script.onload = resolve;
    script.onerror = () => reject(new Error("Le graphique n'a pas pu être chargé."));
    document.head.append(script);
  })), Promise.resolve());
}

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
  loadVega(target)
    .then(() => window.vegaEmbed(target, spec(data), {actions: false, renderer: "svg",
      formatLocale: FRENCH_FORMAT}))
    .then(() => { target.dataset.chartReady = "1"; })
    .catch(() => target.closest("figure")?.remove());
} else if (target) {
  target.closest("figure")?.remove();
}
