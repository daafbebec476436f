// The explorer's state is its form: the same names in the page URL (the permalink), the API
// and the command line. This module reads the form into query parameters and writes them
// back into the address bar (history.replaceState: no new history entry per change).

// Parameters the /api/v1/atlas/carte endpoint takes (the others are the page's own).
export const API_KEYS = ["indicateur", "niveau", "dans", "periode", "methode", "classes", "bornes",
  "palette", "reference"];
const ORDER = [...API_KEYS, "symboles", "seuil", "carte"];

/** Turn what the user typed as manual breaks into "2.5,5,10" ("2,5 ; 5 ; 10" is accepted). */
export function normalizeBreaks(text) {
  const value = (text || "").trim();
  if (!value) return "";
  const parts = value.includes(";") ? value.split(";").map((part) => part.replace(",", "."))
    : value.split(",");
  return parts.map((part) => part.trim().replace(/\s/g, "")).filter(Boolean).join(",");
}

/** Read the form into URLSearchParams, leaving out empty and irrelevant values. */
export function readState(form, {diverging = false} = {}) {
  const data = new FormData(form);
  const params = new URLSearchParams();
  for (const key of ORDER) {
    let value = (data.get(key) || "").toString().trim();
    if (key === "bornes") value = data.get("methode") === "manual" ? normalizeBreaks(value) : "";
    if (key === "reference" && !diverging) value = "";
    if (value) params.set(key, value);
  }
  return params;
}

/** Keep only the parameters of the carte endpoint. */
export function apiQuery(params, overrides = {}) {
  const query = new URLSearchParams();
  for (const key of API_KEYS) if (params.get(key)) query.set(key, params.get(key));
  for (const [key, value] of Object.entries(overrides)) {
    if (value) query.set(key, value); else query.delete(key);
  }
  return query;
}

/** Replace the address bar's query by the state (the permalink of the current view). */
export function writeUrl(params) {
  const url = `${window.location.pathname}?${params.toString()}`;
  if (url !== `${window.location.pathname}${window.location.search}`) {
    window.history.replaceState(null, "", url);
  }
  return url;
}

/** "0.69,47.39,8.5" → {center: [0.69, 47.39], zoom: 8.5}, or null when malformed. */
export function parseExtent(text) {
  const parts = (text || "").split(",").map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [lon, lat, zoom] = parts;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 85 || zoom < 0 || zoom > 22) return null;
  return {center: [lon, lat], zoom};
}

/** The map's current view as "lon,lat,zoom". */
export function formatExtent(map) {
  const {lng, lat} = map.getCenter();
  return `${lng.toFixed(5)},${lat.toFixed(5)},${map.getZoom().toFixed(2)}`;
}

/**
 * Parse `seuil`: "v" or "v," = at least v, ",v" = at most v, "lo,hi" = between.
 * Returns {mode: "above"|"below"|"between", min, max} or null.
 */
export function parseThreshold(text) {
  const value = (text || "").trim();
  if (!value) return null;
  const [low, high] = value.includes(",") ? value.split(",") : [value, ""];
  const min = low.trim() === "" ? null : Number(low);
  const max = high.trim() === "" ? null : Number(high);
  if ((min !== null && !Number.isFinite(min)) || (max !== null && !Number.isFinite(max))) return null;
  if (min === null && max === null) return null;
  if (min !== null && max !== null) return {mode: "between", min: Math.min(min, max), max: Math.max(min, max)};
  return min !== null ? {mode: "above", min, max: null} : {mode: "below", min: null, max};
}

/** The inverse of parseThreshold. */
export function formatThreshold(threshold) {
  if (!threshold) return "";
  const short = (n) => String(Number(n.toPrecision(10)));
  if (threshold.mode === "above") return short(threshold.min);
  if (threshold.mode === "below") return `,${short(threshold.max)}`;
  return `${short(threshold.min)},${short(threshold.max)}`;
}
