// The small map of the import preview: the first zones of the uploaded file, names on hover.
import * as maplibregl from "maplibre-gl";
import {addZoneLayers, hoverHighlighter, markIdleWhenLoaded, startMap} from "./maplib.js";

function start(container) {
  const map = startMap(container);
  if (!map) return;
  const features = JSON.parse(document.getElementById("preview-features").textContent);
  markIdleWhenLoaded(map, "preview");
  map.on("load", () => {
    addZoneLayers(map, "preview", features);
    const highlight = hoverHighlighter(map, "preview");
    const popup = new maplibregl.Popup({closeButton: false, closeOnClick: false,
      className: "zone-tooltip", offset: 12});
    map.on("mousemove", "preview-fill", (event) => {
      const {code, nom} = event.features[0].properties;
      highlight(event.features[0].id);
      popup.setLngLat(event.lngLat).setText(`${nom} (${code})`).addTo(map);
    });
    map.on("mouseleave", "preview-fill", () => {
      highlight(null);
      popup.remove();
    });
  });
}

const container = document.getElementById("preview-map");
if (container) start(container);
