// The bivariate map's reading key: a 3 × 3 grid of colours (X across, Y up), each cell
// counting its zones, the axes named after the two indicators, and the four corners said in
// words ("élevé sur les deux"…). Cells are numbered 3 × y class + x class (0 = low on both).
import {formatValue} from "./choropleth.js";

export const LEVELS = ["faible", "moyen", "élevé"];
// The four corners, strongest contrast first, with the quadrant key of the payload.
export const CORNERS = [
  {cell: 8, quadrant: "haut_haut", words: () => "élevé sur les deux"},
  {cell: 0, quadrant: "bas_bas", words: () => "faible sur les deux"},
  {cell: 2, quadrant: "haut_bas", words: (x, y) => `élevé en ${x}, faible en ${y}`},
  {cell: 6, quadrant: "bas_haut", words: (x, y) => `faible en ${x}, élevé en ${y}`},
];

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Black or white text, whichever reads better on `hex` (WCAG relative luminance). */
export function inkOn(hex) {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  return luminance > 0.179 ? "#000000" : "#ffffff";
}

/** Count the points of each of the 9 cells. */
export function cellCounts(points) {
  const counts = new Array(9).fill(0);
  for (const point of points) if (point.cellule !== null) counts[point.cellule] += 1;
  return counts;
}

/** The zones of a croisement as choropleth.js rows: the class is the bivariate cell. */
export function bivariateRows(crossing) {
  return crossing.points.map((point) => ({code: point.code, classe: point.cellule, valeur: null}));
}

function boundsText(bounds, indicator) {
  const [low, high] = bounds.map((value) => formatValue(value, indicator));
  return `faible jusqu'à ${low}, moyen jusqu'à ${high}, élevé au-delà`;
}

function swatch(colour) {
  const node = element("span", "swatch");
  node.setAttribute("aria-hidden", "true");
  node.style.backgroundColor = colour;
  return node;
}

/** Fill `container` with the reading key of a croisement payload. */
export function renderBivariateLegend(container, crossing, {x, y}) {
  const colours = crossing.couleurs_bivariees;
  const counts = cellCounts(crossing.points);
  const table = element("table", "bivariate-grid");
  table.append(element("caption", "visually-hidden",
    `Couleurs de la carte croisée : ${x.libelle} en colonnes, ${y.libelle} en lignes, `
    + "nombre de zones dans chaque case."));
  const body = element("tbody");
  for (let yClass = 2; yClass >= 0; yClass -= 1) {
    const row = element("tr");
    const header = element("th", "row-level", LEVELS[yClass]);
    header.scope = "row";
    row.append(header);
    for (let xClass = 0; xClass < 3; xClass += 1) {
      const cell = 3 * yClass + xClass;
      const td = element("td", "bivariate-cell");
      td.style.backgroundColor = colours[cell];
      td.style.color = inkOn(colours[cell]);
      td.dataset.cell = String(cell);
      const words = `${x.libelle} ${LEVELS[xClass]}, ${y.libelle} ${LEVELS[yClass]}`;
      td.title = `${words} : ${counts[cell]} zone${counts[cell] > 1 ? "s" : ""}`;
      td.append(element("span", "visually-hidden", `${words} : `), String(counts[cell]));
      row.append(td);
    }
    body.append(row);
  }
  const foot = element("tr");
  foot.append(element("td"));
  for (const level of LEVELS) {
    const th = element("th", "column-level", level);
    th.scope = "col";
    foot.append(th);
  }
  body.append(foot);
  table.append(body);

  const grid = element("div", "bivariate-key");
  const yAxis = element("p", "axis-y", `${y.libelle} →`);
  const xAxis = element("p", "axis-x", `${x.libelle} →`);
  yAxis.setAttribute("aria-hidden", "true");
  xAxis.setAttribute("aria-hidden", "true");
  grid.append(yAxis, table, xAxis);

  const corners = element("ul", "bivariate-corners");
  for (const corner of CORNERS) {
    const item = element("li");
    const count = counts[corner.cell];
    item.append(swatch(colours[corner.cell]),
      element("span", "", `${corner.words(x.libelle, y.libelle)} `),
      element("span", "muted", `(${count} zone${count > 1 ? "s" : ""})`));
    corners.append(item);
  }
  const thirds = element("p", "bivariate-thirds");
  thirds.append("Faible, moyen, élevé : chaque indicateur est coupé en trois groupes de zones "
    + "de même taille. ", element("br"), `${x.libelle} : ${boundsText(crossing.x_bornes, x)}.`,
  element("br"), `${y.libelle} : ${boundsText(crossing.y_bornes, y)}.`);
  const missing = crossing.points.length - counts.reduce((a, b) => a + b, 0);
  if (missing) {
    thirds.append(element("br"), `${missing} zone${missing > 1 ? "s" : ""} sans valeur pour l'un `
      + "des deux indicateurs (hachurée" + (missing > 1 ? "s" : "") + ").");
  }
  container.replaceChildren(
    element("p", "bivariate-intro", "Plus la couleur est foncée, plus la zone est élevée sur "
      + "les deux indicateurs à la fois ; les deux autres coins montrent les zones où ils "
      + "s'opposent."),
    grid, corners, thirds);
}
