// The questions of one scope (the whole form, or one item of a repeat): building their
// blocks, reading their values into the answers expressions see, applying relevance and
// choice filters, checking them, and the answers to send. Repeats hold one scope per item.

import { evaluate, isTrue, parse } from "./expressions.js";
import { answerable, el, questionBlock, text } from "./fields.js";

const SKIPPED = new Set(["image", "audio", "video", "file", "geotrace", "geoshape", "deviceid",
                         "username", "audit", "hidden"]);
let startedAt = "";
const META = { start: () => startedAt, end: () => new Date().toISOString(),
               today: () => new Date().toISOString().slice(0, 10) };

export function startNow() { startedAt = new Date().toISOString(); }

const compiled = new Map();
function expression(source) {
  if (!source || !String(source).trim()) return null;
  if (!compiled.has(source)) {
    try {
      compiled.set(source, parse(String(source)));
    } catch (error) {
      console.warn(`Expression ignorée (${source}) : ${error.message}`);
      compiled.set(source, null);
    }
  }
  return compiled.get(source);
}

function holds(source, answers, current = null, choice = null) {
  const expr = expression(source);
  return expr ? isTrue(expr, answers, current, null, choice) : true;
}

export function typed(node, raw) {
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

// ---- Building --------------------------------------------------------------------------

export class Scope {
  constructor(env, prefix = "") {
    this.env = env; // {setup, language, changed}
    this.prefix = prefix;
    this.fields = new Map(); // name → field, in reading order
    this.ctx = {};
  }

  build(nodes, parent) {
    const { setup, language } = this.env;
    for (const node of nodes) {
      if (node.type === "group") {
        const fieldset = el("fieldset", { class: "survey-group", "data-group": node.name },
                            [el("legend", { text: text(node.label, language) || node.name })]);
        this.fields.set(node.name, { node, block: fieldset, container: true });
        this.build(node.children || [], fieldset);
        parent.append(fieldset);
      } else if (node.type === "repeat") {
        const repeat = new Repeat(node, this);
        this.fields.set(node.name, repeat);
        parent.append(repeat.block);
      } else if (node.type === "note" || answerable(node)) {
        const field = questionBlock(node, setup, language, this.prefix);
        this.fields.set(node.name, { node, ...field });
        parent.append(field.block);
      } else if (node.type === "calculate" || META[node.type]) {
        this.fields.set(node.name, { node, computed: true });
      } else if (!SKIPPED.has(node.type)) {
        console.warn(`Type de question non proposé : ${node.type}`);
      }
    }
  }

  // The answers as expressions see them (not relevant or not answered: ""), from `outer`.
  evaluate(outer = {}) {
    const ctx = { ...outer };
    for (const [name, field] of this.fields) {
      if (field.read) {
        const parsed = typed(field.node, field.read());
        ctx[name] = parsed.error ? "" : parsed.value;
      } else if (!field.container && !field.items) {
        ctx[name] = "";
      }
    }
    const hidden = new Set();
    for (const [name, field] of this.fields) {
      const node = field.node;
      const inHidden = [...hidden].some((group) =>
        field.block?.parentElement?.closest(`[data-group="${CSS.escape(group)}"]`));
      const relevant = !inHidden && holds(node.relevant, ctx);
      field.relevantNow = relevant;
      if (field.container) {
        if (!relevant) hidden.add(name);
      } else if (field.items) {
        ctx[name] = relevant ? field.evaluate(ctx) : [];
      } else if (!relevant) {
        ctx[name] = "";
      } else if (field.computed) {
        ctx[name] = META[node.type] ? META[node.type]() : calculate(node, ctx);
      }
      if (field.block) field.block.hidden = !relevant;
      if (relevant && node.choice_filter && field.filter) field.filter(expression(node.choice_filter), ctx);
    }
    this.ctx = ctx;
    return ctx;
  }

  // Every question of this scope and its repeats' items, with the answers it is read with.
  *questions() {
    for (const field of this.fields.values()) {
      if (field.items) {
        if (field.relevantNow) for (const item of field.items) yield* item.questions();
      } else if (field.message && field.node.type !== "note") {
        yield [field, this.ctx];
      }
    }
  }

  // What is sent: relevant, answered questions; repeats as lists of such dicts.
  answers() {
    const out = {};
    for (const [name, field] of this.fields) {
      if (field.container || !field.relevantNow || field.node.type === "note") continue;
      const value = field.items ? field.items.map((item) => item.answers())
        .filter((item) => Object.keys(item).length) : this.ctx[name];
      if (value === "" || value === undefined || value === null) continue;
      if (Array.isArray(value) && value.length === 0) continue;
      out[name] = value;
    }
    return out;
  }
}

function calculate(node, ctx) {
  const expr = expression(node.calculation);
  return expr ? evaluate(expr, ctx) : "";
}

// The French message for one question, or "" when its answer is acceptable.
export function problem(field, ctx, language) {
  if (!field.relevantNow || field.block?.closest("[hidden]")) return "";
  const node = field.node;
  const parsed = typed(node, field.read());
  if (parsed.error) return parsed.error;
  if (parsed.value === "") {
    return node.required ? text(node.required_message, language) || "Cette question est obligatoire." : "";
  }
  if (!holds(node.constraint, ctx, parsed.value)) {
    return text(node.constraint_message, language) || "Cette réponse n'est pas acceptée.";
  }
  return "";
}

// ---- Repeats ---------------------------------------------------------------------------

class Repeat {
  constructor(node, scope) {
    this.node = node;
    this.scope = scope;
    this.items = [];
    this.count = node.extra?.repeat_count || "";
    const title = text(node.label, scope.env.language) || node.name;
    this.title = title;
    this.list = el("div", { class: "survey-repeat-items" });
    this.add = el("button", { type: "button", class: "survey-secondary", text: `Ajouter : ${title}` });
    this.add.addEventListener("click", () => { this.push(); this.scope.env.changed(); });
    this.block = el("fieldset", { class: "survey-repeat", "data-group": node.name },
                    [el("legend", { text: title }), this.list, this.add]);
    if (!this.count) this.push();
  }

  push() {
    const index = this.items.length;
    const item = new Scope(this.scope.env, `${this.scope.prefix}${this.node.name}-${index}-`);
    const box = el("fieldset", { class: "survey-repeat-item" },
                   [el("legend", { text: `${this.title} n° ${index + 1}` })]);
    const remove = el("button", { type: "button", class: "survey-secondary", text: "Retirer" });
    remove.addEventListener("click", () => {
      this.items.splice(this.items.indexOf(item), 1);
      box.remove();
      this.scope.env.changed();
    });
    item.build(this.node.children || [], box);
    if (!this.count) box.append(remove);
    item.box = box;
    this.items.push(item);
    this.list.append(box);
  }

  evaluate(ctx) {
    if (this.count) {  // a fixed or computed number of items (repeat_count)
      const wanted = Math.max(0, Math.min(50, Number(calculate({ calculation: this.count }, ctx)) || 0));
      while (this.items.length < wanted) this.push();
      while (this.items.length > wanted) this.items.pop().box.remove();
      this.add.hidden = true;
    }
    const values = this.items.map((item) => item.evaluate(ctx));
    // From outside the repeat, a question inside it reads as the list of its answers.
    for (const name of this.items[0]?.fields.keys() || []) {
      if (!(name in ctx) || Array.isArray(ctx[name])) ctx[name] = values.map((v) => v[name]);
    }
    return this.items.map((item) => item.answers());
  }
}
