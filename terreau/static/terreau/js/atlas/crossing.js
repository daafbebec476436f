// The texts and lists of the crossing of maps 1 and 2: correlation figures, the four lists of
// zones (high on both, low on both, opposite) and the scatter plot as a table.
import {formatValue} from "./choropleth.js";
import {LEVELS} from "./bivariate.js";

// Long lists stay readable and light: the tables give every zone up to TABLE_MAX_ROWS.
const LIST_MAX = 150;
export const TABLE_MAX_ROWS = 2000;
const NUMBER = new Intl.NumberFormat("fr-FR", {minimumFractionDigits: 2, maximumFractionDigits: 2});

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function zoneHref(template, level, code) {
  return template.replace("__niveau__", encodeURIComponent(level))
    .replace("__code__", encodeURIComponent(code));
}

/** "Pearson : 0,45 ; Spearman : 0,40 ; sur 272 zones ayant les deux valeurs." */
export function correlationFigures(crossing) {
  const figure = (value) => (value === null ? "non calculable" : NUMBER.format(value));
  return `Coefficient de Pearson : ${figure(crossing.pearson)} ; de Spearman (sur les rangs) : `
    + `${figure(crossing.spearman)} ; sur ${crossing.n.toLocaleString("fr-FR")} zone`
    + `${crossing.n > 1 ? "s" : ""} ayant les deux valeurs.`;
}

/** The four lists' titles, in the order of the page. */
export function quadrantTitles(x, y) {
  return [
    ["haut_haut", "Élevés sur les deux"],
    ["bas_bas", "Faibles sur les deux"],
    ["haut_bas", `Élevé en ${x.libelle}, faible en ${y.libelle}`],
    ["bas_haut", `Faible en ${x.libelle}, élevé en ${y.libelle}`],
  ];
}

/** Fill `container` with the four lists of zones; each item links to the zone's page. */
export function renderQuadrants(container, crossing, {x, y, level, zoneUrl, colours}) {
  const cells = {haut_haut: 8, bas_bas: 0, haut_bas: 2, bas_haut: 6};
  const blocks = quadrantTitles(x, y).map(([key, title]) => {
    const zones = crossing.quadrants[key] || [];
    const block = element("section", "quadrant");
    block.dataset.quadrant = key;
    const heading = element("h4");
    const swatch = element("span", "swatch");
    swatch.setAttribute("aria-hidden", "true");
    swatch.style.backgroundColor = colours[cells[key]];
    heading.append(swatch, `${title} `, element("span", "muted", `(${zones.length})`));
    block.append(heading);
    if (!zones.length) {
      block.append(element("p", "muted", "Aucune zone."));
      return block;
    }
    const list = element("ul", "zone-list");
    for (const zone of zones.slice(0, LIST_MAX)) {
      const item = element("li");
      const link = element("a", "", zone.nom);
      link.href = zoneHref(zoneUrl, level, zone.code);
      link.dataset.code = zone.code;
      item.append(link);
      list.append(item);
    }
    block.append(list);
    if (zones.length > LIST_MAX) {
      block.append(element("p", "muted", `… et ${(zones.length - LIST_MAX).toLocaleString("fr-FR")} `
        + "autres zones (voir le tableau du nuage de points)."));
    }
    return block;
  });
  container.replaceChildren(...blocks);
}

function cellWords(cell) {
  if (cell === null) return "sans case (une valeur manque)";
  return `${LEVELS[cell % 3]} en X, ${LEVELS[Math.floor(cell / 3)]} en Y`;
}

function sortedCell(tag, text, sortKey, className = "") {
  const node = element(tag, className, text);
  node.dataset.sort = sortKey ?? "";
  return node;
}

/** Replace the rows of the scatter plot's table (zone, x, y, bivariate cell). */
export function renderScatterTable(root, crossing, {x, y, level, zoneUrl}) {
  const unit = (indicator) => (indicator.unite ? ` (${indicator.unite})` : "");
  root.querySelector("[data-x-header]").textContent = `X : ${x.libelle}${unit(x)}`;
  root.querySelector("[data-y-header]").textContent = `Y : ${y.libelle}${unit(y)}`;
  root.querySelector("[data-scatter-table-caption]").textContent = `Zones du nuage de points : `
    + `${x.libelle} (X) et ${y.libelle} (Y), ${crossing.points.length.toLocaleString("fr-FR")} zones`
    + `${crossing.points.length > TABLE_MAX_ROWS ? ` (les ${TABLE_MAX_ROWS} premières par nom)` : ""}.`;
  const points = [...crossing.points].sort((a, b) => a.nom.localeCompare(b.nom, "fr"));
  const rows = points.slice(0, TABLE_MAX_ROWS).map((point) => {
    const row = element("tr");
    row.dataset.code = point.code;
    const name = sortedCell("th", "", point.nom);
    name.scope = "row";
    const link = element("a", "", point.nom);
    link.href = zoneHref(zoneUrl, level, point.code);
    name.append(link);
    row.append(name,
      sortedCell("td", formatValue(point.x, x), point.x, "num"),
      sortedCell("td", formatValue(point.y, y), point.y, "num"),
      sortedCell("td", cellWords(point.cellule), point.cellule));
    return row;
  });
  root.querySelector("[data-scatter-rows]").replaceChildren(...rows);
  for (const header of root.querySelectorAll("th[aria-sort]")) {
    header.setAttribute("aria-sort", header.cellIndex === 0 ? "ascending" : "none");
  }
}
