// The side panel of a zone: every indicator the user sees for it (/api/v1/atlas/zone), each
// beside its reference territories and its rank, with a link to the zone page.
import {formatValue} from "./choropleth.js";

/** "1ᵉʳ sur 272", "3ᵉ sur 272" (rank 1 = the largest value). */
export function rankText(rank, total) {
  if (!rank) return "";
  return `${rank}${rank === 1 ? "ᵉʳ" : "ᵉ"} sur ${Number(total).toLocaleString("fr-FR")}`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function referenceLabel(ref) {
  return ref.niveau === "selection" ? `${ref.nom} (sélection)` : ref.nom;
}

function indicatorItem(item, current) {
  const li = element("li", item.slug === current ? "zone-indicator current" : "zone-indicator");
  li.append(element("h3", "", item.libelle));
  const value = element("p", "zone-indicator-value");
  value.append(element("strong", "", item.valeur === null ? (item.raison || "sans valeur")
    : formatValue(item.valeur, item)));
  if (item.rang) value.append(" ", element("span", "zone-rank", `— ${rankText(item.rang, item.sur)}`));
  if (item.periode) value.append(" ", element("span", "muted", `(${item.periode})`));
  li.append(value);
  if (item.references?.length) {
    const refs = element("dl", "zone-references");
    for (const ref of item.references) {
      refs.append(element("dt", "", referenceLabel(ref)),
        element("dd", "", formatValue(ref.valeur, item)));
    }
    li.append(refs);
  }
  return li;
}

/**
 * Wire the panel `root`. Returns {open(code, params), close()}; params = the map's state
 * (niveau, dans, periode, indicateur). `onClose` runs when the user closes it.
 */
export function createZonePanel(root, {apiUrl, onClose = () => {}}) {
  const title = root.querySelector("[data-zone-panel-title]");
  const link = root.querySelector("[data-zone-panel-link]");
  const status = root.querySelector("[data-zone-panel-status]");
  const list = root.querySelector("[data-zone-panel-list]");
  let controller = null;
  let opener = null;

  function close() {
    controller?.abort();
    root.hidden = true;
    onClose();
    if (opener && document.contains(opener)) opener.focus();
    opener = null;
  }
  root.querySelector("[data-zone-panel-close]").addEventListener("click", close);
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });

  async function open(code, params, {name = "", from = null} = {}) {
    controller?.abort();
    controller = new AbortController();
    opener = from;
    root.hidden = false;
    root.dataset.code = code;
    delete root.dataset.loaded;
    title.textContent = name || code;
    link.hidden = true;
    list.replaceChildren();
    status.textContent = "Chargement des indicateurs de la zone…";
    title.focus();
    const query = new URLSearchParams({niveau: params.get("niveau") || "", code});
    for (const key of ["dans", "periode"]) if (params.get(key)) query.set(key, params.get(key));
    try {
      const response = await fetch(`${apiUrl}?${query}`, {signal: controller.signal,
        headers: {Accept: "application/json"}});
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.detail || "Les indicateurs de la zone n'ont pas pu être chargés.");
      title.textContent = body.zone.nom;
      link.querySelector("a").href = body.zone.url;
      link.querySelector("a").textContent = `Ouvrir la fiche de ${body.zone.nom}`;
      link.hidden = false;
      const current = params.get("indicateur");
      const items = [...body.indicateurs].sort((a, b) => (b.slug === current) - (a.slug === current));
      list.append(...items.map((item) => indicatorItem(item, current)));
      status.textContent = items.length ? `${items.length} indicateur${items.length > 1 ? "s" : ""} pour cette zone.`
        : "Aucun indicateur visible pour cette zone.";
      root.dataset.loaded = "1";
    } catch (error) {
      if (error.name === "AbortError") return;
      status.textContent = error.message;
    }
  }

  return {open, close, get code() { return root.hidden ? null : root.dataset.code; }};
}
