// Map of a campaign's answers per zone (follow-up page). Each zone takes the colour of its
// count's class; zones without answer, or whose count is hidden ("moins de 11", the same
// rule as the table beside the map), stay grey. The table remains the accessible reading.
import {addZoneLayers, makeZonesInteractive, markIdleWhenLoaded, reportLoadErrors, startMap}
  from "../maplib.js";

const SOURCE = "reponses";
const container = document.querySelector("[data-followup-map]");
const data = JSON.parse(document.getElementById("followup-map-data")?.textContent || "{}");
const counts = data.comptes || {};
const classes = data.classes || [];

function colorOf(count) {
  if (count === null || count === undefined) return data.gris;
  const found = classes.find((c) => count >= c.min && count <= c.max);
  return found ? found.couleur : data.gris;
}

/** MapLibre expression: the zone's colour from its code (grey by default). */
function fillExpression() {
  const pairs = Object.entries(counts).flatMap(([code, count]) => [code, colorOf(count)]);
  return pairs.length ? ["match", ["get", "code"], ...pairs, data.gris] : data.gris;
}

function describe(feature) {
  const {nom, code} = feature.properties;
  let text;
  if (!(code in counts)) text = "aucune réponse";
  else if (counts[code] === null) text = `moins de ${data.seuil}`;
  else text = `${counts[code]} réponse${counts[code] > 1 ? "s" : ""}`;
  return `${nom} (${code}) : ${text}`;
}

const map = container ? startMap(container) : null;
if (map) {
  reportLoadErrors(map, container);
  markIdleWhenLoaded(map, SOURCE);
  map.on("load", () => {
    addZoneLayers(map, SOURCE, container.dataset.layerUrl, {fill: fillExpression(), opacity: 0.85});
    makeZonesInteractive(map, SOURCE, "", {describe, onClick: () => {}});
  });
}
