// The maps of the comparison page. A slot is a place for one map (a panel, or the bivariate
// map): its MapLibre map and its choropleth are created the first time the slot is shown, and
// later payloads only change the layer (another territory or level) or the colours.
// Extents: the maps of one territory move together (sync.js); a map of another territory
// fits its own.
import {reportLoadErrors, startMap} from "../maplib.js";
import {createChoropleth} from "./choropleth.js";
import {geojsonBounds, syncExtents} from "./sync.js";

export const SOURCE = "zones";
const boundsByLayer = new Map();

/** A place for a map: `el` holds it, `container` is the map's element. */
export function mapSlot(el, container) {
  return {el, container, map: null, chart: null, ready: null, layerUrl: "", fitted: "",
    territory: "", payload: null};
}

/** The URL of the GeoJSON layer of a carte payload's zones (`template` has __niveau__). */
export function layerUrlOf(template, carte) {
  const url = template.replace("__niveau__", encodeURIComponent(carte.niveau));
  return carte.dans ? `${url}?${new URLSearchParams({dans: carte.dans})}` : url;
}

/**
 * Return (a promise of) the slot's chart showing the layer `url`: created on first use (the
 * slot must be visible), else switched to `url` when it shows another layer. Null without
 * WebGL. `events`: onHover(code), onClick(code), tooltip(slot, code), onUserMove(slot).
 */
export function chartFor(slot, url, events) {
  if (!slot.ready) {
    const map = startMap(slot.container);
    if (!map) {
      slot.ready = Promise.resolve(null);
      return slot.ready;
    }
    slot.map = map;
    reportLoadErrors(map, slot.container);
    map.on("moveend", (event) => { if (event.originalEvent) events.onUserMove(slot); });
    slot.ready = new Promise((resolve) => {
      map.on("load", () => {
        slot.chart = createChoropleth(map, {source: SOURCE, layerUrl: url});
        slot.layerUrl = url;
        slot.chart.onHover(events.onHover);
        slot.chart.onClick(events.onClick);
        slot.chart.tooltip((code) => events.tooltip(slot, code));
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

/**
 * Frame the maps of `slots` (the first is map 1): those of one territory (slot.territory)
 * follow the first of them, which keeps its extent, fits its new layer, or takes `view` (a
 * camera, for map 1's territory only). Return {stop, refitFirst}: stop() ends the syncing,
 * refitFirst tells that map 1 was fitted to a new layer (its old extent no longer applies).
 */
export async function arrangeExtents(slots, {view = null} = {}) {
  const groups = new Map();
  for (const slot of slots) {
    if (!slot.map) continue;
    if (!groups.has(slot.territory)) groups.set(slot.territory, []);
    groups.get(slot.territory).push(slot);
  }
  const stops = [];
  let refitFirst = false;
  for (const group of groups.values()) {
    const [leader] = group;
    const isFirst = leader === slots[0];
    if (isFirst && view) {
      leader.map.jumpTo(view);
    } else if (group.some((slot) => slot.fitted !== slot.layerUrl)) {
      const bounds = await layerBounds(leader);
      if (bounds) leader.map.fitBounds(bounds, {padding: 16, animate: false});
      refitFirst ||= isFirst;
    }
    const camera = {center: leader.map.getCenter(), zoom: leader.map.getZoom()};
    for (const slot of group) {
      slot.fitted = slot.layerUrl;
      if (slot !== leader) slot.map.jumpTo(camera);
    }
    if (group.length > 1) stops.push(syncExtents(group.map((slot) => slot.map)));
  }
  return {stop: () => { for (const stop of stops) stop(); }, refitFirst};
}

/** Resolve once the map has drawn what it was given. */
export function whenIdle(map) {
  return new Promise((resolve) => {
    map.once("idle", resolve);
    map.triggerRepaint();
  });
}
