// The threshold on the legend: one range slider (zones above / below a value) or two (zones
// between), keyboard-usable; the map fades the other zones live and the count is announced.
// A button sets the threshold to the value of the territory holding the zones shown, e.g. the
// département ("where are we above it?").
import {formatValue} from "./choropleth.js";
import {countZones} from "./legend.js";
import {formatThreshold, parseThreshold} from "./url-state.js";

const STEPS = 400;

function stepOf(min, max, decimals) {
  const fine = 10 ** -Math.max(0, Math.min(6, decimals ?? 1));
  return (max - min) / fine > 20 * STEPS ? (max - min) / STEPS : fine;
}

// The nearest territory that holds all the zones shown and has a value: their département when
// they share one, else their région, else the zones shown together ("selection").
const REFERENCE_WORDS = {departement: "au département", region: "à la région",
  selection: "à l'ensemble des zones"};

function referenceFor(payload) {
  const refs = payload.references || [];
  for (const level of ["departement", "region", "selection"]) {
    const found = refs.filter((ref) => ref.niveau === level);
    if (found.length === 1 && typeof found[0].valeur === "number") return found[0];
  }
  return null;
}

/**
 * Wire the threshold controls inside `root`. `onChange(range)` receives {min, max} (null
 * ends allowed) or null and returns the number of zones highlighted.
 */
export function createThreshold(root, {input, onChange}) {
  const mode = root.querySelector("[data-threshold-mode]");
  const low = root.querySelector("[data-threshold-low] input");
  const high = root.querySelector("[data-threshold-high] input");
  const lowBox = root.querySelector("[data-threshold-low]");
  const highBox = root.querySelector("[data-threshold-high]");
  const lowLabel = root.querySelector("[data-threshold-low] [data-threshold-label]");
  const lowOutput = root.querySelector("[data-threshold-low] output");
  const highOutput = root.querySelector("[data-threshold-high] output");
  const count = root.querySelector("[data-threshold-count]");
  const button = root.querySelector("[data-threshold-reference]");
  let payload = null;
  let reference = null;

  const format = (value) => formatValue(Number(value), payload.indicateur);

  function current() {
    if (!mode.value || !payload?.classification) return null;
    const a = Number(low.value);
    const b = Number(high.value);
    if (mode.value === "above") return {mode: "above", min: a, max: null};
    if (mode.value === "below") return {mode: "below", min: null, max: a};
    return {mode: "between", min: Math.min(a, b), max: Math.max(a, b)};
  }

  function describe(range, inside) {
    const total = payload.zones.length;
    const zones = countZones(inside, payload.niveau);
    const where = range.mode === "above" ? `au-dessus de ${format(range.min)} (ou égales)`
      : range.mode === "below" ? `en dessous de ${format(range.max)} (ou égales)`
        : `entre ${format(range.min)} et ${format(range.max)}`;
    return `${zones} sur ${total.toLocaleString("fr-FR")} ${where}.`;
  }

  function refresh() {
    const range = current();
    lowBox.hidden = !range;
    highBox.hidden = !range || range.mode !== "between";
    lowLabel.textContent = mode.value === "between" ? "De" : "Valeur";
    lowOutput.textContent = format(low.value);
    highOutput.textContent = format(high.value);
    low.setAttribute("aria-valuetext", format(low.value));
    high.setAttribute("aria-valuetext", format(high.value));
    input.value = formatThreshold(range);
    const inside = onChange(range);
    count.textContent = range ? describe(range, inside) : "";
    root.dataset.highlighted = range ? String(inside) : "";
  }

  function setRange(min, max) {
    for (const slider of [low, high]) {
      slider.min = String(min);
      slider.max = String(max);
      slider.step = String(stepOf(min, max, payload.indicateur.decimales));
    }
  }

  mode.addEventListener("change", () => {
    if (mode.value === "between" && Number(high.value) <= Number(low.value)) high.value = high.max;
    refresh();
  });
  low.addEventListener("input", refresh);
  high.addEventListener("input", refresh);
  button.addEventListener("click", () => {
    if (!reference) return;
    if (mode.value !== "below") mode.value = "above";
    low.value = String(reference.valeur);
    refresh();
    low.focus();
  });

  return {
    /** The current highlight, {mode, min, max} or null. */
    get range() {
      return current();
    },
    /** New values: keep the threshold when `keep` (same indicator), else start from the URL text. */
    update(newPayload, {keep = true, text = null} = {}) {
      const previous = keep && payload ? current() : parseThreshold(text ?? input.value);
      payload = newPayload;
      const classification = payload.classification;
      root.hidden = !classification;
      if (!classification) {
        input.value = "";
        onChange(null);
        return;
      }
      setRange(classification.min, classification.max);
      reference = referenceFor(payload);
      button.hidden = !reference;
      if (reference) {
        button.textContent = `Comparer ${REFERENCE_WORDS[reference.niveau]} `
          + `(${reference.nom} : ${format(reference.valeur)})`;
      }
      mode.value = previous ? previous.mode : "";
      low.value = String(previous ? previous.min ?? previous.max : classification.min);
      high.value = String(previous?.mode === "between" ? previous.max : classification.max);
      refresh();
    },
  };
}
