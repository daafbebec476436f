// The texts of the comparison page around each map (title, legend, table, hover readout) and
// the sentences about the maps together (shared colours, no zone in common).
import {formatValue} from "./choropleth.js";
import {countZones, renderLegend} from "./legend.js";
import {renderRanking, renderTable} from "./table.js";

export const READOUT = "Survolez une zone : sa valeur s'affiche ici et sur les autres cartes.";
export const READOUT_BOTH = "Survolez une zone pour lire ses deux valeurs.";

export function showReadout(element, text, idle) {
  element.textContent = text;
  element.classList.toggle("idle", idle);
}

/** "Tours : 17,9 %" for a zone of the slot's map (its chart keeps the last payload). */
export function valueText(slot, code, name) {
  const zone = slot.chart?.zone(code);
  if (!zone) return `${name} n'est pas sur cette carte.`;
  const value = formatValue(zone.valeur, slot.payload.indicateur);
  return `${zone.nom} : ${value}${zone.valeur === null && zone.raison ? ` (${zone.raison})` : ""}`;
}

/** The carte with its classes counted on its own zones (a shared classification counts all). */
export function countedAlone(carte) {
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

/** Fill the table and the ranking of a map (drawn only while open: thousands of rows). */
export function renderPanelTable(details, carte, zoneUrl) {
  renderTable(details, carte, {zoneUrlTemplate: zoneUrl});
  renderRanking(details.querySelector("[data-ranking]"), carte);
}

/** Fill a map's panel from its carte payload (n° position from 0; shared: one classification). */
export function renderPanel(slot, carte, {position, shared, zoneUrl}) {
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
  const details = slot.el.querySelector(".compare-table");
  if (details.open) renderPanelTable(details, carte, zoneUrl);
  showReadout(slot.el.querySelector("[data-hover-readout]"), READOUT, true);
}

/** Say whether the colours mean the same on every map, and why maps do not move together. */
export function colourNote(payload) {
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
  return text;
}

/** Why maps 1 and 2 cannot be crossed. */
export function noCrossingText(payload) {
  const [first, second] = payload.cartes;
  if (first.niveau !== second.niveau) {
    return "Les cartes 1 et 2 n'ont pas le même niveau de zones : pas de nuage de points ni "
      + "de carte croisée. Choisissez le même niveau pour les croiser.";
  }
  return "Les cartes 1 et 2 ne montrent aucune zone en commun : pas de nuage de points ni de "
    + "carte croisée. Choisissez le même territoire pour les croiser.";
}
