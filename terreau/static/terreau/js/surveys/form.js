// The mobile form of a campaign: consent first, then one section per screen with skip logic
// and checks applied as one answers (expressions.js: parsed, never eval'd), then the receipt
// code. A completed answer goes to the durable queue (queue.js) before any sending.

import { el, text } from "./fields.js";
import { problem, Scope, startNow } from "./scope.js";
import { enqueue, startSending, uuid } from "./queue.js";

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

class Form {
  constructor() {
    this.scope = new Scope({ setup, language, changed: () => this.refresh() });
    this.sections = sectionsOf(definition.children || []);
    this.screens = this.sections.map((section) => this.buildSection(section));
    this.current = 0;
  }

  buildSection(section) {
    const screen = el("section", { class: "survey-section", "aria-labelledby": "survey-section-title" });
    if (section.node?.type === "group") {
      // The section is its group: the group's relevance shows or skips the whole screen.
      screen.dataset.group = section.node.name;
      this.scope.fields.set(section.node.name, { node: section.node, block: screen, container: true });
    }
    this.scope.build(section.members, screen);
    screen.addEventListener("input", () => this.refresh());
    screen.addEventListener("change", (event) => {
      this.refresh();
      for (const [field, ctx] of this.scope.questions()) {
        if (field.block.contains(event.target)) this.check(field, ctx);
      }
    });
    return screen;
  }

  refresh() {
    this.scope.evaluate();
    this.progress();
  }

  check(field, ctx) {
    const message = problem(field, ctx, language);
    field.message.textContent = message;
    field.block.classList.toggle("survey-invalid", Boolean(message));
    for (const input of field.block.querySelectorAll("input, select, textarea")) {
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    return !message;
  }

  checkScreen(index) {
    this.refresh();
    let first = null;
    for (const [field, ctx] of this.scope.questions()) {
      if (!this.screens[index].contains(field.block)) continue;
      if (!this.check(field, ctx) && !first) first = field;
    }
    if (first) first.focus();
    return !first;
  }

  visibleIndexes() {
    return this.screens.map((screen, index) => index).filter((index) => !this.screens[index].hidden
      && [...this.screens[index].querySelectorAll(".survey-q, .survey-repeat")]
        .some((block) => !block.closest("[hidden]")));
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
      const now = this.visibleScreens();
      if (now.indexOf(index) === now.length - 1) this.finish();
      else this.show(now[now.indexOf(index) + 1]);
    });
    const nav = el("div", { class: "survey-nav" }, [back, next]);
    root.replaceChildren(el("p", { class: "survey-progress", "data-survey-progress": "" }),
                         title, this.screens[index], nav);
    this.progress();
    root.focus();
    window.scrollTo(0, 0);
  }

  async finish() {
    const ctx = this.scope.evaluate();
    const reponses = this.scope.answers();
    const zoneField = [...this.scope.fields.values()].find((field) =>
      field.node.type === "zone" && field.relevantNow && ctx[field.node.name]);
    const recu = receiptCode();
    const body = {
      cle: uuid(), recu, version: setup.version, reponses,
      zone: zoneField ? ctx[zoneField.node.name] : "",
      consentement: { accepte: true, affiche_le: this.consentShownAt },
      recueillie_le: new Date().toISOString(),
    };
    await enqueue(setup.envoi, body);
    receiptScreen(recu, body.cle);
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
    startNow();
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

let receiptKey = null;

function receiptScreen(code, key) {
  receiptKey = key;
  const again = el("button", { type: "button", class: "survey-primary", text: "Nouvelle réponse" });
  again.addEventListener("click", consentScreen);
  const link = el("a", { href: setup.effacer, text: setup.effacer });
  screen(
    el("h2", { text: "Merci, vos réponses sont enregistrées" }),
    el("p", { text: "Votre code de reçu :" }),
    el("p", { class: "survey-receipt", "data-receipt": "", text: code }),
    el("p", {}, ["Notez ce code : il permet d'effacer ces réponses à tout moment sur la page ", link, "."]),
    el("p", { class: "survey-sent", "data-receipt-sent": "", role: "status",
              text: "Envoi en cours…" }),
    again,
  );
}

// The receipt screen says where this respondent's answers are: arrived, waiting, refused.
function showSent(state) {
  const line = document.querySelector("[data-receipt-sent]");
  if (!line || !receiptKey) return;
  const refused = state.refused.find((item) => item.cle === receiptKey);
  if (refused) {
    line.textContent = `Le serveur a refusé ces réponses : ${refused.refus.detail}`;
  } else if (state.keys.has(receiptKey)) {
    line.textContent = "Pas de réseau pour l'instant : les réponses restent sur ce téléphone et partent dès que la connexion revient.";
  } else {
    line.textContent = "Vos réponses sont arrivées.";
  }
}

function showQueue(state) {
  showSent(state);
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
    const cache = await caches.open(setup.cache); // the service worker's (sw.js)
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
