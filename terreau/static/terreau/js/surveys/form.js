// The mobile form of a campaign: consent first, then one section per screen with skip logic
// and checks applied as one answers (expressions.js: parsed, never eval'd), then the receipt
// code. A completed answer goes to the durable queue (queue.js) before any sending.

import { evaluate, isTrue, parse } from "./expressions.js";
import { el, questionBlock, text, answerable } from "./fields.js";
import { enqueue, startSending, uuid } from "./queue.js";

const CACHE = "terreau-enquetes-v1"; // the service worker's cache (sw.js)
const RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"; // no I, L, O, 0, 1
const RECEIPT_LENGTH = 10;
const setup = JSON.parse(document.getElementById("survey-setup").textContent);
const definition = setup.definition;
const language = definition.default_language || (definition.languages || ["fr"])[0] || "fr";
const root = document.querySelector("[data-survey-screen]");
const queueStatus = document.querySelector("[data-queue-status]");

export function receiptCode() {
  const out = [];
  while (out.length < RECEIPT_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      // Rejection keeps every letter equally likely (248 = 8 × 31).
      if (byte < 248 && out.length < RECEIPT_LENGTH) out.push(RECEIPT_ALPHABET[byte % 31]);
    }
  }
  return out.join("");
}

const compiled = new Map();
function expression(source) {
  if (!source || !source.trim()) return null;
  if (!compiled.has(source)) {
    try {
      compiled.set(source, parse(source));
    } catch (error) {
      console.warn(`Expression ignorée (${source}) : ${error.message}`);
      compiled.set(source, null);
    }
  }
  return compiled.get(source);
}

function holds(source, answers, current) {
  const expr = expression(source);
  if (!expr) return true;
  try {
    return isTrue(expr, answers, current);
  } catch (error) {
    console.warn(`Expression non évaluée (${source}) : ${error.message}`);
    return true;
  }
}

// ---- The sections and their questions -------------------------------------------------

function sectionsOf(children) {
  const sections = [];
  let loose = null;
  for (const node of children) {
    if (node.type === "group" || node.type === "repeat") {
      loose = null;
      const members = node.type === "repeat" ? [node] : node.children || [];
      sections.push({ node, title: text(node.label, language) || definition.title, members });
    } else {
      if (!loose) {
        loose = { node: null, title: definition.title || setup.titre, members: [] };
        sections.push(loose);
      }
      loose.members.push(node);
    }
  }
  return sections;
}

const SKIPPED = new Set(["image", "audio", "video", "file", "geotrace", "geoshape", "deviceid",
                         "username", "audit", "hidden"]);
const META = { start: () => startedAt, end: () => new Date().toISOString(),
               today: () => new Date().toISOString().slice(0, 10) };
let startedAt = "";

function typed(node, raw) {
  if (raw === "" || (Array.isArray(raw) && raw.length === 0)) return { value: "" };
  if (node.type === "integer" || node.type === "range") {
    if (!/^[-+]?\d+$/.test(raw)) return { error: "Entrez un nombre entier, sans virgule." };
    return { value: Number(raw) };
  }
  if (node.type === "decimal") {
    const dotted = raw.replace(",", ".");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(dotted)) return { error: "Entrez un nombre, par exemple 12,5." };
    return { value: Number(dotted) };
  }
  if (node.type === "geopoint") {
    const [lat, lon] = raw.split(" ").map(Number);
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) {
      return { error: "Entrez une latitude (entre -90 et 90) et une longitude (entre -180 et 180)." };
    }
  }
  return { value: raw };
}

class Form {
  constructor() {
    this.sections = sectionsOf(definition.children || []);
    this.fields = new Map(); // name → {node, read, message, focus, block, container}
    this.screens = this.sections.map((section) => this.buildSection(section));
    this.current = 0;
  }

  buildSection(section) {
    const screen = el("section", { class: "survey-section", "aria-labelledby": "survey-section-title" });
    const add = (nodes, parent) => {
      for (const node of nodes) {
        if (node.type === "group") {
          const fieldset = el("fieldset", { class: "survey-group", "data-group": node.name },
                              [el("legend", { text: text(node.label, language) || node.name })]);
          this.fields.set(node.name, { node, block: fieldset, container: true });
          add(node.children || [], fieldset);
          parent.append(fieldset);
        } else if (node.type === "repeat") {
          parent.append(el("p", { class: "survey-note", text: "Cette partie répétée se remplit dans KoboToolbox ou ODK ; ses réponses s'importent ensuite." }));
        } else if (node.type === "note" || answerable(node)) {
          const field = questionBlock(node, setup, language);
          this.fields.set(node.name, { node, ...field });
          parent.append(field.block);
        } else if (node.type === "calculate" || META[node.type]) {
          this.fields.set(node.name, { node, computed: true });
        } else if (SKIPPED.has(node.type)) {
          continue;
        }
      }
    };
    if (section.node?.type === "group") {
      // The section is its group: the group's relevance shows or skips the whole screen.
      screen.dataset.group = section.node.name;
      this.fields.set(section.node.name, { node: section.node, block: screen, container: true });
    }
    add(section.members, screen);
    screen.addEventListener("input", () => this.refresh());
    screen.addEventListener("change", (event) => {
      this.refresh();
      const name = event.target.closest("[data-question]")?.dataset.question;
      if (name) this.check(name);
    });
    return screen;
  }

  // The answers as expressions see them: not relevant and not answered are "".
  answers() {
    const out = {};
    for (const [name, field] of this.fields) {
      if (field.read) {
        const parsed = typed(field.node, field.read());
        out[name] = parsed.error ? "" : parsed.value;
      } else if (!field.container) {
        out[name] = "";
      }
    }
    const hiddenGroups = new Set();
    for (const [name, field] of this.fields) {
      const node = field.node;
      const inHidden = [...hiddenGroups].some((group) =>
        field.block?.closest(`[data-group="${CSS.escape(group)}"]`));
      if (field.container) {
        if (inHidden || !holds(node.relevant, out)) hiddenGroups.add(name);
        continue;
      }
      field.relevantNow = !inHidden && holds(node.relevant, out);
      if (!field.relevantNow) out[name] = "";
      else if (field.computed) out[name] = META[node.type] ? META[node.type]() : this.calculate(node, out);
    }
    this.hiddenGroups = hiddenGroups;
    return out;
  }

  calculate(node, answers) {
    const expr = expression(node.calculation);
    if (!expr) return "";
    try { return evaluate(expr, answers); } catch { return ""; }
  }

  refresh() {
    this.answers();
    for (const field of this.fields.values()) {
      if (!field.block) continue;
      field.block.hidden = field.container ? this.hiddenGroups.has(field.node.name) : !field.relevantNow;
    }
    this.progress();
  }

  // The French message for one question, or "" when its answer is acceptable.
  problem(name, answers) {
    const field = this.fields.get(name);
    if (!field || field.container || field.computed || !field.relevantNow || field.node.type === "note") return "";
    const node = field.node;
    const raw = field.read();
    const parsed = typed(node, raw);
    if (parsed.error) return parsed.error;
    if (parsed.value === "") {
      return node.required ? text(node.required_message, language) || "Cette question est obligatoire." : "";
    }
    if (!holds(node.constraint, answers, parsed.value)) {
      return text(node.constraint_message, language) || "Cette réponse n'est pas acceptée.";
    }
    return "";
  }

  check(name, answers = this.answers()) {
    const field = this.fields.get(name);
    const message = this.problem(name, answers);
    field.message.textContent = message;
    field.block.classList.toggle("survey-invalid", Boolean(message));
    for (const input of field.block.querySelectorAll("input, select, textarea")) {
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    return !message;
  }

  checkScreen(index) {
    const answers = this.answers();
    let first = null;
    for (const [name, field] of this.fields) {
      if (!field.message || !this.screens[index].contains(field.block)) continue;
      if (!this.check(name, answers) && !first) first = field;
    }
    if (first) first.focus();
    return !first;
  }

  visibleIndexes() {
    return this.screens.map((screen, index) => index).filter((index) => !this.screens[index].hidden
      && [...this.screens[index].querySelectorAll(".survey-q")].some((block) => !block.hidden));
  }

  visibleScreens() {
    this.refresh();
    return this.visibleIndexes();
  }

  progress() {
    const visible = this.visibleIndexes();
    const position = visible.indexOf(this.current) + 1;
    const status = document.querySelector("[data-survey-progress]");
    if (status && position > 0) status.textContent = `Section ${position} sur ${visible.length}`;
  }

  show(index) {
    this.current = index;
    const visible = this.visibleScreens();
    const position = visible.indexOf(index);
    const section = this.sections[index];
    const title = el("h2", { id: "survey-section-title", text: section.title });
    const back = el("button", { type: "button", class: "survey-secondary", text: "Précédent" });
    const last = position === visible.length - 1;
    const next = el("button", { type: "button", class: "survey-primary",
                                text: last ? "Terminer et enregistrer" : "Suivant" });
    back.hidden = position === 0;
    back.addEventListener("click", () => this.show(visible[position - 1]));
    next.addEventListener("click", () => {
      if (!this.checkScreen(index)) return;
      if (last) this.finish();
      else this.show(this.visibleScreens()[this.visibleScreens().indexOf(index) + 1]);
    });
    const nav = el("div", { class: "survey-nav" }, [back, next]);
    root.replaceChildren(el("p", { class: "survey-progress", "data-survey-progress": "" }),
                         title, this.screens[index], nav);
    this.progress();
    root.focus();
    window.scrollTo(0, 0);
  }

  async finish() {
    const answers = this.answers();
    const reponses = {};
    let zone = "";
    for (const [name, field] of this.fields) {
      if (field.container || !field.relevantNow || field.node.type === "note") continue;
      const value = answers[name];
      if (value === "" || value === undefined || value === null) continue;
      reponses[name] = value;
      if (field.node.type === "zone" && !zone) zone = value;
    }
    const recu = receiptCode();
    const body = {
      cle: uuid(), recu, version: setup.version, reponses, zone,
      consentement: { accepte: true, affiche_le: this.consentShownAt },
      recueillie_le: new Date().toISOString(),
    };
    await enqueue(setup.envoi, body);
    receiptScreen(recu);
    sender.now();
  }
}

// ---- Screens -------------------------------------------------------------------------

function paragraph(title, ...body) {
  if (!body.some(Boolean)) return null;
  return el("div", { class: "survey-consent-item" }, [el("h3", { text: title }), el("p", {}, body)]);
}

function screen(...children) {
  root.replaceChildren(...children.filter(Boolean));
  root.focus();
}

function consentScreen() {
  const shownAt = new Date().toISOString();
  const consent = setup.consentement;
  const accept = el("button", { type: "button", class: "survey-primary", text: "J'accepte" });
  const refuse = el("button", { type: "button", class: "survey-secondary", text: "Je refuse" });
  accept.addEventListener("click", () => {
    startedAt = new Date().toISOString();
    const form = new Form();
    form.consentShownAt = shownAt;
    form.show(form.visibleScreens()[0] ?? 0);
  });
  refuse.addEventListener("click", refusedScreen);
  screen(
    el("h2", { text: "Avant de commencer" }),
    paragraph("Qui recueille vos réponses", consent.qui),
    paragraph("Pourquoi", consent.pourquoi),
    paragraph("Ce qui sera publié", consent.publication),
    paragraph("Combien de temps elles sont gardées", consent.conservation),
    paragraph("Comment les faire effacer",
              "À la fin, un code de reçu vous est donné. Avec ce code, vous pouvez effacer vos "
              + "réponses à tout moment sur la page ", el("a", { href: setup.effacer, text: setup.effacer }), "."),
    paragraph("Contact", consent.contact),
    el("p", { class: "survey-question-consent", text: "Acceptez-vous de répondre à ce questionnaire ?" }),
    el("div", { class: "survey-nav" }, [refuse, accept]),
  );
}

function refusedScreen() {
  const again = el("button", { type: "button", class: "survey-primary", text: "Nouvelle personne" });
  again.addEventListener("click", consentScreen);
  screen(
    el("h2", { text: "Merci" }),
    el("p", { text: "Vous avez refusé de répondre : rien n'a été enregistré, ni ici ni sur ce téléphone." }),
    setup.public ? null : again,
  );
}

function receiptScreen(code) {
  const again = el("button", { type: "button", class: "survey-primary", text: "Nouvelle réponse" });
  again.addEventListener("click", consentScreen);
  const link = el("a", { href: setup.effacer, text: setup.effacer });
  screen(
    el("h2", { text: "Merci, vos réponses sont enregistrées" }),
    el("p", { text: "Votre code de reçu :" }),
    el("p", { class: "survey-receipt", "data-receipt": "", text: code }),
    el("p", {}, ["Notez ce code : il permet d'effacer ces réponses à tout moment sur la page ", link, "."]),
    el("p", { class: "survey-hint", text: "Sans réseau, les réponses restent sur ce téléphone et partent dès que la connexion revient." }),
    again,
  );
}

function showQueue(state) {
  const n = state.pending;
  const parts = [`${n} réponse${n > 1 ? "s" : ""} en attente d'envoi`];
  if (state.refused.length) {
    const first = state.refused[0].refus;
    const details = Object.entries(first.erreurs || {}).map(([q, m]) => `${q} : ${m}`).join(" ; ");
    parts.push(`${state.refused.length} refusée${state.refused.length > 1 ? "s" : ""} par le serveur (${first.detail}${details ? ` — ${details}` : ""})`);
  }
  queueStatus.textContent = parts.join(" · ");
  queueStatus.dataset.pending = String(n);
  queueStatus.classList.toggle("survey-queue-waiting", n > 0);
}

async function keepOffline() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register(setup.sw, { scope: setup.sw.replace(/[^/]*$/, "") });
    const cache = await caches.open(CACHE);
    await cache.addAll(setup.fichiers);
    document.body.dataset.surveyOffline = "1";
  } catch (error) {
    console.warn(`Formulaire non gardé pour le hors-ligne : ${error.message}`);
  }
}

const sender = startSending(showQueue);
if (setup.close) {
  root.replaceChildren(el("p", { class: "survey-note", text: "Cette campagne est close : le formulaire n'accepte plus de réponses." }));
} else {
  consentScreen();
}
document.body.dataset.surveyReady = "1";
keepOffline();
