// The map of the territories: the zones of a level, named on hover, opened on click.
import {
  addZoneLayers, makeZonesInteractive, markIdleWhenLoaded, reportLoadErrors, startMap,
} from "./maplib.js";

const SOURCE = "zones";

function start(container) {
  const map = startMap(container);
  if (!map) return;
  reportLoadErrors(map, container);
  markIdleWhenLoaded(map, SOURCE);
  map.on("load", () => {
    addZoneLayers(map, SOURCE, container.dataset.layerUrl);
    const highlight = makeZonesInteractive(map, SOURCE, container.dataset.zoneUrl);
    linkTable(highlight);
  });
}

// Pointing at or tabbing to a zone in the table lights it up on the map.
function linkTable(highlight) {
  const table = document.querySelector(".zone-table");
  if (!table) return;
  const zoneId = (event) => {
    const link = event.target.closest("[data-zone-id]");
    return link ? Number(link.dataset.zoneId) : null;
  };
  for (const type of ["mouseover", "focusin"]) {
    table.addEventListener(type, (event) => highlight(zoneId(event)));
  }
  table.addEventListener("mouseleave", () => highlight(null));
  table.addEventListener("focusout", () => highlight(null));
}

const container = document.getElementById("territory-map");
if (container) start(container);
