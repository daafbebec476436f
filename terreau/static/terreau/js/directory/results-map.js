// Map of the directory's results: one point per service found (all pages of the list), solid
// when the address is precise, pale when the position is the commune's centre. Clicking a
// point shows the service's name, its structure and a link to its page. The list beside the
// map is the accessible reading; the map only places the same services.
import * as maplibregl from "maplibre-gl";
import {markIdleWhenLoaded, reportLoadErrors, startMap} from "../maplib.js";

const SOURCE = "services";
const COLOURS = {precise: "#1f5f45", approximate: "#8fc1a9", stroke: "#ffffff", origin: "#a4161a"};
const container = document.querySelector("[data-directory-map]");
const data = JSON.parse(document.getElementById("directory-map-data")?.textContent || "null");
const origin = JSON.parse(document.getElementById("directory-map-origin")?.textContent || "null");

/** The popup's content, built as nodes (names are the records' text, never HTML). */
function popupContent(properties) {
  const box = document.createElement("div");
  const link = document.createElement("a");
  link.href = properties.url;
  link.textContent = properties.nom;
  const structure = document.createElement("p");
  structure.textContent = properties.structure
    + (properties.approximative ? " (position approximative)" : "");
  box.append(link, structure);
  return box;
}

function addOrigin(map) {
  map.addSource("depart", {type: "geojson",
    data: {type: "Feature", geometry: {type: "Point", coordinates: origin}, properties: {}}});
  map.addLayer({id: "depart", type: "circle", source: "depart", paint: {
    "circle-radius": 7, "circle-color": COLOURS.origin, "circle-stroke-color": COLOURS.stroke,
    "circle-stroke-width": 2}});
}

function addServices(map) {
  map.addSource(SOURCE, {type: "geojson", data});
  map.addLayer({id: `${SOURCE}-points`, type: "circle", source: SOURCE, paint: {
    "circle-radius": ["interpolate", ["linear"], ["zoom"], 6, 4, 13, 8],
    "circle-color": ["case", ["get", "approximative"], COLOURS.approximate, COLOURS.precise],
    "circle-stroke-color": COLOURS.stroke, "circle-stroke-width": 1.5}});
  const layer = `${SOURCE}-points`;
  map.on("click", layer, (event) => {
    const feature = event.features[0];
    new maplibregl.Popup({offset: 10, maxWidth: "20rem"})
      .setLngLat(feature.geometry.coordinates).setDOMContent(popupContent(feature.properties))
      .addTo(map);
  });
  map.on("mouseenter", layer, () => { map.getCanvas().style.cursor = "pointer"; });
  map.on("mouseleave", layer, () => { map.getCanvas().style.cursor = ""; });
}

const map = container && data ? startMap(container) : null;
if (map) {
  reportLoadErrors(map, container);
  markIdleWhenLoaded(map, SOURCE);
  map.on("load", () => {
    addServices(map);
    if (origin) addOrigin(map);
  });
}
