// The small map of a structure's or a service's page: its one point (pale and wider when the
// position is only the commune's centre). The address above says the same in words.
import {markIdleWhenLoaded, reportLoadErrors, startMap} from "../maplib.js";

const SOURCE = "lieu";
const container = document.querySelector("[data-place-map]");
const data = JSON.parse(document.getElementById("place-map-data")?.textContent || "null");

const map = container && data ? startMap(container) : null;
if (map) {
  reportLoadErrors(map, container);
  markIdleWhenLoaded(map, SOURCE);
  map.on("load", () => {
    map.addSource(SOURCE, {type: "geojson", data});
    map.addLayer({id: SOURCE, type: "circle", source: SOURCE, paint: {
      "circle-radius": ["case", ["get", "approximative"], 14, 8],
      "circle-color": ["case", ["get", "approximative"], "#8fc1a9", "#1f5f45"],
      "circle-stroke-color": "#ffffff", "circle-stroke-width": 2}});
  });
}
