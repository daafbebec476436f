// Map of the actions: each action's zones (contour and a point at their centre), dark green
// for the actions of the person's groups, purple for those of other groups. Clicking shows
// the action's title as a link, its group and its state. The table beside the map lists the
// same actions: it is the accessible reading, the map only places them.
import * as maplibregl from "maplibre-gl";
import {markIdleWhenLoaded, reportLoadErrors, startMap} from "../terreau/js/maplib.js";

const SOURCE = "actions";
const COLOURS = {own: "#1f5f45", others: "#6a3d9a", stroke: "#ffffff"};
const BY_GROUP = ["case", ["get", "du_groupe"], COLOURS.own, COLOURS.others];

/** The popup's content, built as nodes (titles are the members' text, never HTML). */
function popupContent(properties) {
  const box = document.createElement("div");
  const link = document.createElement("a");
  link.href = properties.url;
  link.textContent = properties.titre;
  const facts = document.createElement("p");
  facts.textContent = `${properties.groupe} — ${properties.etat_libelle} — ${properties.zone}`;
  box.append(link, facts);
  return box;
}

function addActions(map, url) {
  map.addSource(SOURCE, {type: "geojson", data: url});
  map.addLayer({id: `${SOURCE}-zones`, type: "fill", source: SOURCE,
    filter: ["==", ["get", "kind"], "zone"],
    paint: {"fill-color": BY_GROUP, "fill-opacity": 0.25}});
  map.addLayer({id: `${SOURCE}-contours`, type: "line", source: SOURCE,
    filter: ["==", ["get", "kind"], "zone"],
    paint: {"line-color": BY_GROUP, "line-width": 1.5}});
  map.addLayer({id: `${SOURCE}-points`, type: "circle", source: SOURCE,
    filter: ["==", ["get", "kind"], "point"],
    paint: {"circle-radius": ["interpolate", ["linear"], ["zoom"], 6, 5, 13, 9],
      "circle-color": BY_GROUP, "circle-stroke-color": COLOURS.stroke,
      "circle-stroke-width": 1.5}});
  for (const layer of [`${SOURCE}-points`, `${SOURCE}-zones`]) {
    map.on("click", layer, (event) => {
      if (layer.endsWith("zones")
          && map.queryRenderedFeatures(event.point, {layers: [`${SOURCE}-points`]}).length) return;
      const feature = event.features[0];
      new maplibregl.Popup({offset: 10, maxWidth: "20rem"}).setLngLat(event.lngLat)
        .setDOMContent(popupContent(feature.properties)).addTo(map);
    });
    map.on("mouseenter", layer, () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", layer, () => { map.getCanvas().style.cursor = ""; });
  }
}

const container = document.querySelector("[data-actions-map]");
const map = container ? startMap(container) : null;
if (map) {
  reportLoadErrors(map, container);
  markIdleWhenLoaded(map, SOURCE);
  map.on("load", () => addActions(map, container.dataset.sourceUrl));
}
