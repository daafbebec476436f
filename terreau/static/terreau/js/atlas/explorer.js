// The map explorer of one indicator (/atlas/): the form is the state; every change fetches
// the values only (/api/v1/atlas/carte) and repaints the map, the legend, the histogram and
// the table in place; the geometry is fetched again only when the territory or level changes.
import {markIdleWhenLoaded, reportLoadErrors, startMap} from "../maplib.js";
import {createChoropleth, formatValue} from "./choropleth.js";
import {renderHistogram} from "./histogram.js";
import {renderLegend} from "./legend.js";
import {createSymbols, renderSymbolLegend} from "./symbols.js";
import {renderRanking, renderTable} from "./table.js";
import {createThreshold} from "./threshold.js";
import {createControls} from "./controls.js";
import {apiQuery, formatExtent, parseExtent, writeUrl} from "./url-state.js";
import {createZonePanel} from "./zone-panel.js";

const SOURCE = "zones";
const root = document.querySelector("[data-atlas-explorer]");
const form = root.querySelector("#atlas-form");
const urls = root.dataset;
const controls = createControls(form);
const {field, state} = controls;
const errorBox = root.querySelector("[data-atlas-error]");
const noticeBox = root.querySelector("[data-atlas-notice]");
const legend = root.querySelector("[data-atlas-legend]");
const tableRoot = root.querySelector("[data-atlas-table]");
const body = document.body;

let payload = JSON.parse(document.getElementById("atlas-payload")?.textContent || "null");
let map = null;
let chart = null;
let symbols = null;
let histogram = {setThreshold() {}};
let request = 0;
let controller = null;
const pointsCache = new Map();
let symbolsShown = "";  // slug|territory|period of the circles drawn

// ---- Small helpers ----------------------------------------------------------------------

function showError(message) {
  errorBox.textContent = message || "";
  errorBox.hidden = !message;
}

function showNotice(message) {
  noticeBox.textContent = message || "";
  noticeBox.hidden = !message;
}

function layerUrl(params) {
  const url = urls.layerUrlTemplate.replace("__niveau__", encodeURIComponent(params.get("niveau") || ""));
  return params.get("dans") ? `${url}?${new URLSearchParams({dans: params.get("dans")})}` : url;
}

function updateLinks(params) {
  const query = params.toString();
  for (const link of root.querySelectorAll("[data-export]")) {
    link.href = `${link.dataset.export}?${query}`;
  }
}

function saveState() {
  const params = state();
  writeUrl(params);
  updateLinks(params);
  return params;
}

// Zones without contours (e.g. IRIS not imported yet): say so and open the table instead.
async function checkContours() {
  await chart.loaded;
  await new Promise((resolve) => map.once("idle", resolve));
  const empty = map.querySourceFeatures(SOURCE).length === 0 && payload?.zones.length > 0;
  root.querySelector("[data-atlas-contours]").hidden = !empty;
  if (empty) tableRoot.open = true;
}

function setReady(ready) {
  body.dataset.atlasReady = ready ? "1" : "0";
  if (!ready) delete body.dataset.mapIdle;
  // A change that left the map as it was (an error, the same colours) brings no idle event by
  // itself: ask for one, so that the idle mark always follows the ready mark.
  else if (map && !body.dataset.mapIdle) map.triggerRepaint();
}

// ---- Drawing a payload ----------------------------------------------------------------

async function applyPayload(data, {keepThreshold}) {
  payload = data;
  controls.fill(data);
  showError(data.erreur || "");
  showNotice(data.classification?.avis || "");
  if (chart) chart.applyPayload(data);
  renderLegend(legend, data);
  threshold.update(data, {keep: keepThreshold});
  renderTableIfOpen();
  map?.triggerRepaint();
  histogram = await renderHistogram(legend.querySelector("[data-histogram]"), data);
  const range = threshold.range;
  if (range) histogram.setThreshold([range.min, range.max].filter((v) => v !== null));
}

async function fetchCarte(params) {
  controller?.abort();
  controller = new AbortController();
  const response = await fetch(`${urls.carteUrl}?${apiQuery(params)}`, {
    signal: controller.signal, headers: {Accept: "application/json"}});
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(data.detail || "La carte n'a pas pu être chargée. Rechargez la page "
      + "(si vous étiez absent·e longtemps, reconnectez-vous).");
  }
  return data;
}

let shownLayer = root.querySelector("#atlas-map")?.dataset.layerUrl;

async function refresh({keepThreshold = true} = {}) {
  const params = saveState();
  const ticket = ++request;
  setReady(false);
  if (chart && layerUrl(params) !== shownLayer) {  // another territory or level
    shownLayer = layerUrl(params);
    chart.setLayer(shownLayer);
    fitTerritory();
    checkContours();
    zonePanel.close();
  }
  try {
    const data = await fetchCarte(params);
    if (ticket !== request) return;
    await applyPayload(data, {keepThreshold});
    await refreshSymbols(params);
  } catch (error) {
    if (error.name === "AbortError") return;
    showError(error.message);
  }
  if (ticket === request) {
    saveState();
    setReady(true);
  }
}

// ---- Map ------------------------------------------------------------------------------

function fitTerritory() {
  const dans = field("dans").selectedOptions[0];
  const level = field("niveau").selectedOptions[0];
  const bbox = (dans?.value ? dans : level)?.dataset.bbox;
  if (!bbox || !map) return;
  const [w, s, e, n] = JSON.parse(bbox);
  map.fitBounds([[w, s], [e, n]], {padding: 16, animate: false});
}

async function refreshSymbols(params) {
  if (!symbols) return;
  const slug = params.get("symboles");
  const box = legend.querySelector("[data-symbol-legend]");
  if (!slug) {
    symbols.hide();
    box.replaceChildren();
    symbolsShown = "";
    return;
  }
  const where = new URLSearchParams({niveau: params.get("niveau") || ""});
  if (params.get("dans")) where.set("dans", params.get("dans"));
  const key = where.toString();
  const shown = `${slug}|${key}|${params.get("periode") || ""}`;
  if (shown === symbolsShown) return;  // the same circles: nothing to fetch or draw
  if (!pointsCache.has(key)) {
    const response = await fetch(`${urls.pointsUrl}?${key}`, {headers: {Accept: "application/geo+json"}});
    if (!response.ok) throw new Error("Les points des cercles n'ont pas pu être chargés.");
    pointsCache.clear();
    pointsCache.set(key, await response.json());
  }
  const values = await fetchSymbolValues(params, slug);
  renderSymbolLegend(box, values, symbols.show(pointsCache.get(key), values));
  symbolsShown = shown;
}

async function fetchSymbolValues(params, slug) {
  const query = apiQuery(params, {indicateur: slug, methode: "", classes: "", bornes: "",
    palette: "", reference: ""});
  let response = await fetch(`${urls.carteUrl}?${query}`, {headers: {Accept: "application/json"}});
  if (response.status === 400 && query.get("periode")) {  // the count lacks this period
    query.delete("periode");
    response = await fetch(`${urls.carteUrl}?${query}`, {headers: {Accept: "application/json"}});
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.detail || "Les valeurs des cercles n'ont pas pu être chargées.");
  return data;
}

function tooltipText(code) {
  const zone = chart.zone(code);
  if (!zone || !payload) return null;
  const value = zone.valeur === null ? (zone.raison || "sans valeur") : formatValue(zone.valeur, payload.indicateur);
  return `${zone.nom} : ${value}`;
}

function startExplorerMap() {
  const container = root.querySelector("#atlas-map");
  if (!container) return;
  map = startMap(container);
  if (!map) return;
  const extent = parseExtent(field("carte").value);
  if (extent) map.jumpTo(extent);
  reportLoadErrors(map, container);
  markIdleWhenLoaded(map, SOURCE);
  map.on("moveend", () => {
    field("carte").value = formatExtent(map);
    saveState();
  });
  map.on("load", async () => {
    chart = createChoropleth(map, {source: SOURCE, layerUrl: container.dataset.layerUrl});
    symbols = createSymbols(map);
    chart.tooltip(tooltipText);
    chart.onClick((code) => zonePanel.open(code, state(), {name: chart.zone(code)?.nom}));
    if (payload) chart.applyPayload(payload);
    const range = threshold.range;
    if (range) chart.setThreshold(range);
    try {
      await refreshSymbols(state());
    } catch (error) {
      showError(error.message);
    }
    map.triggerRepaint();
    setReady(true);
  });
}

// ---- Wiring -----------------------------------------------------------------------------

const threshold = createThreshold(root.querySelector("[data-threshold]"), {
  input: field("seuil"),
  onChange(range) {
    const inside = chart ? chart.setThreshold(range) : 0;
    histogram.setThreshold(range ? [range.min, range.max].filter((v) => v !== null) : []);
    saveState();
    return chart ? inside : countInside(range);
  },
});

function countInside(range) {
  if (!range || !payload) return payload ? payload.zones.length : 0;
  return payload.zones.filter((zone) => typeof zone.valeur === "number"
    && (range.min === null || zone.valeur >= range.min)
    && (range.max === null || zone.valeur <= range.max)).length;
}

const zonePanel = createZonePanel(root.querySelector("[data-zone-panel]"), {
  apiUrl: urls.zoneApiUrl,
  onClose: () => chart?.setHover(null),
});

form.addEventListener("change", (event) => {
  const name = event.target.name;
  if (name === "dans") controls.followTerritory();
  if (name === "indicateur") field("periode").value = "";
  if (name === "methode" && event.target.value === "manual") controls.prefillBreaks(payload);
  controls.sync();
  if (name === "symboles") {
    setReady(false);
    refreshSymbols(saveState()).catch((error) => showError(error.message))
      .finally(() => {
        map?.triggerRepaint();  // so that an "idle" follows even when nothing changed
        setReady(true);
      });
    return;
  }
  if (["seuil", "carte"].includes(name)) return;
  refresh({keepThreshold: name !== "indicateur"});
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  refresh();
});

// The table and the ranking are drawn when seen: a closed table costs nothing on a change.
let tableShows = null;
function renderTableIfOpen() {
  if (!tableRoot.open || !payload || tableShows === payload) return;
  tableShows = payload;
  renderTable(tableRoot, payload, {zoneUrlTemplate: urls.zoneUrl});
  renderRanking(tableRoot.querySelector("[data-ranking]"), payload);
}
tableRoot.addEventListener("toggle", renderTableIfOpen);
tableRoot.addEventListener("click", (event) => {
  const button = event.target.closest("button.zone-open");
  if (button) zonePanel.open(button.dataset.code, state(), {name: chart?.zone(button.dataset.code)?.nom, from: button});
});
for (const type of ["mouseover", "focusin"]) {
  tableRoot.addEventListener(type, (event) => chart?.setHover(event.target.closest("tr[data-code]")?.dataset.code ?? null));
}

root.querySelector("[data-copy-link]").addEventListener("click", async () => {
  const url = window.location.href;
  const output = root.querySelector("[data-copy-output]");
  try {
    await navigator.clipboard.writeText(url);
    output.textContent = "Lien copié : collez-le dans un message pour partager cette vue.";
  } catch {
    output.replaceChildren("Copiez ce lien : ");
    const input = Object.assign(document.createElement("input"), {type: "text", value: url, readOnly: true});
    input.setAttribute("aria-label", "Lien de cette vue");
    output.append(input);
    input.select();
  }
});

controls.sync();
root.querySelector("[data-threshold]").hidden = false;
updateLinks(state());
startExplorerMap();
if (payload) {
  renderLegend(legend, payload);
  threshold.update(payload, {keep: false});
  renderTableIfOpen();
  renderHistogram(legend.querySelector("[data-histogram]"), payload).then((drawn) => {
    histogram = drawn;
    const range = threshold.range;
    if (range) histogram.setThreshold([range.min, range.max].filter((v) => v !== null));
  });
}
if (!map) setReady(true);
