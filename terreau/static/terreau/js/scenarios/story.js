// The maps of a scenario's step, from its bundle (GET …/etapes/{id}/carte or inlined in the
// offline file): title, map without basemap, hover text, legend, table, source line.
// NO imports: the offline file inlines this module as it is; MapLibre is handed in.

const BACKGROUND = "#eef2ef";
const BORDER = "#ffffff";
const HOVER = "#1d1d1b";
const LOCALE = {
  "Map.Title": "Carte interactive : flèches pour la déplacer, + et − pour zoomer",
  "NavigationControl.ZoomIn": "Zoomer",
  "NavigationControl.ZoomOut": "Dézoomer",
  "NavigationControl.ResetBearing": "Remettre le nord en haut",
  "Popup.Close": "Fermer",
  "AttributionControl.ToggleAttribution": "Afficher les sources",
  "ScrollZoomBlocker.CtrlMessage": "Utilisez Ctrl + molette pour zoomer",
  "ScrollZoomBlocker.CmdMessage": "Utilisez ⌘ + molette pour zoomer",
  "TouchPanBlocker.Message": "Utilisez deux doigts pour déplacer la carte",
};

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (name === "style") Object.assign(node.style, value);
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function swatch(colour) {
  return el("span", { class: "story-swatch", "aria-hidden": "true", style: { backgroundColor: colour } });
}

function legend(card) {
  const rows = card.legende.map((row) => el("li", {}, swatch(row.couleur),
    el("span", { class: "story-legend-label", text: row.libelle }),
    el("span", { class: "story-legend-count", text: row.effectif_texte || String(row.effectif) })));
  if (card.sans_valeur && (card.sans_valeur.effectif || card.legende.length)) {
    rows.push(el("li", { class: "story-legend-missing" }, swatch(card.sans_valeur.couleur),
      el("span", { class: "story-legend-label", text: "sans valeur" }),
      el("span", { class: "story-legend-count", text: card.sans_valeur.effectif_texte || "" })));
  }
  return rows.length ? el("ul", { class: "story-legend", "aria-label": "Légende" }, ...rows) : null;
}

function table(card) {
  const codes = Object.keys(card.zones);
  if (!codes.length) return null;
  const labels = new Map(card.legende.map((row) => [row.couleur, row.libelle]));
  codes.sort((a, b) => card.zones[a].nom.localeCompare(card.zones[b].nom, "fr"));
  const body = el("tbody", {}, ...codes.map((code) => {
    const zone = card.zones[code];
    return el("tr", { "data-code": code }, el("th", { scope: "row", text: zone.nom }),
      el("td", { text: zone.texte }),
      el("td", {}, swatch(zone.couleur), labels.get(zone.couleur) || "sans valeur"));
  }));
  const head = el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Zone" }),
    el("th", { scope: "col", text: "Valeur" }), el("th", { scope: "col", text: "Classe" })));
  return el("details", { class: "story-table" }, el("summary", { text: "Voir en tableau" }),
    el("div", { class: "story-table-scroll" },
      el("table", {}, el("caption", { text: card.titre }), head, body)));
}

function fillColour(card) {
  const pairs = Object.entries(card.zones).flatMap(([code, zone]) => [code, zone.couleur]);
  const missing = (card.sans_valeur && card.sans_valeur.couleur) || "#cfcfcf";
  return pairs.length ? ["match", ["to-string", ["get", "code"]], ...pairs, missing] : missing;
}

function placement(card) {
  if (card.vue) return { center: [card.vue[0], card.vue[1]], zoom: card.vue[2] };
  if (card.bbox) {
    const [w, s, e, n] = card.bbox;
    return { bounds: [[w, s], [e, n]], fitBoundsOptions: { padding: 16 } };
  }
  return { center: [2.5, 46.6], zoom: 4.5 };
}

function hover(map, card, tooltip) {
  let hovered = null;
  const clear = () => {
    if (hovered !== null) map.setFeatureState({ source: "zones", id: hovered }, { hover: false });
    hovered = null;
    tooltip.hidden = true;
  };
  map.on("mousemove", "zones-fill", (event) => {
    const feature = event.features && event.features[0];
    const code = feature && String(feature.properties.code);
    const zone = code && card.zones[code];
    if (!zone) return clear();
    if (hovered !== code) {
      clear();
      hovered = code;
      map.setFeatureState({ source: "zones", id: code }, { hover: true });
    }
    tooltip.replaceChildren(el("strong", { text: zone.nom }), el("br"), zone.texte);
    tooltip.hidden = false;
    tooltip.style.left = `${event.point.x + 12}px`;
    tooltip.style.top = `${event.point.y + 12}px`;
    map.getCanvas().style.cursor = "default";
  });
  map.on("mouseleave", "zones-fill", clear);
}

function addZones(map, card) {
  map.addSource("zones", { type: "geojson", data: card.geometrie, promoteId: "code" });
  map.addLayer({ id: "zones-fill", type: "fill", source: "zones",
    paint: { "fill-color": fillColour(card) } });
  map.addLayer({ id: "zones-line", type: "line", source: "zones",
    paint: { "line-color": BORDER, "line-width": 0.6 } });
  map.addLayer({ id: "zones-hover", type: "line", source: "zones",
    paint: { "line-color": HOVER,
      "line-width": ["case", ["boolean", ["feature-state", "hover"], false], 2.5, 0] } });
}

function whenDrawn(map) {
  return new Promise((resolve) => {
    const check = () => {
      if (map.getSource("zones") && map.isSourceLoaded("zones")) {
        map.off("idle", check);
        resolve(map);
      }
    };
    map.on("idle", check);
    map.on("error", (event) => { console.warn("Carte :", event.error); });
  });
}

function drawMap(maplibregl, holder, card) {
  // Hidden from screen readers: the table beside the map gives the same texts.
  const tooltip = el("div", { class: "story-tooltip", "aria-hidden": "true", hidden: "" });
  holder.append(tooltip);
  const map = new maplibregl.Map({
    container: holder, attributionControl: false, locale: LOCALE, dragRotate: false,
    style: { version: 8, sources: {},
      layers: [{ id: "background", type: "background", paint: { "background-color": BACKGROUND } }] },
    ...placement(card),
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.touchZoomRotate.disableRotation();
  map.on("load", () => addZones(map, card));
  hover(map, card, tooltip);
  return map;
}

function figure(card, index) {
  const id = `${card.indicateur || "carte"}-${index}-${Math.random().toString(36).slice(2, 8)}`;
  const parts = [el("h3", { class: "story-map-title", id, text: card.titre })];
  if (card.sous_titre) parts.push(el("p", { class: "story-map-subtitle", text: card.sous_titre }));
  let holder = null;
  if (card.erreur || !card.geometrie) {
    parts.push(el("p", { class: "story-error", role: "note", text: card.erreur || "Carte indisponible." }));
  } else {
    holder = el("div", { class: "story-map-canvas", role: "region", "aria-labelledby": id });
    parts.push(holder);
  }
  parts.push(legend(card), table(card));
  if (card.source) parts.push(el("p", { class: "story-source", text: card.source }));
  return { node: el("figure", { class: "story-map" }, ...parts), holder };
}

function webgl2() {
  try {
    return Boolean(document.createElement("canvas").getContext("webgl2"));
  } catch {
    return false;
  }
}

/**
 * Draw every map of `bundle` in `container` (its content is replaced) and return {maps}; set
 * container.dataset.mapReady = "1" once every map is drawn (idle with its zones).
 */
export async function drawStepMaps(maplibregl, container, bundle, { workerUrl } = {}) {
  if (workerUrl && maplibregl.setWorkerUrl) maplibregl.setWorkerUrl(workerUrl);
  (container.storyMaps || []).forEach((map) => map.remove());
  container.dataset.mapReady = "0";
  const cards = bundle.cartes || [];
  const grid = el("div", { class: `story-grid story-grid-${Math.min(cards.length, 4)}` });
  container.replaceChildren(grid);
  const canDraw = webgl2();
  const drawn = [];
  cards.forEach((card, index) => {
    const { node, holder } = figure(card, index);
    grid.append(node);
    if (!holder) return;
    if (!canDraw) {
      holder.replaceWith(el("p", { class: "story-error", role: "note",
        text: "Ce navigateur ne peut pas dessiner la carte (WebGL 2 indisponible) : le tableau donne les valeurs." }));
      return;
    }
    drawn.push(drawMap(maplibregl, holder, card));
  });
  container.storyMaps = drawn;
  await Promise.all(drawn.map(whenDrawn));
  container.dataset.mapReady = "1";
  return { maps: drawn };
}
