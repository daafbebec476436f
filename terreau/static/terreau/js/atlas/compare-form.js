// The form of the comparison page: one fieldset per map (indicator, territory, level, period)
// and the shared classification. Without JavaScript it is a plain GET form; with it, this
// module reads it into the permalink's parameters (`carte` repeated) and adds or removes maps.

const SHARED = ["methode", "classes", "palette"];

function field(fieldset, name) {
  return fieldset.querySelector(`[data-field="${name}"]`);
}

export function choiceFieldsets(form) {
  return [...form.querySelectorAll("[data-map-choice]")];
}

/** Write parameters as a query string that keeps "," and ":" readable in the permalink. */
export function queryText(query) {
  return [...query].map(([name, value]) => `${encodeURIComponent(name)}=`
    + encodeURIComponent(value).replace(/%2C/g, ",").replace(/%3A/g, ":")).join("&");
}

/** Read the form into URLSearchParams: `carte=SLUG,niveau,dans,periode` per map, then the rest. */
export function formQuery(form) {
  const query = new URLSearchParams();
  for (const fieldset of choiceFieldsets(form)) {
    const parts = ["indicateur", "niveau", "dans", "periode"].map((name) => field(fieldset, name).value);
    query.append("carte", parts.join(","));
  }
  for (const name of SHARED) {
    const value = form.elements[name]?.value;
    if (value && !(name === "methode" && value === "quantiles") && !(name === "classes" && value === "5")) {
      query.set(name, value);
    }
  }
  return query;
}

/** Number the fieldsets 1..n again: legends, ids, labels and the remove buttons. */
function renumber(form, {min, max}) {
  const fieldsets = choiceFieldsets(form);
  fieldsets.forEach((fieldset, i) => {
    const n = i + 1;
    fieldset.querySelector("[data-choice-number]").textContent = String(n);
    for (const control of fieldset.querySelectorAll("[data-field]")) {
      const id = `carte-${n}-${control.dataset.field}`;
      fieldset.querySelector(`label[for="${control.id}"]`)?.setAttribute("for", id);
      control.id = id;
    }
    const remove = fieldset.querySelector("[data-remove-map]");
    remove.value = String(n);
    remove.querySelector(".visually-hidden").textContent = ` la carte ${n}`;
    remove.hidden = fieldsets.length <= min;
  });
  form.querySelector("[data-add-map]").disabled = fieldsets.length >= max;
}

/** Add a map like the last one, with the first indicator not shown yet; return its fieldset. */
export function addChoice(form, limits) {
  const fieldsets = choiceFieldsets(form);
  const last = fieldsets[fieldsets.length - 1];
  const copy = last.cloneNode(true);
  for (const name of ["indicateur", "niveau", "dans", "periode"]) {
    field(copy, name).value = field(last, name).value;
  }
  const used = new Set(fieldsets.map((fieldset) => field(fieldset, "indicateur").value));
  const indicator = field(copy, "indicateur");
  const unused = [...indicator.options].find((option) => !used.has(option.value));
  if (unused) {
    indicator.value = unused.value;
    field(copy, "periode").value = "";
  }
  last.after(copy);
  renumber(form, limits);
  return copy;
}

/** Remove the map of this fieldset (never below the minimum). */
export function removeChoice(form, fieldset, limits) {
  if (choiceFieldsets(form).length <= limits.min) return;
  fieldset.remove();
  renumber(form, limits);
}

/** Offer the periods of each map's indicator, as the API answered them. */
export function updatePeriods(form, cartes) {
  choiceFieldsets(form).forEach((fieldset, i) => {
    const carte = cartes[i];
    if (!carte) return;
    const select = field(fieldset, "periode");
    const current = select.value;
    const periods = [...(carte.periodes || [])].reverse();
    const latest = periods.length ? ` (${periods[0]})` : "";
    const options = [new Option(`la plus récente${latest}`, "")];
    for (const period of periods) options.push(new Option(period, period));
    // A period the indicator lacks stays shown: the map's message explains it.
    if (current && !periods.includes(current)) options.push(new Option(current, current));
    select.replaceChildren(...options);
    select.value = current;
  });
}
