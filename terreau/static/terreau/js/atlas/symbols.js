// Proportional symbols: a circle per zone (point on surface from /api/v1/atlas/points), its
// area proportional to a count indicator's value, drawn over the choropleth, with a legend of
// reference circles.
import {formatValue} from "./choropleth.js";

const MAX_RADIUS = 26;
const SVG = "http://www.w3.org/2000/svg";

/** Round to one significant digit, downwards: 48 213 → 40 000. */
export function niceValue(value) {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  return Math.floor(value / power) * power;
}

export function createSymbols(map, {source = "symboles", beforeId} = {}) {
  map.addSource(source, {type: "geojson", data: {type: "FeatureCollection", features: []}});
  map.addLayer({
    id: `${source}-circle`, type: "circle", source,
    layout: {"circle-sort-key": ["-", 0, ["get", "valeur"]]},
    paint: {
      "circle-radius": 0, "circle-color": "#24327a", "circle-opacity": 0.45,
      "circle-stroke-color": "#ffffff", "circle-stroke-width": 1,
    },
  }, beforeId);
  const layerId = `${source}-circle`;

  return {
    layerId,
    /** Draw the circles of `points` (GeoJSON, properties code) sized by payload's values. */
    show(points, payload) {
      const values = new Map(payload.zones.filter((z) => typeof z.valeur === "number" && z.valeur > 0)
        .map((z) => [z.code, z.valeur]));
      const features = points.features.filter((f) => values.has(f.properties.code))
        .map((f) => ({...f, properties: {...f.properties, valeur: values.get(f.properties.code)}}));
      const max = Math.max(0, ...values.values());
      const scale = max > 0 ? MAX_RADIUS / Math.sqrt(max) : 0;
      map.getSource(source).setData({type: "FeatureCollection", features});
      map.setPaintProperty(layerId, "circle-radius", ["*", scale, ["sqrt", ["get", "valeur"]]]);
      map.setLayoutProperty(layerId, "visibility", "visible");
      return {max, scale};
    },
    hide() {
      map.setLayoutProperty(layerId, "visibility", "none");
    },
  };
}

/** The legend of the circles: 3 reference values as nested circles, labelled. */
export function renderSymbolLegend(container, payload, {max, scale}) {
  container.replaceChildren();
  if (!max) return;
  const title = document.createElement("p");
  title.className = "legend-subtitle";
  const unit = payload.indicateur.unite ? ` (${payload.indicateur.unite})` : "";
  title.textContent = `Cercles : ${payload.indicateur.libelle}${unit}, surface proportionnelle à la valeur`;
  const values = [...new Set([niceValue(max), niceValue(max / 4), niceValue(max / 16)])]
    .filter((v) => v > 0);
  const biggest = scale * Math.sqrt(values[0]);
  const height = 2 * biggest + 8;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("width", String(2 * biggest + 130));
  svg.setAttribute("height", String(height));
  svg.setAttribute("aria-hidden", "true");
  const list = document.createElement("ul");
  list.className = "visually-hidden";
  const bottom = height - 2;
  let labelY = -Infinity;
  for (const value of values) {  // largest first: labels go down, at least 13 px apart
    const r = scale * Math.sqrt(value);
    const top = bottom - 2 * r;
    labelY = Math.max(top + 4, labelY + 13);
    const shape = (tag, attributes) => {
      const node = document.createElementNS(SVG, tag);
      for (const [key, v] of Object.entries(attributes)) node.setAttribute(key, String(v));
      svg.append(node);
      return node;
    };
    shape("circle", {cx: biggest + 2, cy: bottom - r, r, fill: "#24327a", "fill-opacity": 0.2,
      stroke: "#24327a"});
    shape("line", {x1: biggest + 2, y1: top, x2: 2 * biggest + 10, y2: labelY,
      stroke: "#5f6b65", "stroke-width": 0.75});
    const text = shape("text", {x: 2 * biggest + 14, y: labelY, "font-size": 11,
      "dominant-baseline": "middle"});
    text.textContent = formatValue(value, {...payload.indicateur, decimales: 0});
    const item = document.createElement("li");
    item.textContent = `cercle de référence : ${text.textContent}`;
    list.append(item);
  }
  svg.setAttribute("height", String(Math.max(height, labelY + 8)));
  container.append(title, svg, list);
}
