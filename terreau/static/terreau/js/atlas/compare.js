// The comparison page ("rapprochement"): two to four classified maps side by side, moving
// together when they show the same territory, one zone lit on every map on hover; the scatter
// plot, the bivariate map and the lists of zones of maps 1 and 2; linked selection between
// the plot and the maps. The state lives in the form and the URL (history.replaceState).
//
// For tests: body[data-atlas-ready="1"] once a payload is drawn, body[data-map-idle="1"] once
// every map has drawn it; window.terreauMaps (the maps, in order), window.terreauCompare.
import {formatValue} from "./choropleth.js";
import {extentText, parseExtent} from "./sync.js";
import {drawScatter} from "./scatter.js";
import {bivariateRows, renderBivariateLegend} from "./bivariate.js";
import {correlationFigures, renderQuadrants, renderScatterTable} from "./crossing.js";
import {
  addChoice, choiceFieldsets, formQuery, queryText, removeChoice, updatePeriods,
} from "./compare-form.js";
import {arrangeExtents, chartFor, layerUrlOf, mapSlot, whenIdle} from "./compare-maps.js";
import {
  READOUT, READOUT_BOTH, colourNote, noCrossingText, renderPanel, renderPanelTable, showReadout,
  valueText,
} from "./compare-panels.js";

const MISSING = "#cfcfcf";
const page = document.querySelector("[data-compare-page]");
const form = document.getElementById("compare-form");
const LIMITS = {min: Number(page.dataset.minMaps), max: Number(page.dataset.maxMaps)};
const body = document.body;

const panels = [...page.querySelectorAll("[data-panel]")]
  .map((el) => mapSlot(el, el.querySelector("[data-map]")));
const crossingEl = page.querySelector("[data-crossing]");
const bivariate = mapSlot(crossingEl.querySelector("[data-bivariate]"),
  crossingEl.querySelector("[data-bivariate-map]"));
let current = null;
let selection = null;
let scatter = null;
let stopSync = () => {};
let request = null;
let renders = 0;
let view = new URLSearchParams(window.location.search).get("vue") || "";
let pendingView = parseExtent(view);

function visiblePanels() {
  return panels.filter((slot) => !slot.el.hidden);
}

function activeSlots() {
  const slots = visiblePanels();
  return bivariate.el.hidden || crossingEl.hidden ? slots : [...slots, bivariate];
}

const mapEvents = {
  onHover: (code) => hoverZone(code),
  onClick: (code) => toggleZone(code),
  tooltip: (slot, code) => (slot === bivariate ? crossingText(code)
    : valueText(slot, code, zoneName(code))),
  onUserMove: (slot) => {
    // The permalink keeps the extent of map 1 and of the maps that move with it.
    if (slot.territory !== panels[0].territory || !panels[0].map) return;
    view = extentText(panels[0].map);
    writeUrl();
  },
};

// ---- Hover and selection, across maps and the scatter plot ---------------------------------

function zoneName(code) {
  for (const slot of activeSlots()) {
    const zone = slot.chart?.zone(code);
    if (zone?.nom) return zone.nom;
  }
  return current?.croisement?.points.find((point) => point.code === code)?.nom || code;
}

function crossingText(code) {
  const point = current?.croisement?.points.find((item) => item.code === code);
  if (!point) return `${zoneName(code)} n'est pas sur les deux cartes.`;
  const [x, y] = current.cartes.map((carte) => carte.indicateur);
  return `${point.nom} : ${formatValue(point.x, x)} (${x.libelle}), ${formatValue(point.y, y)} (${y.libelle})`;
}

function hoverZone(code) {
  for (const slot of activeSlots()) slot.chart?.setHover(code);
  for (const slot of visiblePanels()) {
    showReadout(slot.el.querySelector("[data-hover-readout]"), code === null ? READOUT
      : valueText(slot, code, zoneName(code)), code === null);
  }
  showReadout(crossingEl.querySelector("[data-bivariate-readout]"), code === null
    ? READOUT_BOTH : crossingText(code), code === null);
  scatter?.setHover(code);
}

function setSelection(codes) {
  selection = codes ? new Set(codes) : null;
  for (const slot of activeSlots()) slot.chart?.setSelection(selection);
  scatter?.setSelection(selection);
  const count = selection ? selection.size : 0;
  crossingEl.querySelector("[data-selection-count]").textContent = !selection
    ? "Aucune zone sélectionnée."
    : `${count} zone${count > 1 ? "s" : ""} sélectionnée${count > 1 ? "s" : ""}.`;
  body.dataset.selection = selection ? String(count) : "";
}

function toggleZone(code) {
  const next = new Set(selection || []);
  if (next.has(code)) next.delete(code);
  else next.add(code);
  setSelection(next.size ? [...next] : null);
}

async function renderCrossing(payload) {
  const crossing = payload.croisement;
  const none = page.querySelector("[data-crossing-none]");
  scatter?.finalize();
  scatter = null;
  if (!crossing) {
    crossingEl.hidden = true;
    none.hidden = payload.cartes.length < 2;
    none.textContent = payload.cartes.length < 2 ? "" : noCrossingText(payload);
    return;
  }
  none.hidden = true;
  crossingEl.hidden = false;
  const [first, second] = payload.cartes;
  const [x, y] = [first.indicateur, second.indicateur];
  const options = {x, y, level: first.niveau, zoneUrl: page.dataset.zoneUrl};
  crossingEl.querySelector("[data-correlation-sentence]").textContent = crossing.phrase;
  crossingEl.querySelector("[data-correlation-figures]").textContent = correlationFigures(crossing);
  crossingEl.querySelector("[data-scatter-caption]").textContent = `Nuage de points : `
    + `${y.libelle} (vertical) selon ${x.libelle} (horizontal), une zone par point`;
  renderQuadrants(crossingEl.querySelector("[data-quadrants]"), crossing,
    {...options, colours: crossing.couleurs_bivariees});
  renderScatterTable(crossingEl.querySelector(".scatter-table"), crossing, options);
  const same = x.slug === y.slug && first.periode === second.periode;
  bivariate.el.hidden = same;
  if (!same) {
    renderBivariateLegend(crossingEl.querySelector("[data-bivariate-legend]"), crossing, {x, y});
    bivariate.territory = first.dans;
    const chart = await chartFor(bivariate, layerUrlOf(page.dataset.layerUrl, first), mapEvents);
    chart?.setClasses(bivariateRows(crossing), crossing.couleurs_bivariees,
      first.classification?.couleur_manquante || MISSING);
    bivariate.map?.resize();
  }
  if (typeof window.vegaEmbed === "function") {
    scatter = await drawScatter(crossingEl.querySelector("[data-scatter]"), crossing,
      {x, y, onBrush: (codes) => setSelection(codes), onPoint: (code) => hoverZone(code)});
  }
}

// ---- Drawing a payload -----------------------------------------------------------------

async function render(payload) {
  const token = ++renders;
  current = payload;
  body.dataset.atlasReady = "0";
  body.dataset.mapIdle = "0";
  updatePeriods(form, payload.cartes);
  panels.forEach((slot, i) => {
    slot.el.hidden = i >= payload.cartes.length;
    slot.payload = payload.cartes[i] || null;
    slot.territory = slot.payload?.dans ?? "";
  });
  visiblePanels().forEach((slot, position) => renderPanel(slot, payload.cartes[position], {
    position, shared: payload.classification_commune, zoneUrl: page.dataset.zoneUrl}));
  const note = page.querySelector("[data-colour-note]");
  note.textContent = colourNote(payload);
  note.hidden = false;
  await Promise.all(visiblePanels().map(async (slot) => {
    const chart = await chartFor(slot, layerUrlOf(page.dataset.layerUrl, slot.payload), mapEvents);
    if (!chart || token !== renders) return;
    slot.map.resize();
    chart.applyPayload(slot.payload);
  }));
  if (token !== renders) return;
  await renderCrossing(payload);
  if (token !== renders) return;
  stopSync();
  const framing = await arrangeExtents(activeSlots(), {view: pendingView});
  stopSync = framing.stop;
  pendingView = null;
  if (framing.refitFirst) view = "";
  setSelection(null);
  window.terreauMaps = visiblePanels().map((slot) => slot.map).filter(Boolean);
  body.dataset.atlasReady = "1";
  await Promise.all(activeSlots().filter((slot) => slot.map).map((slot) => whenIdle(slot.map)));
  if (token === renders) body.dataset.mapIdle = "1";
}

// ---- Form, URL, requests ---------------------------------------------------------------

function writeUrl() {
  const query = formQuery(form);
  if (view) query.set("vue", view);
  window.history.replaceState(null, "", `${window.location.pathname}?${queryText(query)}`);
}

function showMessage(text, {error = true} = {}) {
  const region = page.querySelector("[data-messages]");
  const message = document.createElement("p");
  message.className = error ? "notice error-notice" : "notice";
  if (error) message.dataset.error = "";
  message.textContent = text;
  region.replaceChildren(message);
}

function clearMessages() {
  page.querySelector("[data-messages]").replaceChildren();
}

async function refresh() {
  writeUrl();
  request?.abort();
  request = new AbortController();
  page.setAttribute("aria-busy", "true");
  body.dataset.atlasReady = "0";
  try {
    const response = await fetch(`${page.dataset.apiUrl}?${queryText(formQuery(form))}`,
      {signal: request.signal, headers: {Accept: "application/json"}});
    const answer = await response.json().catch(() => null);
    if (response.status === 401) {
      showMessage("Votre session a expiré : reconnectez-vous, puis rechargez la page.");
    } else if (!response.ok) {
      showMessage(answer?.detail || `Les cartes n'ont pas pu être mises à jour (erreur ${response.status}).`);
    } else {
      clearMessages();
      await render(answer);
    }
  } catch (error) {
    if (error.name === "AbortError") return;
    console.warn("Rapprochement :", error);
    showMessage("Le serveur ne répond pas : vérifiez la connexion puis réessayez. Les cartes "
      + "affichées restent celles d'avant.");
  } finally {
    page.removeAttribute("aria-busy");
    if (body.dataset.atlasReady === "0" && !request.signal.aborted) body.dataset.atlasReady = "1";
  }
}

form.addEventListener("change", (event) => {
  const control = event.target;
  if (control.dataset.field === "indicateur") {
    control.closest("[data-map-choice]").querySelector('[data-field="periode"]').value = "";
  }
  refresh();
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const button = event.submitter;
  if (button?.hasAttribute("data-add-map")) {
    const fieldset = addChoice(form, LIMITS);
    fieldset.querySelector("select").focus();
    if (button.disabled) button.blur();
  } else if (button?.hasAttribute("data-remove-map")) {
    const fieldsets = choiceFieldsets(form);
    const index = fieldsets.indexOf(button.closest("[data-map-choice]"));
    removeChoice(form, fieldsets[index], LIMITS);
    choiceFieldsets(form)[Math.max(0, index - 1)].querySelector("select").focus();
  }
  refresh();
});

crossingEl.querySelector("[data-clear-selection]").addEventListener("click", async () => {
  setSelection(null);
  await scatter?.clearBrush();
});

// Pointing at (or tabbing to) a zone in a list or a table lights it up on every map.
const LINKED = "[data-quadrants] [data-code], tr[data-code]";
for (const type of ["mouseover", "focusin"]) {
  page.addEventListener(type, (event) => {
    const target = event.target.closest(LINKED);
    if (target) hoverZone(target.dataset.code);
  });
}
for (const type of ["mouseout", "focusout"]) {
  page.addEventListener(type, (event) => {
    if (event.target.closest(LINKED)) hoverZone(null);
  });
}

// A map's table and ranking are drawn when opened (a closed box has no width for the chart).
for (const slot of panels) {
  const details = slot.el.querySelector(".compare-table");
  details.addEventListener("toggle", () => {
    if (details.open && slot.payload) renderPanelTable(details, slot.payload, page.dataset.zoneUrl);
  });
}

window.terreauCompare = {
  get charts() { return visiblePanels().map((slot) => slot.chart); },
  get bivariateMap() { return bivariate.el.hidden ? null : bivariate.map; },
  get scatter() { return scatter; },
  get selection() { return selection ? [...selection] : []; },
  get payload() { return current; },
};

const initial = JSON.parse(document.getElementById("compare-payload").textContent);
if (initial) {
  writeUrl();
  render(initial);
} else {
  body.dataset.atlasReady = "1";
}
