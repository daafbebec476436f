// The comparison page ("rapprochement"): two to four classified maps side by side, moving
// together when they show the same territory, one zone lit on every map on hover; the scatter
// plot, the bivariate map and the lists of zones of maps 1 and 2; linked selection between
// the plot and the maps. The state lives in the form and the URL (history.replaceState).
//
// For tests: body[data-atlas-ready="1"] once a payload is drawn, body[data-map-idle="1"] once
// every map has drawn it; window.terreauMaps (the maps, in order), window.terreauCompare.
import {reportLoadErrors, startMap} from "../maplib.js";
import {createChoropleth, formatValue} from "./choropleth.js";
import {countZones, renderLegend} from "./legend.js";
import {renderRanking, renderTable} from "./table.js";
import {extentText, geojsonBounds, parseExtent, syncExtents} from "./sync.js";
import {drawScatter} from "./scatter.js";
import {bivariateRows, renderBivariateLegend} from "./bivariate.js";
import {correlationFigures, renderQuadrants, renderScatterTable} from "./crossing.js";
import {
  addChoice, choiceFieldsets, formQuery, queryText, removeChoice, updatePeriods,
} from "./compare-form.js";

const SOURCE = "zones";
const MISSING = "#cfcfcf";
const READOUT = "Survolez une zone : sa valeur s'affiche ici et sur les autres cartes.";
const READOUT_BOTH = "Survolez une zone pour lire ses deux valeurs.";
const page = document.querySelector("[data-compare-page]");
const form = document.getElementById("compare-form");
const LIMITS = {min: Number(page.dataset.minMaps), max: Number(page.dataset.maxMaps)};
const body = document.body;

function slotOf(el, container) {
  return {el, container, map: null, chart: null, ready: null, layerUrl: "", fitted: "", payload: null};
}

const panels = [...page.querySelectorAll("[data-panel]")]
  .map((el) => slotOf(el, el.querySelector("[data-map]")));
const crossingEl = page.querySelector("[data-crossing]");
const bivariate = slotOf(crossingEl.querySelector("[data-bivariate]"),
  crossingEl.querySelector("[data-bivariate-map]"));
const boundsByLayer = new Map();
let current = null;
let selection = null;
let scatter = null;
let stopSync = [];
let request = null;
let renders = 0;
let view = new URLSearchParams(window.location.search).get("vue") || "";
let pendingView = parseExtent(view);

// ---- Maps ------------------------------------------------------------------------------

function layerUrlOf(carte) {
  const url = page.dataset.layerUrl.replace("__niveau__", encodeURIComponent(carte.niveau));
  return carte.dans ? `${url}?${new URLSearchParams({dans: carte.dans})}` : url;
}

function visiblePanels() {
  return panels.filter((slot) => !slot.el.hidden);
}

function activeSlots() {
  const slots = visiblePanels();
  return bivariate.el.hidden || crossingEl.hidden ? slots : [...slots, bivariate];
}

/** Create the slot's map and chart on first use (visible container), or switch its layer. */
function chartFor(slot, url) {
  if (!slot.ready) {
    const map = startMap(slot.container);
    if (!map) {
      slot.ready = Promise.resolve(null);
      return slot.ready;
    }
    slot.map = map;
    reportLoadErrors(map, slot.container);
    map.on("moveend", (event) => { if (event.originalEvent) rememberView(slot); });
    slot.ready = new Promise((resolve) => {
      map.on("load", () => {
        slot.chart = createChoropleth(map, {source: SOURCE, layerUrl: url});
        slot.layerUrl = url;
        slot.chart.onHover((code) => hoverZone(code));
        slot.chart.onClick((code) => toggleZone(code));
        slot.chart.tooltip((code) => tooltipText(slot, code));
        slot.chart.loaded.then(() => resolve(slot.chart));
      });
    });
    return slot.ready;
  }
  return slot.ready.then(async (chart) => {
    if (chart && slot.layerUrl !== url) {
      slot.layerUrl = url;
      await chart.setLayer(url);
    }
    return chart;
  });
}

async function layerBounds(slot) {
  if (!boundsByLayer.has(slot.layerUrl)) {
    const data = await slot.map.getSource(SOURCE).getData();
    boundsByLayer.set(slot.layerUrl, geojsonBounds(data));
  }
  return boundsByLayer.get(slot.layerUrl);
}

/** Maps of the same territory move together; a map of another territory fits its own. */
async function arrangeExtents() {
  for (const stop of stopSync) stop();
  stopSync = [];
  const groups = new Map();
  for (const slot of activeSlots()) {
    if (!slot.map) continue;
    const key = slot === bivariate ? panels[0].payload.dans : slot.payload.dans;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(slot);
  }
  for (const group of groups.values()) {
    const [leader] = group;
    const isFirst = leader === panels[0];
    if (isFirst && pendingView) {
      leader.map.jumpTo(pendingView);
    } else if (group.some((slot) => slot.fitted !== slot.layerUrl)) {
      const bounds = await layerBounds(leader);
      if (bounds) leader.map.fitBounds(bounds, {padding: 16, animate: false});
      if (isFirst) view = "";
    }
    pendingView = isFirst ? null : pendingView;
    const camera = {center: leader.map.getCenter(), zoom: leader.map.getZoom()};
    for (const slot of group) {
      slot.fitted = slot.layerUrl;
      if (slot !== leader) slot.map.jumpTo(camera);
    }
    if (group.length > 1) stopSync.push(syncExtents(group.map((slot) => slot.map)));
  }
}

function rememberView(slot) {
  const group = activeSlots().filter((other) => other.map
    && (other === bivariate ? panels[0].payload.dans : other.payload.dans) === panels[0].payload.dans);
  if (!group.includes(slot) || !panels[0].map) return;
  view = extentText(panels[0].map);
  writeUrl();
}

function whenIdle(map) {
  return new Promise((resolve) => {
    map.once("idle", resolve);
    map.triggerRepaint();
  });
}

// ---- Hover and selection, across maps and the scatter plot ---------------------------------

function zoneName(code) {
  for (const slot of activeSlots()) {
    const zone = slot.chart?.zone(code);
    if (zone?.nom) return zone.nom;
  }
  return current?.croisement?.points.find((point) => point.code === code)?.nom || code;
}

function valueText(slot, code) {
  const zone = slot.chart?.zone(code);
  if (!zone) return `${zoneName(code)} n'est pas sur cette carte.`;
  const value = formatValue(zone.valeur, slot.payload.indicateur);
  return `${zone.nom} : ${value}${zone.valeur === null && zone.raison ? ` (${zone.raison})` : ""}`;
}

function crossingText(code) {
  const point = current?.croisement?.points.find((item) => item.code === code);
  if (!point) return `${zoneName(code)} n'est pas sur les deux cartes.`;
  const [x, y] = current.cartes.map((carte) => carte.indicateur);
  return `${point.nom} : ${formatValue(point.x, x)} (${x.libelle}), ${formatValue(point.y, y)} (${y.libelle})`;
}

function tooltipText(slot, code) {
  return slot === bivariate ? crossingText(code) : valueText(slot, code);
}

function showReadout(element, text, idle) {
  element.textContent = text;
  element.classList.toggle("idle", idle);
}

function hoverZone(code) {
  for (const slot of activeSlots()) slot.chart?.setHover(code);
  for (const slot of visiblePanels()) {
    showReadout(slot.el.querySelector("[data-hover-readout]"), code === null ? READOUT
      : valueText(slot, code), code === null);
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

// ---- Texts, legends, tables ------------------------------------------------------------

/** The carte with its classes counted on its own zones (a shared classification counts all). */
function countedAlone(carte) {
  const {classification} = carte;
  if (!classification) return carte;
  const effectifs = classification.couleurs.map(() => 0);
  let manquantes = 0;
  for (const zone of carte.zones) {
    if (zone.classe === null) manquantes += 1;
    else effectifs[zone.classe] += 1;
  }
  return {...carte, classification: {...classification, effectifs, manquantes}};
}

function renderPanel(slot, carte, position, shared) {
  const {indicateur} = carte;
  const unit = indicateur.unite ? ` (${indicateur.unite})` : "";
  const where = `${countZones(carte.zones.length, carte.niveau)}`
    + `${carte.dans_nom ? ` de ${carte.dans_nom}` : ""}, ${carte.periode || "période inconnue"}`;
  slot.el.querySelector("[data-panel-title]").textContent = `${indicateur.libelle}${unit}`;
  slot.el.querySelector("[data-panel-where]").textContent = where;
  slot.container.setAttribute("aria-label", `Carte ${position + 1} : ${indicateur.libelle}, `
    + `${where}. Son tableau « Voir en tableau » la suit.`);
  const error = slot.el.querySelector("[data-panel-error]");
  error.hidden = !carte.erreur;
  error.textContent = carte.erreur || "";
  const legend = slot.el.querySelector(".compare-legend");
  renderLegend(legend, shared ? countedAlone(carte) : carte);
  if (shared && carte.classification) {
    legend.querySelector("[data-legend-method]").append(" Mêmes classes sur toutes les cartes, "
      + "calculées sur toutes leurs zones ensemble.");
  }
  const notice = slot.el.querySelector("[data-legend-notice]");
  notice.textContent = carte.classification?.avis || "";
  notice.hidden = !notice.textContent;
  renderTable(slot.el.querySelector(".compare-table"), carte, {zoneUrlTemplate: page.dataset.zoneUrl});
  showReadout(slot.el.querySelector("[data-hover-readout]"), READOUT, true);
  const details = slot.el.querySelector(".compare-table");
  if (details.open) renderRanking(details.querySelector("[data-ranking]"), carte);
}

function renderColourNote(payload) {
  const note = page.querySelector("[data-colour-note]");
  const count = payload.cartes.length;
  const all = count === 2 ? "les deux cartes" : `les ${count} cartes`;
  let text = payload.classification_commune
    ? `Les couleurs ont le même sens sur ${all} : une seule classification pour toutes leurs `
      + "zones (même indicateur, même période)."
    : "Chaque carte a ses propres classes : comparez la place d'une zone (parmi les plus "
      + "élevées ou les plus faibles), pas la couleur exacte.";
  const territories = new Set(payload.cartes.map((carte) => carte.dans));
  if (territories.size > 1) {
    text += " Les cartes montrent des territoires différents : chacune est cadrée sur le sien";
    text += territories.size < count ? " (celles d'un même territoire bougent ensemble)." : ".";
  }
  note.textContent = text;
  note.hidden = false;
}

function noCrossingText(payload) {
  const [first, second] = payload.cartes;
  if (first.niveau !== second.niveau) {
    return "Les cartes 1 et 2 n'ont pas le même niveau de zones : pas de nuage de points ni "
      + "de carte croisée. Choisissez le même niveau pour les croiser.";
  }
  return "Les cartes 1 et 2 ne montrent aucune zone en commun : pas de nuage de points ni de "
    + "carte croisée. Choisissez le même territoire pour les croiser.";
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
    const chart = await chartFor(bivariate, layerUrlOf(first));
    chart?.setClasses(bivariateRows(crossing), crossing.couleurs_bivariees,
      first.classification?.couleur_manquante || MISSING);
    bivariate.map?.resize();
  }
  if (typeof window.vegaEmbed === "function") {
    scatter = await drawScatter(crossingEl.querySelector("[data-scatter]"), crossing,
      {x, y, onBrush: (codes) => setSelection(codes)});
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
  });
  visiblePanels().forEach((slot, i) => renderPanel(slot, payload.cartes[i], i,
    payload.classification_commune));
  renderColourNote(payload);
  await Promise.all(visiblePanels().map(async (slot) => {
    const chart = await chartFor(slot, layerUrlOf(slot.payload));
    if (!chart || token !== renders) return;
    slot.map.resize();
    chart.applyPayload(slot.payload);
  }));
  if (token !== renders) return;
  await renderCrossing(payload);
  if (token !== renders) return;
  await arrangeExtents();
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

// The ranking bar chart is drawn when its table is opened (a closed box has no width).
for (const slot of panels) {
  const details = slot.el.querySelector(".compare-table");
  details.addEventListener("toggle", () => {
    if (details.open && slot.payload) renderRanking(details.querySelector("[data-ranking]"), slot.payload);
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
