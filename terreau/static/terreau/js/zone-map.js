// The small map of a zone page: its contour, and the zones it contains when they are drawn.
import {
  COLORS, addZoneLayers, createMap, hasWebGL2, makeZonesInteractive, markIdleWhenLoaded,
  reportLoadErrors, showNoWebGL,
} from "./maplib.js";

function start(container) {
  if (!hasWebGL2()) {
    showNoWebGL(container);
    return;
  }
  const geometry = JSON.parse(document.getElementById("zone-geometry").textContent);
  let map;
  try {
    map = createMap(container);
  } catch (error) {
    console.warn("Carte indisponible :", error);
    showNoWebGL(container);
    return;
  }
  window.terreauMap = map;
  reportLoadErrors(map, container);
  const childrenUrl = container.dataset.childrenUrl;
  markIdleWhenLoaded(map, childrenUrl ? "children" : "zone");
  map.on("load", () => {
    if (childrenUrl) {
      addZoneLayers(map, "children", childrenUrl, {opacity: 0.5});
      makeZonesInteractive(map, "children", container.dataset.zoneUrl);
    }
    map.addSource("zone", {type: "geojson", data: {type: "Feature", properties: {}, geometry}});
    if (!childrenUrl) {
      map.addLayer({id: "zone-fill", type: "fill", source: "zone",
        paint: {"fill-color": COLORS.fill, "fill-opacity": 0.75}});
    }
    map.addLayer({id: "zone-line", type: "line", source: "zone",
      paint: {"line-color": COLORS.zone, "line-width": 2.5}});
  });
}

const container = document.getElementById("zone-map");
if (container) start(container);
