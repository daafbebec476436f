// A classified map (choropleth) on a MapLibre map: shared by the explorer (/atlas/) and the
// comparison page (/atlas/rapprochement/). Stable API — change it only with both pages.
//
//   import {createChoropleth, formatValue, classLabels} from "./choropleth.js";
//   const map = startMap(container);                         // from ../maplib.js
//   map.on("load", async () => {
//     const chart = createChoropleth(map, {source: "zones", layerUrl});
//     await chart.loaded;                                    // the geometry is drawn
//     chart.applyPayload(payload);                           // a /api/v1/atlas/carte payload
//   });
//
// createChoropleth(map, {source = "zones", layerUrl, beforeId, opacity = 0.88}) → chart
//   Adds a GeoJSON source `source` (features keyed by their `code` property: promoteId) and
//   three layers: `${source}-fill` (class colour), `${source}-hatch` (hatching over zones
//   without value, from zoom 6 on; plain grey below), `${source}-line` (borders, thick and
//   dark around the hovered zone).
//   Colours live in feature-state: changing values, classes or palette never refetches the
//   geometry.
// chart.loaded                  Promise, resolved once the current layer's data is loaded.
// chart.setLayer(url) → Promise  Replace the geometry (another territory or level); clears
//                               the values; resolves when the new data is loaded.
// chart.setClasses(zones, colours, missingColour)
//                               Paint: zones = [{code, classe (0..k-1, or null = no value),
//                               valeur (number|null)}], colours[classe] = "#hex". Also serves
//                               bivariate maps (classe = cell 0..8, 9 colours).
// chart.applyPayload(payload)   setClasses from a carte payload (classification may be null:
//                               every zone is then drawn as "sans valeur").
// chart.zone(code)              {code, nom, valeur, classe, rang, raison} of the last payload
//                               (nom, rang, raison only through applyPayload), or undefined.
// chart.setThreshold(range)     range = null (no highlight) or {min, max} (either may be null
//                               = open end, bounds included): zones inside stay bright, the
//                               others fade (zones without value fade too). Returns the count
//                               of zones inside. Paint-only: live on a slider.
// chart.countInside(range)      The same count, without painting.
// chart.setSelection(codes)     null, or an iterable of codes to light up (others fade);
//                               combines with the threshold (a zone must pass both).
// chart.setHover(code)          Outline one zone (null clears), e.g. hovered on another map.
// chart.onHover(fn)             fn(code | null, event) when the pointer enters/leaves zones
//                               (the outline and the pointer cursor are handled here).
// chart.onClick(fn)             fn(code, event) on a click on a zone.
// chart.tooltip(fn)             fn(code) → text (or null): shown beside the pointer.
// chart.layerIds                {fill, hatch, line, hover}: to place other layers above
//                               (hover is the line layer: one line layer less to build).
//
// Helpers: formatValue(value, {unite, decimales}) → "12,3 %" (French, non-breaking spaces);
// classLabels(classification, indicateur) → ["de 5,2 à 8,1 %", …] one label per class.
import * as maplibregl from "maplibre-gl";

const HATCH_IMAGE = "terreau-hatch";
const FADED = 0.15;
const HATCH_MIN_ZOOM = 6;
const MISSING_DEFAULT = "#d9d9d9";
const LINE_COLOR = "#3d4a44";
const HOVER_COLOR = "#111111";

/** Format a number the French way with the indicator's decimals and unit ("12,3 %"). */
export function formatValue(value, {unite = "", decimales = 1} = {}) {
  if (value === null || value === undefined || Number.isNaN(value)) return "sans valeur";
  const digits = Math.max(0, Math.min(6, Number.isInteger(decimales) ? decimales : 1));
  const text = new Intl.NumberFormat("fr-FR", {
    minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(value);
  return unite ? `${text}\u202f${unite}`.replace("\u202f€", "\u00a0€") : text;
}

/** Label each class by its bounds in the unit: "de 5,2 à 8,1 %" (the first from the minimum). */
export function classLabels(classification, indicateur = {}) {
  if (!classification) return [];
  const {bornes, min} = classification;
  return bornes.map((upper, i) => {
    const lower = i === 0 ? min : bornes[i - 1];
    const format = (v) => formatValue(v, {...indicateur, unite: ""});
    const unit = indicateur.unite ? `\u202f${indicateur.unite}` : "";
    return `de ${format(lower)} à ${format(upper)}${unit}`;
  });
}

// Diagonal grey stripes on transparent pixels, drawn once per map.
function hatchImage(size = 8) {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      if ((x + y) % size < 2) data.set([90, 90, 90, 200], (y * size + x) * 4);
    }
  }
  return {width: size, height: size, data};
}

// Simplification of the layer (in pixels, for each zoom): MapLibre's default 0.375 for a
// territory; 2 for the layers of a whole level (the ~35,000 communes of France), where it
// makes the map draw several times faster. Each polygon is simplified on its own, so the
// coarser one opens slivers between neighbours: kept for the national view only.
const TOLERANCE = 0.375;
const NATIONAL_TOLERANCE = 2;

function toleranceFor(url) {
  return new URL(url, window.location.href).searchParams.get("dans") ? TOLERANCE
    : NATIONAL_TOLERANCE;
}

function whenLoaded(map, source) {
  return new Promise((resolve) => {
    const check = () => {
      if (map.getSource(source) && map.isSourceLoaded(source)) {
        map.off("sourcedata", check);
        resolve();
      }
    };
    map.on("sourcedata", check);
    check();
  });
}

function inside(value, range) {
  if (typeof value !== "number") return false;
  if (range.min !== null && range.min !== undefined && value < range.min) return false;
  return !(range.max !== null && range.max !== undefined && value > range.max);
}

export function createChoropleth(map, {source = "zones", layerUrl, beforeId, opacity = 0.88} = {}) {
  const ids = {fill: `${source}-fill`, hatch: `${source}-hatch`, line: `${source}-line`,
    hover: `${source}-line`};
  const zones = new Map();
  let threshold = null;
  let selection = null;
  let hovered = null;
  const hoverHandlers = [];
  const clickHandlers = [];
  let tooltipText = null;

  if (!map.hasImage(HATCH_IMAGE)) map.addImage(HATCH_IMAGE, hatchImage(), {pixelRatio: 1});
  // Every paint property below is set once: colours and fading live in feature-state. Setting
  // a data-driven paint property again makes MapLibre rebuild every tile of the source (seconds
  // over the 35,000 communes of France); changing feature-state only refreshes paint arrays.
  const classState = ["coalesce", ["feature-state", "classe"], -2];
  const faded = ["boolean", ["feature-state", "terne"], false];
  // Hatching from zoom 6 on: below (all of France) zones without value stay plain grey, as
  // a second fill layer over 35,000 communes costs about a second of triangulation.
  const hatched = ["==", classState, -1];
  // Borders, and the hovered zone's outline through feature-state (no second line layer: on
  // the 35,000 communes of France each line layer costs seconds of tessellation).
  const hover = ["boolean", ["feature-state", "hover"], false];
  const width = (thin) => ["case", hover, 2.5, thin];
  const layers = [
    {id: ids.fill, type: "fill", source, paint: {
      "fill-color": ["to-color", ["coalesce", ["feature-state", "couleur"], MISSING_DEFAULT]],
      "fill-opacity": ["case", faded, FADED, opacity]}},
    {id: ids.hatch, type: "fill", source, minzoom: HATCH_MIN_ZOOM, paint: {
      "fill-pattern": HATCH_IMAGE, "fill-opacity": ["case", hatched, ["case", faded, 0.3, 1], 0]}},
    {id: ids.line, type: "line", source, paint: {
      "line-color": ["case", hover, HOVER_COLOR, LINE_COLOR],
      "line-opacity": ["case", hover, 1, 0.55],
      "line-width": ["interpolate", ["linear"], ["zoom"], 5, width(0.2), 9, width(0.6), 12,
        width(1.2)]}},
  ];
  let tolerance = toleranceFor(layerUrl);
  map.addSource(source, {type: "geojson", data: layerUrl, promoteId: "code", tolerance});
  for (const layer of layers) map.addLayer(layer, beforeId);

  // A source's simplification is fixed when it is added: to change it, add it again.
  function replaceSource(url) {
    const order = map.getStyle().layers.map((layer) => layer.id);
    const above = order[order.indexOf(ids.line) + 1];  // e.g. the circles: they stay above
    for (const layer of layers) map.removeLayer(layer.id);
    map.removeSource(source);
    tolerance = toleranceFor(url);
    map.addSource(source, {type: "geojson", data: url, promoteId: "code", tolerance});
    for (const layer of layers) map.addLayer(layer, above);
  }

  const chart = {layerIds: ids, loaded: whenLoaded(map, source)};
  const fadedCodes = new Set();

  function isFaded(code, zone) {
    if (threshold && !inside(zone.valeur, threshold)) return true;
    return Boolean(selection && !selection.has(code));
  }

  // Fade the zones outside the threshold or the selection: only the zones that change.
  function paintOpacity() {
    for (const [code, zone] of zones) {
      const fade = isFaded(code, zone);
      if (fade === fadedCodes.has(code)) continue;
      if (fade) fadedCodes.add(code);
      else fadedCodes.delete(code);
      map.setFeatureState({source, id: code}, {terne: fade});
    }
  }

  chart.setLayer = (url) => {
    zones.clear();
    fadedCodes.clear();
    hovered = null;
    map.removeFeatureState({source});
    if (toleranceFor(url) === tolerance) map.getSource(source).setData(url);
    else replaceSource(url);
    chart.loaded = whenLoaded(map, source);
    return chart.loaded;
  };

  chart.setClasses = (rows, colours, missingColour = MISSING_DEFAULT) => {
    map.removeFeatureState({source});
    zones.clear();
    fadedCodes.clear();
    for (const row of rows) {
      const classe = row.classe === null || row.classe === undefined ? -1 : row.classe;
      const zone = {...row, classe: classe < 0 ? null : classe};
      zones.set(row.code, zone);
      const fade = isFaded(row.code, zone);
      if (fade) fadedCodes.add(row.code);
      map.setFeatureState({source, id: row.code}, {
        classe, valeur: typeof row.valeur === "number" ? row.valeur : null,
        couleur: colours[classe] ?? missingColour, terne: fade,
        choisi: Boolean(selection?.has(row.code)),
      });
    }
    if (hovered !== null) map.setFeatureState({source, id: hovered}, {hover: true});
  };

  chart.applyPayload = (payload) => {
    const classification = payload.classification;
    const rows = payload.zones.map((zone) => ({...zone,
      classe: classification ? zone.classe : null}));
    chart.setClasses(rows, classification ? classification.couleurs : [],
      classification?.couleur_manquante || MISSING_DEFAULT);
  };

  chart.zone = (code) => zones.get(code);

  chart.countInside = (range) => {
    if (!range) return zones.size;
    let count = 0;
    for (const zone of zones.values()) if (inside(zone.valeur, range)) count += 1;
    return count;
  };

  chart.setThreshold = (range) => {
    threshold = range || null;
    paintOpacity();
    return chart.countInside(threshold);
  };

  chart.setSelection = (codes) => {
    if (selection) for (const code of selection) map.setFeatureState({source, id: code}, {choisi: false});
    selection = codes ? new Set(codes) : null;
    if (selection) for (const code of selection) map.setFeatureState({source, id: code}, {choisi: true});
    paintOpacity();
  };

  chart.setHover = (code) => {
    if (hovered === code) return;
    if (hovered !== null) map.setFeatureState({source, id: hovered}, {hover: false});
    hovered = code ?? null;
    if (hovered !== null) map.setFeatureState({source, id: hovered}, {hover: true});
  };

  chart.onHover = (fn) => hoverHandlers.push(fn);
  chart.onClick = (fn) => clickHandlers.push(fn);
  chart.tooltip = (fn) => { tooltipText = fn; };

  const popup = new maplibregl.Popup({closeButton: false, closeOnClick: false,
    className: "zone-tooltip", offset: 12, maxWidth: "20rem"});
  map.on("mousemove", ids.fill, (event) => {
    const code = event.features[0]?.id ?? null;
    if (code === null) return;
    map.getCanvas().style.cursor = "pointer";
    const text = tooltipText ? tooltipText(code) : null;
    if (text) popup.setLngLat(event.lngLat).setText(text).addTo(map);
    if (code === hovered) return;
    chart.setHover(code);
    for (const fn of hoverHandlers) fn(code, event);
  });
  map.on("mouseleave", ids.fill, (event) => {
    map.getCanvas().style.cursor = "";
    popup.remove();
    chart.setHover(null);
    for (const fn of hoverHandlers) fn(null, event);
  });
  map.on("click", ids.fill, (event) => {
    const code = event.features[0]?.id;
    if (code !== undefined) for (const fn of clickHandlers) fn(code, event);
  });
  return chart;
}
