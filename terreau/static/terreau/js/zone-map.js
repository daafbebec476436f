// The small map of a zone page: its contour, and the zones it contains when they are drawn.
import {
  COLORS, addZoneLayers, makeZonesInteractive, markIdleWhenLoaded, reportLoadErrors, startMap,
} from "./maplib.js";

function start(container) {
  const map = startMap(container);
  if (!map) return;
  const geometry = JSON.parse(document.getElementById("zone-geometry").textContent);
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
