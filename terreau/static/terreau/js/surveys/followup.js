// Bar chart of a campaign's answers per day (Vega-Lite, as the atlas). The table below it
// says the same for screen readers; days under the disclosure threshold are not drawn.
import {FRENCH_FORMAT, loadVega} from "../charts.js";

const target = document.querySelector("[data-campaign-chart]");
const data = JSON.parse(document.getElementById("campaign-chart-data")?.textContent || "{}");

function spec({jours}) {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: "container", height: 160, autosize: {type: "fit", contains: "padding"},
    config: {view: {stroke: null}, axis: {labelFontSize: 11, titleFontSize: 11}},
    data: {values: jours},
    mark: {type: "bar", color: "#2f6f4f"},
    encoding: {
      x: {field: "jour", type: "temporal", timeUnit: "yearmonthdate", title: "Jour",
        axis: {format: "%d/%m", labelOverlap: true}},
      y: {field: "reponses", type: "quantitative", title: "Réponses",
        axis: {format: "d", tickMinStep: 1}},
      tooltip: [{field: "jour", type: "temporal", timeUnit: "yearmonthdate", title: "Jour",
        format: "%d/%m/%Y"}, {field: "reponses", type: "quantitative", title: "Réponses"}],
    },
  };
}

if (target && data.jours?.length) {
  loadVega()
    .then(() => window.vegaEmbed(target, spec(data), {actions: false, renderer: "svg",
      formatLocale: FRENCH_FORMAT}))
    .catch(() => target.remove());  // the table says it all
}
