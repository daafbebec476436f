// Histogram of the values beside the legend (Vega-Lite through vegaEmbed): bars coloured by
// the class of their middle, the class breaks as dashed rules, the threshold as a red rule.
import {FRENCH_FORMAT, loadVega} from "../charts.js";
import {formatValue} from "./choropleth.js";

const BINS = 30;

function classOf(value, breaks) {
  const index = breaks.findIndex((upper) => value <= upper);
  return index === -1 ? breaks.length - 1 : index;
}

/** Count the values in BINS equal bins; each bin takes the colour of its middle's class. */
export function binValues(values, classification) {
  const {min, max, bornes, couleurs} = classification;
  const width = (max - min) / BINS || 1;
  const counts = new Array(max > min ? BINS : 1).fill(0);
  for (const value of values) {
    counts[Math.min(counts.length - 1, Math.floor((value - min) / width))] += 1;
  }
  return counts.map((n, i) => {
    const start = min + i * width;
    const end = max > min ? start + width : max + 1e-9;
    return {debut: start, fin: end, n, couleur: couleurs[classOf((start + end) / 2, bornes)]};
  });
}

function spec(payload) {
  const {classification, indicateur} = payload;
  const values = payload.zones.map((zone) => zone.valeur).filter((v) => typeof v === "number");
  const unit = indicateur.unite ? ` (${indicateur.unite})` : "";
  const breaks = classification.bornes.slice(0, -1).map((borne) => ({borne,
    texte: formatValue(borne, indicateur)}));
  const digits = Math.max(0, Math.min(6, indicateur.decimales ?? 1));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: `Histogramme des valeurs de ${indicateur.libelle}${unit} : répartition des `
      + `${values.length} zones avec une valeur ; les traits pointillés marquent les limites de classes.`,
    width: "container", height: 110, autosize: {type: "fit", contains: "padding"},
    config: {view: {stroke: null}, axis: {labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600}},
    layer: [
      {data: {values: binValues(values, classification)},
        mark: {type: "bar", stroke: "#5f6b65", strokeWidth: 0.5},
        encoding: {
          x: {field: "debut", type: "quantitative", bin: {binned: true}, title: `Valeur${unit}`,
            axis: {format: `,.${digits}f`, labelOverlap: true}},
          x2: {field: "fin"},
          y: {field: "n", type: "quantitative", title: "Zones", axis: {format: "d", tickMinStep: 1}},
          color: {field: "couleur", type: "nominal", scale: null},
          tooltip: [{field: "n", type: "quantitative", title: "Zones"}],
        }},
      {data: {values: breaks}, mark: {type: "rule", color: "#1b1b1b", strokeDash: [3, 2]},
        encoding: {x: {field: "borne", type: "quantitative"},
          tooltip: [{field: "texte", type: "nominal", title: "Limite de classe"}]}},
      // Threshold rules: never an empty data set (Vega warns of an infinite extent).
      {data: {name: "seuil", values: [{v: classification.min, seen: 0}]},
        mark: {type: "rule", color: "#b42318", strokeWidth: 2},
        encoding: {x: {field: "v", type: "quantitative"},
          opacity: {field: "seen", type: "quantitative", scale: null}}},
    ],
  };
}

/**
 * Draw the histogram of a carte payload in `container` (emptied when there is nothing to
 * draw). Returns {setThreshold(values[])} to move the red rules.
 */
export async function renderHistogram(container, payload) {
  const ticket = String(Number(container.dataset.ticket || 0) + 1);
  container.dataset.ticket = ticket;  // a later call wins
  container.replaceChildren();
  const none = {setThreshold() {}};
  if (!payload.classification) return none;
  await loadVega();
  if (container.dataset.ticket !== ticket) return none;
  const result = await window.vegaEmbed(container, spec(payload),
    {actions: false, renderer: "svg", formatLocale: FRENCH_FORMAT});
  return {
    setThreshold(values) {
      const rows = values.map((v) => ({v, seen: 1}));
      result.view.data("seuil", rows.length ? rows : [{v: payload.classification.min, seen: 0}])
        .runAsync();
    },
  };
}
