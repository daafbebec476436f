// What every chart of Terreau shares (Vega-Lite through vega-embed): loading the libraries
// once, on demand, and French numbers. No imports, so that any page (with or without a map)
// can use it.

let vegaLoading = null;

/**
 * Load Vega, Vega-Lite and vega-embed (classic scripts, in this order) once. The URLs are in
 * the page's data-vega-scripts attribute (space separated): 0.8 MB of charts that must not
 * delay the rest of the page.
 */
export function loadVega() {
  if (typeof window.vegaEmbed === "function") return Promise.resolve();
  if (vegaLoading) return vegaLoading;
  const urls = (document.querySelector("[data-vega-scripts]")?.dataset.vegaScripts || "")
    .split(" ").filter(Boolean);
  vegaLoading = urls.reduce((previous, url) => previous.then(() => new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement("script"), {src: url, async: false});
    script.onload = resolve;
    script.onerror = () => reject(new Error("Les graphiques n'ont pas pu être chargés."));
    document.head.append(script);
  })), Promise.resolve());
  return vegaLoading;
}

// French numbers in every chart ("12,5", thin space for thousands).
export const FRENCH_FORMAT = {decimal: ",", thousands: "\u202f", grouping: [3], currency: ["", "\u00a0€"]};
