// The legend of the explorer: one line per class (colour, bounds in the unit, count of zones)
// and the zones without value (hatched, counted). Same wording as the server-rendered legend.
import {classLabels, formatValue} from "./choropleth.js";

const LEVEL_WORDS = {
  commune: ["commune", "communes"], iris: ["IRIS", "IRIS"], departement: ["département", "départements"],
  region: ["région", "régions"], epci: ["EPCI", "EPCI"], qpv: ["QPV", "QPV"],
};

/** "1 commune", "54 communes", "3 zones". */
export function countZones(count, level) {
  const [one, many] = LEVEL_WORDS[level] || ["zone", "zones"];
  return `${count.toLocaleString("fr-FR")} ${count > 1 ? many : one}`;
}

export const METHOD_LABELS = {
  quantiles: "Quantiles (effectifs égaux)", fisher_jenks: "Seuils naturels (Fisher-Jenks)",
  equal_interval: "Intervalles égaux", std_mean: "Écarts à la moyenne", manual: "Seuils choisis",
};

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function item(swatchClass, colour, label, count, level) {
  const li = element("li", "legend-item");
  const swatch = element("span", `swatch ${swatchClass}`);
  swatch.setAttribute("aria-hidden", "true");
  if (colour) swatch.style.backgroundColor = colour;
  li.append(swatch, element("span", "legend-label", label), " ",
    element("span", "legend-count", countZones(count, level)));
  return li;
}

/** Fill `container` (the legend's list and caption) from a carte payload. */
export function renderLegend(container, payload) {
  const {classification, indicateur, niveau} = payload;
  const caption = container.querySelector("[data-legend-caption]");
  const list = container.querySelector("[data-legend-classes]");
  const method = container.querySelector("[data-legend-method]");
  const unit = indicateur.unite ? ` (${indicateur.unite})` : "";
  caption.textContent = `${indicateur.libelle}${unit} — ${countZones(payload.zones.length, niveau)}`
    + `${payload.dans_nom ? ` de ${payload.dans_nom}` : ""}, ${payload.periode || "période inconnue"}`;
  list.replaceChildren();
  if (classification) {
    const labels = classLabels(classification, indicateur);
    classification.couleurs.forEach((colour, i) => {
      list.append(item("", colour, labels[i], classification.effectifs[i], niveau));
    });
    list.append(item("swatch-missing", classification.couleur_manquante, "sans valeur",
      classification.manquantes, niveau));
    let text = `${METHOD_LABELS[classification.methode] || classification.methode}, `
      + `${classification.classes} classes`;
    if (classification.divergente && classification.centre !== null) {
      text += ` ; couleurs centrées sur ${formatValue(classification.centre, indicateur)}`;
    }
    method.textContent = `${text}.`;
  } else {
    const missing = payload.zones.filter((zone) => zone.valeur === null).length;
    list.append(item("swatch-missing", null, "sans valeur", missing, niveau));
    method.textContent = "";
  }
}
