// The explorer's form: what it shows depends on the other choices (manual breaks, the centre
// of a diverging palette), some choices follow others (a commune's option means its IRIS),
// and the periods and references come from the last payload.
import {formatValue} from "./choropleth.js";
import {readState} from "./url-state.js";

export function createControls(form) {
  const field = (name) => form.elements.namedItem(name);
  // The level a territory's option implies (its IRIS), to go back to communes when leaving it.
  let impliedLevel = field("dans").selectedOptions[0]?.dataset.niveau || "";

  const controls = {
    field,

    isDiverging() {
      return form.querySelector("input[name=palette]:checked")?.dataset.kind === "diverging";
    },

    /** The state as URL parameters (leaving out what the current choices make irrelevant). */
    state() {
      return readState(form, {diverging: controls.isDiverging()});
    },

    /** Show the manual breaks only for that method, the reference only for diverging colours. */
    sync() {
      form.querySelector("[data-field=bornes]").hidden = field("methode").value !== "manual";
      form.querySelector("[data-field=reference]").hidden = !controls.isDiverging();
    },

    /** Choosing a commune's option means its IRIS; leaving it, back to communes. */
    followTerritory() {
      const implied = field("dans").selectedOptions[0]?.dataset.niveau || "";
      if (implied) field("niveau").value = implied;
      else if (impliedLevel && field("niveau").value === impliedLevel) field("niveau").value = "commune";
      impliedLevel = implied;
    },

    /** Manual breaks start from the current ones, rounded to the indicator's decimals. */
    prefillBreaks(payload) {
      const input = field("bornes");
      const classification = payload?.classification;
      if (input.value.trim() || !classification) return;
      const digits = Math.max(0, Math.min(6, payload.indicateur.decimales ?? 1));
      input.value = classification.bornes.slice(0, -1).map((b) => Number(b.toFixed(digits))).join(", ");
    },

    /** Periods, references and the default palette's name from a carte payload. */
    fill(payload) {
      fillPeriods(field("periode"), payload);
      fillReferences(field("reference"), payload);
      if (!field("palette").value) nameAutoPalette(form, payload);
    },
  };
  return controls;
}

function fillPeriods(select, data) {
  const chosen = select.value;
  const latest = data.periodes.at(-1);
  const options = [new Option(latest ? `la plus récente (${latest})` : "la plus récente", "")];
  for (const period of [...data.periodes].reverse()) options.push(new Option(period, period));
  select.replaceChildren(...options);
  select.value = data.periodes.includes(chosen) ? chosen : "";
}

function fillReferences(select, data) {
  const chosen = select.value;
  const options = data.references.map((ref) => {
    const value = ref.niveau === "selection" ? "selection" : `${ref.niveau}:${ref.code}`;
    const name = ref.niveau === "selection" ? "L'ensemble des zones affichées" : ref.nom;
    return new Option(`${name} (${formatValue(ref.valeur, data.indicateur)})`, value);
  });
  if (!options.length) return;
  select.replaceChildren(...options);
  if (options.some((option) => option.value === chosen)) select.value = chosen;
}

// "Selon l'indicateur (Jaune – orange – rouge)": the palette the indicator's direction gives.
function nameAutoPalette(form, data) {
  const name = data.classification?.palette;
  const label = name && form.querySelector(`label[for="palette-${name}"]`)?.textContent.trim();
  form.querySelector("[data-auto-palette]").textContent = label ? `(${label})` : "";
}
