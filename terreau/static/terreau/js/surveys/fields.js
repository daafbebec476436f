// One question on screen: its label, hint, the input that suits its type on a phone (with
// the right keyboard), the place for its message, and how its value is read back.

import { isTrue } from "./expressions.js";

const CHECKED_TYPES = new Set(["select_one", "select_multiple", "rank", "integer", "decimal",
  "range", "text", "date", "time", "datetime", "geopoint", "zone", "acknowledge", "barcode"]);

export function text(labels, language) {
  if (!labels) return "";
  return labels[language] || labels.default || Object.values(labels)[0] || "";
}

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

export { el };

export function answerable(node) {
  return CHECKED_TYPES.has(node.type);
}

function choicesOf(node, setup, language) {
  if (node.type === "zone") {
    return setup.zones.map((zone) => ({ name: zone.code, text: `${zone.name} (${zone.code})`,
                                        columns: { name: zone.code } }));
  }
  const list = setup.definition.choice_lists?.[node.choice_list] || [];
  return list.map((choice) => ({ name: choice.name, text: text(choice.label, language) || choice.name,
                                 columns: { ...(choice.extra || {}), name: choice.name } }));
}

function choiceGroup(node, id, kind, choices, describedBy) {
  const fieldset = el("fieldset", { class: "survey-choices", "aria-describedby": describedBy });
  fieldset.append(el("legend", { class: "survey-label" }));
  choices.forEach((choice, index) => {
    const input = el("input", { type: kind, name: id, value: choice.name, id: `${id}-${index}` });
    fieldset.append(el("label", { class: "survey-choice", for: `${id}-${index}`, "data-choice-index": index },
                       [input, el("span", { text: choice.text })]));
  });
  return fieldset;
}

function textInput(node, id, describedBy) {
  const attrs = { id, name: id, "aria-describedby": describedBy, autocomplete: "off" };
  switch (node.type) {
    case "integer": case "range":
      return el("input", { ...attrs, type: "text", inputmode: "numeric", class: "survey-short" });
    case "decimal":
      return el("input", { ...attrs, type: "text", inputmode: "decimal", class: "survey-short" });
    case "date": return el("input", { ...attrs, type: "date" });
    case "time": return el("input", { ...attrs, type: "time" });
    case "datetime": return el("input", { ...attrs, type: "datetime-local" });
    default:
      if ((node.appearance || "").includes("multiline")) return el("textarea", { ...attrs, rows: 3 });
      return el("input", { ...attrs, type: "text" });
  }
}

function geopointInput(id, describedBy) {
  const wrap = el("div", { class: "survey-geo", role: "group", "aria-describedby": describedBy });
  const lat = el("input", { id: `${id}-lat`, type: "text", inputmode: "decimal", class: "survey-short" });
  const lon = el("input", { id: `${id}-lon`, type: "text", inputmode: "decimal", class: "survey-short" });
  const locate = el("button", { type: "button", class: "survey-secondary", text: "Utiliser ma position" });
  const status = el("p", { class: "survey-hint", "aria-live": "polite" });
  locate.addEventListener("click", () => {
    if (!navigator.geolocation) { status.textContent = "Ce téléphone ne donne pas sa position : saisissez-la."; return; }
    status.textContent = "Recherche de la position…";
    navigator.geolocation.getCurrentPosition((position) => {
      lat.value = position.coords.latitude.toFixed(6);
      lon.value = position.coords.longitude.toFixed(6);
      wrap.dataset.extra = `${Math.round(position.coords.altitude || 0)} ${Math.round(position.coords.accuracy || 0)}`;
      status.textContent = `Position trouvée (à ${Math.round(position.coords.accuracy || 0)} m près).`;
      lat.dispatchEvent(new Event("input", { bubbles: true }));
    }, () => { status.textContent = "Position indisponible : saisissez la latitude et la longitude."; },
    { enableHighAccuracy: true, timeout: 15000 });
  });
  wrap.append(locate,
    el("label", { for: lat.id, text: "Latitude" }), lat,
    el("label", { for: lon.id, text: "Longitude" }), lon, status);
  return wrap;
}

// The block of one question: returns {block, read, message, focus}.
export function questionBlock(node, setup, language, prefix = "") {
  const id = `q-${prefix}${node.name}`;
  const hintId = `${id}-aide`;
  const messageId = `${id}-message`;
  const describedBy = `${hintId} ${messageId}`;
  const block = el("div", { class: `survey-q survey-q-${node.type}`, "data-question": node.name });
  const labelText = text(node.label, language) || node.name;
  const hint = el("p", { class: "survey-hint", id: hintId, text: text(node.hint, language) });
  const message = el("p", { class: "survey-msg", id: messageId, "aria-live": "polite" });
  let input;
  let read;
  if (node.type === "note") {
    block.append(el("p", { class: "survey-note", text: labelText }), hint);
    return { block, read: () => "", message, focus: () => {} };
  }
  if (node.type === "select_one" && !(node.appearance || "").includes("minimal")) {
    input = choiceGroup(node, id, "radio", choicesOf(node, setup, language), describedBy);
    read = () => input.querySelector("input:checked")?.value || "";
  } else if (node.type === "select_multiple" || node.type === "rank") {
    input = choiceGroup(node, id, "checkbox", choicesOf(node, setup, language), describedBy);
    read = () => [...input.querySelectorAll("input:checked")].map((box) => box.value);
  } else if (node.type === "select_one" || node.type === "zone") {
    input = el("select", { id, name: id, "aria-describedby": describedBy },
               [el("option", { value: "", text: "— choisir —" })]);
    choicesOf(node, setup, language).forEach((choice, index) => {
      input.append(el("option", { value: choice.name, text: choice.text, "data-choice-index": index }));
    });
    read = () => input.value;
  } else if (node.type === "acknowledge") {
    const box = el("input", { type: "checkbox", id, "aria-describedby": describedBy });
    input = el("label", { class: "survey-choice", for: id }, [box, el("span", { text: "J'ai lu" })]);
    read = () => (box.checked ? "OK" : "");
  } else if (node.type === "geopoint") {
    input = geopointInput(id, describedBy);
    read = () => {
      const lat = input.querySelector(`#${CSS.escape(id)}-lat`).value.trim().replace(",", ".");
      const lon = input.querySelector(`#${CSS.escape(id)}-lon`).value.trim().replace(",", ".");
      if (!lat && !lon) return "";
      return `${lat} ${lon} ${input.dataset.extra || "0 0"}`;
    };
  } else {
    input = textInput(node, id, describedBy);
    if (node.default && !node.default.includes("(") && !node.default.includes("$")) input.value = node.default;
    if (node.read_only) input.readOnly = true;
    read = () => input.value.trim();
  }
  const required = node.required ? el("span", { class: "survey-required", text: " (obligatoire)" }) : null;
  if (input.tagName === "FIELDSET") {
    input.querySelector("legend").append(labelText, required || "");
    block.append(input, hint, message);
  } else if (node.type === "geopoint") {
    block.append(el("p", { class: "survey-label", id: `${id}-titre` }, [labelText, required]), hint, input, message);
    input.setAttribute("aria-labelledby", `${id}-titre`);
  } else {
    block.append(el("label", { class: "survey-label", for: id }, [labelText, required]), hint, input, message);
  }
  if (!hint.textContent) hint.hidden = true;
  const focus = () => (block.querySelector("input, select, textarea, button") || block).focus();
  const choices = choicesOf(node, setup, language);
  // choice_filter: only the choices whose columns pass the expression are offered.
  const filter = (expr, answers) => {
    if (!expr) return;
    for (const option of block.querySelectorAll("[data-choice-index]")) {
      const shown = isTrue(expr, answers, null, null, choices[option.dataset.choiceIndex].columns);
      option.hidden = !shown;
      const box = option.tagName === "OPTION" ? option : option.querySelector("input");
      if (!shown && (box.checked || box.selected)) { box.checked = false; box.selected = false; }
    }
  };
  return { block, read, message, focus, filter };
}
