// Shared set-up of Terreau's maps: MapLibre without a basemap, zones drawn as fill + line.
import * as maplibregl from "maplibre-gl";

export const COLORS = {
  background: "#eef2ef", fill: "#a8cfbb", fillHover: "#f4a300", line: "#1f5f45", zone: "#a4161a",
};

// MapLibre's interface texts, in French.
const LOCALE = {
  "Map.Title": "Carte interactive : flèches pour la déplacer, + et − pour zoomer",
  "NavigationControl.ZoomIn": "Zoomer",
  "NavigationControl.ZoomOut": "Dézoomer",
  "NavigationControl.ResetBearing": "Remettre le nord en haut",
  "Popup.Close": "Fermer",
  "AttributionControl.ToggleAttribution": "Afficher les sources",
  "ScrollZoomBlocker.CtrlMessage": "Utilisez Ctrl + molette pour zoomer",
  "ScrollZoomBlocker.CmdMessage": "Utilisez ⌘ + molette pour zoomer",
  "TouchPanBlocker.Message": "Utilisez deux doigts pour déplacer la carte",
};

/** Tell whether the browser can run MapLibre (WebGL 2 is mandatory in v6). */
export function hasWebGL2() {
  try {
    return Boolean(document.createElement("canvas").getContext("webgl2"));
  } catch {
    return false;
  }
}

/** Replace the map container by the French "no WebGL" message; tables stay in place. */
export function showNoWebGL(container) {
  const template = document.getElementById("no-webgl-message");
  container.replaceWith(template.content.cloneNode(true));
}

/**
 * Create the map of `container` (kept in window.terreauMap for the tests) and return it, or show
 * the "no WebGL" message and return null when the browser cannot draw it.
 */
export function startMap(container) {
  if (!hasWebGL2()) {
    showNoWebGL(container);
    return null;
  }
  let map;
  try {
    map = createMap(container);
  } catch (error) {
    console.warn("Carte indisponible :", error);
    showNoWebGL(container);
    return null;
  }
  window.terreauMap = map;
  return map;
}

/** Return the URL of a zone page from the template given by the server. */
export function zoneUrl(template, level, code) {
  return template.replace("__niveau__", encodeURIComponent(level))
    .replace("__code__", encodeURIComponent(code));
}

const BASEMAP = "fond";

/**
 * The map's style: a plain background, and the basemap tiles the instance configured
 * (TERREAU_TILE_URL, given by the page in <meta name="terreau-tiles">), if any.
 */
function baseStyle() {
  const style = {
    version: 8, sources: {},
    layers: [{id: "background", type: "background", paint: {"background-color": COLORS.background}}],
  };
  const tiles = document.querySelector("meta[name=terreau-tiles]");
  if (tiles?.content) {
    style.sources[BASEMAP] = {type: "raster", tiles: [tiles.content], tileSize: 256,
      attribution: tiles.dataset.attribution || ""};
    style.layers.push({id: BASEMAP, type: "raster", source: BASEMAP,
      paint: {"raster-opacity": 0.6}});
  }
  return style;
}

/** Create a map in `container`, fitted to its data-bbox, with a plain background. */
export function createMap(container) {
  maplibregl.setWorkerUrl(new URL(container.dataset.workerUrl, window.location.href).href);
  const bbox = container.dataset.bbox ? JSON.parse(container.dataset.bbox) : null;
  const map = new maplibregl.Map({
    container,
    style: baseStyle(),
    bounds: bbox ? [[bbox[0], bbox[1]], [bbox[2], bbox[3]]] : undefined,
    center: bbox ? undefined : [2.5, 46.6],
    zoom: bbox ? undefined : 4.5,
    fitBoundsOptions: {padding: 16},
    locale: LOCALE,
    attributionControl: {compact: true, customAttribution: "Contours : IGN / INSEE"},
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
  });
  map.addControl(new maplibregl.NavigationControl({showCompass: false}));
  return map;
}

/** Draw a GeoJSON source (URL or object) as a fill that lights up on hover, and its borders. */
export function addZoneLayers(map, id, data, {fill = COLORS.fill, opacity = 0.75} = {}) {
  map.addSource(id, {type: "geojson", data});
  map.addLayer({
    id: `${id}-fill`, type: "fill", source: id,
    paint: {
      "fill-color": ["case", ["boolean", ["feature-state", "hover"], false], COLORS.fillHover, fill],
      "fill-opacity": opacity,
    },
  });
  map.addLayer({
    id: `${id}-line`, type: "line", source: id,
    paint: {"line-color": COLORS.line, "line-width": ["interpolate", ["linear"], ["zoom"], 5, 0.3, 10, 1.2]},
  });
}

/** Highlight one feature of a source at a time (null clears); return the setter. */
export function hoverHighlighter(map, source) {
  let current = null;
  return (id) => {
    if (current === id) return;
    if (current !== null) map.setFeatureState({source, id: current}, {hover: false});
    current = id;
    if (id !== null) map.setFeatureState({source, id}, {hover: true});
  };
}

/** The default text beside the pointer: the zone's name and code. */
const nameAndCode = (feature) => `${feature.properties.nom} (${feature.properties.code})`;

/**
 * Show a text beside the pointer (`describe(feature)`, by default name and code), light the
 * zone up, and on click call `onClick(feature, refresh)` — by default open the zone's page
 * (`refresh()` rewrites the text of the zone under the pointer). Return the highlighter.
 */
export function makeZonesInteractive(map, source, zoneUrlTemplate,
  {describe = nameAndCode, onClick = null} = {}) {
  const layer = `${source}-fill`;
  const highlight = hoverHighlighter(map, source);
  const popup = new maplibregl.Popup({
    closeButton: false, closeOnClick: false, className: "zone-tooltip", offset: 12, maxWidth: "18rem",
  });
  map.on("mousemove", layer, (event) => {
    const feature = event.features[0];
    highlight(feature.id);
    popup.setLngLat(event.lngLat).setText(describe(feature)).addTo(map);
    map.getCanvas().style.cursor = "pointer";
  });
  map.on("mouseleave", layer, () => {
    highlight(null);
    popup.remove();
    map.getCanvas().style.cursor = "";
  });
  map.on("click", layer, (event) => {
    const feature = event.features[0];
    if (onClick) {
      onClick(feature, () => popup.setText(describe(feature)));
      return;
    }
    const {niveau, code} = feature.properties;
    window.location.assign(zoneUrl(zoneUrlTemplate, niveau, code));
  });
  return highlight;
}

/** Mark the page once the map has drawn its source (tests wait for data-map-idle). */
export function markIdleWhenLoaded(map, source) {
  map.on("idle", () => {
    if (map.getSource(source) && map.isSourceLoaded(source)) {
      document.body.dataset.mapIdle = "1";
    }
  });
}

/** Say so (once, in French) when the zones cannot be loaded, e.g. after the session expired. */
export function reportLoadErrors(map, container) {
  let shown = false;
  map.on("error", (event) => {
    console.warn("Carte :", event.error);
    if (shown || !event.sourceId || event.sourceId === BASEMAP) return;  // the zones still draw
    shown = true;
    const message = document.createElement("p");
    message.className = "notice";
    message.setAttribute("role", "alert");
    message.textContent = "Les zones n'ont pas pu être chargées sur la carte. Rechargez la page "
      + "(si vous étiez absent·e longtemps, reconnectez-vous). Le tableau reste utilisable.";
    container.before(message);
  });
}
