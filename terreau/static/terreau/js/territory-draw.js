// Drawing a group's territory: a click on a zone of the map adds it to the checklist or
// removes it; ticking a box lights the zone up on the map. The checklist is the keyboard
// alternative to the map, with a filter by name or code.
import {
  COLORS, addZoneLayers, makeZonesInteractive, markIdleWhenLoaded, reportLoadErrors, startMap,
} from "./maplib.js";

const SOURCE = "zones";
const CHOSEN_FILL = COLORS.line;

const checklist = document.getElementById("zone-checklist");
const counter = document.getElementById("draw-count");

function box(id) {
  return document.getElementById(`zone-${id}`);
}

function chosenBoxes() {
  return checklist ? [...checklist.querySelectorAll("input[name=zones]:checked")] : [];
}

const NAMES_MAX = 8;  // as CHOSEN_NAMES_MAX in accounts/territory_views.py

function showCount() {
  if (!counter) return;
  const names = chosenBoxes().map((input) => input.labels[0].firstChild.textContent.trim());
  const n = names.length;
  const s = n > 1 ? "s" : "";
  let text = `${n} zone${s} choisie${s}`;
  if (n) text += ` : ${names.slice(0, NAMES_MAX).join(", ")}`;
  if (n > NAMES_MAX) text += ` et ${n - NAMES_MAX} autres`;
  counter.textContent = text;
}

// Accents, case, hyphens and apostrophes ignored, as the zone search does on the server.
function normalize(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, " ").trim();
}

function filterList(input) {
  const words = normalize(input.value).split(" ").filter(Boolean);
  for (const item of checklist.children) {
    const text = item.dataset.search || "";
    item.hidden = !words.every((word) => text.includes(word));
  }
}

// Changing the level or the search area reloads the page: keep the zones ticked and the
// name typed so far.
function keepChoicesOnAreaChange(areaForm, drawForm) {
  areaForm.addEventListener("submit", () => {
    for (const input of chosenBoxes()) appendHidden(areaForm, "zones", input.value);
    for (const name of ["name", "description"]) {
      appendHidden(areaForm, name, drawForm.elements[name].value);
    }
  });
}

function appendHidden(form, name, value) {
  const input = document.createElement("input");
  input.type = "hidden";
  input.name = name;
  input.value = value;
  form.append(input);
}

function startDrawMap(container) {
  const map = startMap(container);
  if (!map) return;
  reportLoadErrors(map, container);
  markIdleWhenLoaded(map, SOURCE);
  map.on("load", () => {
    addZoneLayers(map, SOURCE, container.dataset.layerUrl);
    map.setPaintProperty(`${SOURCE}-fill`, "fill-color", [
      "case",
      ["boolean", ["feature-state", "hover"], false], COLORS.fillHover,
      ["boolean", ["feature-state", "chosen"], false], CHOSEN_FILL,
      COLORS.fill,
    ]);
    for (const input of chosenBoxes()) {
      map.setFeatureState({source: SOURCE, id: Number(input.value)}, {chosen: true});
    }
    makeZonesToggle(map);
    checklist?.addEventListener("change", (event) => {
      const input = event.target;
      if (input.name !== "zones") return;
      map.setFeatureState({source: SOURCE, id: Number(input.value)}, {chosen: input.checked});
    });
  });
}

// Hover names the zone and says whether it is chosen; a click toggles its box.
function makeZonesToggle(map) {
  const describe = (feature) => {
    const input = box(feature.id);
    const state = input ? (input.checked ? " — choisie" : " — cliquez pour l'ajouter") : "";
    return `${feature.properties.nom} (${feature.properties.code})${state}`;
  };
  makeZonesInteractive(map, SOURCE, null, {describe, onClick(feature, refresh) {
    const input = box(feature.id);
    if (!input) return;
    input.checked = !input.checked;
    input.dispatchEvent(new Event("change", {bubbles: true}));
    refresh();
  }});
}

if (checklist) {
  checklist.addEventListener("change", showCount);
  const filter = document.getElementById("zone-filter");
  filter?.addEventListener("input", () => filterList(filter));
}
const areaForm = document.getElementById("draw-area");
const drawForm = document.getElementById("draw-form");
if (areaForm && drawForm) keepChoicesOnAreaChange(areaForm, drawForm);
const container = document.getElementById("draw-map");
if (container) startDrawMap(container);
