// The table alternative of the map (same classes, sortable through sortable-table.js, which
// keeps working when the rows are replaced) and the ranking bar chart (Vega-Lite).
import {classLabels, formatValue} from "./choropleth.js";
import {FRENCH_FORMAT, loadVega} from "../charts.js";
import {countZones} from "./legend.js";

export const TABLE_MAX_ROWS = 2000;
const RANKING_ALL_UP_TO = 30;
const RANKING_EACH_END = 10;

function cell(tag, className, sortKey) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (sortKey !== undefined) node.dataset.sort = sortKey;
  return node;
}

function byRank(a, b) {
  if (a.rang === null || b.rang === null) return (a.rang === null) - (b.rang === null) || a.nom.localeCompare(b.nom, "fr");
  return a.rang - b.rang || a.nom.localeCompare(b.nom, "fr");
}

function zoneHref(template, level, code) {
  return template.replace("__niveau__", encodeURIComponent(level)).replace("__code__", encodeURIComponent(code));
}

/** Replace the rows of the table (best rank first) and its caption from a carte payload. */
export function renderTable(root, payload, {zoneUrlTemplate}) {
  const {classification, indicateur, niveau} = payload;
  const labels = classLabels(classification, indicateur);
  const withValue = payload.zones.filter((zone) => zone.valeur !== null).length;
  const unit = indicateur.unite ? ` (${indicateur.unite})` : "";
  root.querySelector("[data-table-caption]").textContent = `${indicateur.libelle}${unit} — `
    + `${countZones(payload.zones.length, niveau)}${payload.dans_nom ? ` de ${payload.dans_nom}` : ""}, `
    + `${payload.periode || ""} : ${withValue.toLocaleString("fr-FR")} avec une valeur.`;
  root.querySelector("[data-value-header]").textContent = `Valeur${unit}`;
  const zones = [...payload.zones].sort(byRank);
  const note = root.querySelector("[data-table-note]");
  note.hidden = zones.length <= TABLE_MAX_ROWS;
  note.textContent = `Le tableau montre les ${TABLE_MAX_ROWS} premières zones du classement sur `
    + `${zones.length.toLocaleString("fr-FR")} : choisissez un territoire plus petit pour les voir toutes.`;
  const rows = zones.slice(0, TABLE_MAX_ROWS).map((zone) => {
    const row = document.createElement("tr");
    row.dataset.code = zone.code;
    const name = cell("th", "", zone.nom);
    name.scope = "row";
    const link = document.createElement("a");
    link.href = zoneHref(zoneUrlTemplate, niveau, zone.code);
    link.textContent = zone.nom;
    const open = document.createElement("button");
    open.type = "button";
    open.className = "link-button zone-open";
    open.dataset.code = zone.code;
    open.textContent = "indicateurs";
    open.setAttribute("aria-label", `Voir les indicateurs de ${zone.nom}`);
    name.append(link, " ", open);
    const value = cell("td", "num", zone.valeur ?? "");
    value.textContent = zone.valeur === null ? (zone.raison || "sans valeur") : formatValue(zone.valeur, indicateur);
    if (zone.valeur === null) value.classList.add("missing");
    const klass = cell("td", "class-cell", zone.classe ?? "");
    const swatch = cell("span", zone.classe === null ? "swatch swatch-missing" : "swatch");
    swatch.setAttribute("aria-hidden", "true");
    if (classification && zone.classe !== null) swatch.style.backgroundColor = classification.couleurs[zone.classe];
    klass.append(swatch, zone.classe === null || !classification ? "sans valeur"
      : `${zone.classe + 1} : ${labels[zone.classe]}`);
    const rank = cell("td", "num", zone.rang ?? "");
    rank.textContent = zone.rang ? `${zone.rang}/${withValue}` : "—";
    row.append(name, value, klass, rank);
    return row;
  });
  root.querySelector("tbody[data-sort-body]").replaceChildren(...rows);
  for (const header of root.querySelectorAll("th[aria-sort]")) {
    header.setAttribute("aria-sort", header.dataset.sortDefault ? "ascending" : "none");
  }
}

function rankingChart(rows, indicateur, {title, width, domain}) {
  const digits = Math.max(0, Math.min(6, indicateur.decimales ?? 1));
  return {
    title: title ? {text: title, anchor: "start", fontSize: 12} : undefined,
    width, height: {step: 16},
    data: {values: rows},
    mark: {type: "bar", stroke: "#5f6b65", strokeWidth: 0.5},
    encoding: {
      y: {field: "etiquette", type: "nominal", sort: "-x", title: null, axis: {labelLimit: 180}},
      x: {field: "valeur", type: "quantitative", title: indicateur.unite || "Valeur",
        scale: {domain, nice: true}, axis: {format: `,.${digits}f`}},
      color: {field: "couleur", type: "nominal", scale: null},
      tooltip: [{field: "etiquette", title: "Zone"}, {field: "texte", title: "Valeur"}],
    },
  };
}

/** Draw the ranking bar chart (all zones when few, else the top and the bottom ones). */
export async function renderRanking(container, payload) {
  container.replaceChildren();
  const {classification, indicateur} = payload;
  if (!classification) return;
  await loadVega();
  const names = new Map();
  for (const zone of payload.zones) names.set(zone.nom, (names.get(zone.nom) || 0) + 1);
  const rows = payload.zones.filter((zone) => zone.valeur !== null).sort(byRank).map((zone) => ({
    etiquette: names.get(zone.nom) > 1 ? `${zone.nom} (${zone.code})` : zone.nom,
    valeur: zone.valeur, texte: formatValue(zone.valeur, indicateur),
    couleur: classification.couleurs[zone.classe] || classification.couleur_manquante,
  }));
  const unit = indicateur.unite ? ` (${indicateur.unite})` : "";
  const base = {$schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: `Classement des zones selon ${indicateur.libelle}${unit}.`,
    config: {view: {stroke: null}, axis: {labelFontSize: 11}}};
  // One x scale for both ends, from 0 (bar lengths compare) unless values go below 0.
  const values = rows.map((row) => row.valeur);
  const domain = [Math.min(0, ...values), Math.max(0, ...values)];
  const width = Math.max(200, Math.min(container.clientWidth, 768) - 240);
  const spec = rows.length <= RANKING_ALL_UP_TO
    ? {...base, ...rankingChart(rows, indicateur, {width, domain})}
    : {...base, vconcat: [
      rankingChart(rows.slice(0, RANKING_EACH_END), indicateur,
        {title: `Les ${RANKING_EACH_END} valeurs les plus élevées`, width, domain}),
      rankingChart(rows.slice(-RANKING_EACH_END), indicateur,
        {title: `Les ${RANKING_EACH_END} valeurs les plus basses`, width, domain}),
    ]};
  await window.vegaEmbed(container, spec, {actions: false, renderer: "svg", formatLocale: FRENCH_FORMAT});
}
