// XLSForm expressions (relevant, constraint, calculation) for the survey form: a tokenizer, a
// recursive-descent parser into a small tree and an evaluator. Never eval.
//
// The twin of terreau/surveys/expressions.py: same grammar, same French messages, same
// results (tests/test_expressions_js.py runs one table of cases through both).
// Values: strings, numbers, booleans, arrays (answers of a question inside a repeat read from
// outside it). An empty answer is "". An array of names (select_multiple) reads as the names
// joined by spaces. `=` and `!=` compare as numbers when both sides read as numbers, as
// booleans when one side is a boolean, else as strings; < <= > >= likewise, and are false
// when one side is a number and the other does not read as one.

const MAX_LENGTH = 2000;
const MAX_DEPTH = 200;
const MAX_NODES = 500;
const MAX_PATTERN = 200;
const MAX_SUBJECT = 1000;

export const FUNCTIONS = {
  "selected": [2, 2], "count-selected": [1, 1], "string-length": [0, 1], "today": [0, 0],
  "if": [3, 3], "coalesce": [2, 2], "concat": [0, null], "contains": [2, 2],
  "starts-with": [2, 2], "number": [0, 1], "int": [1, 1], "round": [1, 2],
  "boolean": [1, 1], "regex": [2, 2], "not": [1, 1], "true": [0, 0], "false": [0, 0],
  "string": [0, 1], "count": [1, 1], "sum": [1, 1], "min": [1, null], "max": [1, null],
};
const FUNCTION_LIST = Object.keys(FUNCTIONS).map((name) => `${name}()`).join(", ");

export class ExpressionError extends Error {
  // detail: the French message alone; position: 0-based index of the fault in text.
  constructor(detail, text, position) {
    const at = Math.max(0, Math.min(position, text.length));
    super(`Caractère ${at + 1} : ${detail}`);
    this.name = "ExpressionError";
    this.detail = detail;
    this.text = text;
    this.position = at;
  }
}

// ---- Tokens ---------------------------------------------------------------------------

const NAME = "[\\p{L}_][\\p{L}\\p{N}\\p{M}_.\\-]*";
const TOKEN = new RegExp(
  "(?<space>\\s+)" +
  `|(?<ref>\\$\\{${NAME}\\})` +
  "|(?<number>[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)" +
  "|(?<string>'[^']*'|\"[^\"]*\"|[‘’][^‘’]*[‘’])" +
  `|(?<name>${NAME})` +
  "|(?<op>!=|<=|>=|[=<>+*(),\\-])" +
  "|(?<dot>\\.(?!\\.))",
  "uy",
);
const PATH_HINT = "les chemins XPath ne sont pas acceptés : une question s'écrit ${nom}";
const HINTS = {
  "/": PATH_HINT, "[": PATH_HINT, "@": PATH_HINT, "|": PATH_HINT,
  "$": "une question s'écrit ${nom} (lettres, chiffres, _ . -)",
  "'": "texte non terminé : il manque l'apostrophe fermante",
  "\"": "texte non terminé : il manque le guillemet fermant",
  "‘": "texte non terminé : il manque l'apostrophe fermante",
  "’": "texte non terminé : il manque l'apostrophe fermante",
  "&": "écrivez and",
  "!": "écrivez != ou not(…)",
};
const KEYWORDS = new Set(["and", "or", "div", "mod"]);
const KINDS = ["space", "ref", "number", "string", "name", "op", "dot"];

function tokenize(text) {
  const tokens = [];
  let position = 0;
  while (position < text.length) {
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (match === null) {
      const char = String.fromCodePoint(text.codePointAt(position));
      const hint = text.startsWith("..", position)
        ? "« .. » (le groupe parent) n'est pas accepté"
        : (HINTS[char] || "caractère non accepté");
      // raised only when the parser reaches it, so earlier faults are named first
      tokens.push({ kind: "bad", text: `« ${char} » : ${hint}.`, position });
      break;
    }
    const kind = KINDS.find((name) => match.groups[name] !== undefined);
    if (kind !== "space") tokens.push({ kind, text: match[0], position });
    position = TOKEN.lastIndex;
  }
  tokens.push({ kind: "end", text: "", position: text.length });
  return tokens;
}

function describe(token) {
  return token.kind === "end" ? "la fin de l'expression" : `« ${token.text} »`;
}

function isOp(token, ...ops) {
  if (token.kind === "op") return ops.includes(token.text);
  return token.kind === "name" && KEYWORDS.has(token.text) && ops.includes(token.text);
}

// ---- Parser (recursive descent; precedence from XPath 1.0) ----------------------------

const LEVELS = [["or"], ["and"], ["=", "!="], ["<", "<=", ">", ">="], ["+", "-"],
  ["*", "div", "mod"]];
const UNBOUNDED = /[*+]|\{\d*,\}/y;
const PYTHON_ONLY = /\(\?P|\(\?[aiLmsux]|\\[AZ]/;

// A group holding an unbounded repetition, itself repeated unboundedly ((a+)+, (a*b)*): the
// patterns whose matching time can explode.
function risky(pattern) {
  const stack = [false];
  let index = 0;
  let closed = false;
  while (index < pattern.length) {
    const char = pattern[index];
    const wasGroup = closed;
    closed = false;
    if (char === "\\") { index += 2; continue; }
    if (char === "[") {
      const end = /^\[\^?\]?(?:[^\]\\]|\\.)*\]/.exec(pattern.slice(index));
      index += end ? end[0].length : 1;
      continue;
    }
    UNBOUNDED.lastIndex = index;
    const quantifier = UNBOUNDED.exec(pattern);
    if (char === "(") {
      stack.push(false);
    } else if (char === ")" && stack.length > 1) {
      const inner = stack.pop();
      closed = inner;
      stack[stack.length - 1] = stack[stack.length - 1] || inner;
    } else if (quantifier) {
      if (wasGroup) return true;
      stack[stack.length - 1] = true;
      index = UNBOUNDED.lastIndex;
      continue;
    }
    index += 1;
  }
  return false;
}

class Parser {
  constructor(text) {
    this.text = text;
    this.tokens = tokenize(text);
    this.index = 0;
    this.depth = 0;
    this.nodes = 0;
  }

  get token() {
    const token = this.tokens[this.index];
    if (token.kind === "bad") throw new ExpressionError(token.text, this.text, token.position);
    return token;
  }

  fail(message, token) {
    throw new ExpressionError(message, this.text, (token || this.token).position);
  }

  take() {
    const token = this.token;
    this.index += 1;
    this.nodes += 1;
    if (this.nodes > MAX_NODES) {
      this.fail(`expression trop longue (${MAX_NODES} éléments au plus).`, token);
    }
    return token;
  }

  parse() {
    if (this.token.kind === "end") this.fail("l'expression est vide.");
    const tree = this.level(0);
    if (this.token.kind !== "end") {
      if (isOp(this.token, ")")) this.fail("parenthèse fermante en trop.");
      this.fail(`opérateur attendu à la place de ${describe(this.token)}.`);
    }
    return tree;
  }

  level(index) {
    if (index === LEVELS.length) return this.unary();
    this.depth += 1;
    if (this.depth > MAX_DEPTH) this.fail("expression trop imbriquée.");
    let node = this.level(index + 1);
    while (isOp(this.token, ...LEVELS[index])) {
      const op = this.take();
      node = { kind: "binary", op: op.text, left: node, right: this.level(index + 1),
        position: op.position };
    }
    this.depth -= 1;
    return node;
  }

  unary() {
    if (isOp(this.token, "-")) {
      const op = this.take();
      this.depth += 1;
      if (this.depth > MAX_DEPTH) this.fail("expression trop imbriquée.", op);
      const node = { kind: "unary", operand: this.unary(), position: op.position };
      this.depth -= 1;
      return node;
    }
    return this.primary();
  }

  primary() {
    const token = this.token;
    const at = token.position;
    if (token.kind === "number") {
      this.take();
      return { kind: "literal", value: Number(token.text), position: at };
    }
    if (token.kind === "string") {
      this.take();
      return { kind: "literal", value: token.text.slice(1, -1), position: at };
    }
    if (token.kind === "ref") {
      this.take();
      return { kind: "ref", name: token.text.slice(2, -1), position: at };
    }
    if (token.kind === "dot") {
      this.take();
      return { kind: "current", position: at };
    }
    if (token.kind === "name" && !KEYWORDS.has(token.text)) {
      this.take();
      if (isOp(this.token, "(")) return this.call(token);
      return { kind: "field", name: token.text, position: at };
    }
    if (isOp(token, "(")) {
      this.take();
      const node = this.level(0);
      this.expectClose("parenthèse fermante attendue à la place de {found}.");
      return node;
    }
    if (token.kind === "end") this.fail("l'expression s'arrête trop tôt : il manque une valeur.");
    this.fail(`valeur, \${question} ou parenthèse attendue à la place de ${describe(token)}.`);
  }

  expectClose(message) {
    if (!isOp(this.token, ")")) this.fail(message.replace("{found}", describe(this.token)));
    this.take();
  }

  call(name) {
    const fn = name.text.toLowerCase();
    if (!Object.hasOwn(FUNCTIONS, fn)) {
      this.fail(`la fonction « ${name.text} » n'est pas prise en charge. Fonctions : `
        + `${FUNCTION_LIST}.`, name);
    }
    this.take(); // "("
    const args = [];
    if (!isOp(this.token, ")")) {
      args.push(this.level(0));
      while (isOp(this.token, ",")) {
        this.take();
        args.push(this.level(0));
      }
    }
    this.expectClose("virgule ou parenthèse fermante attendue à la place de {found}.");
    const [low, high] = FUNCTIONS[fn];
    if (args.length < low || (high !== null && args.length > high)) {
      let count;
      if (low === high) count = `${low}`;
      else if (high === null) count = `au moins ${low}`;
      else if (low === 0) count = `au plus ${high}`;
      else count = `de ${low} à ${high}`;
      const plural = (high === null ? low : high) > 1 ? "s" : "";
      this.fail(`${fn}() attend ${count} argument${plural}, pas ${args.length}.`, name);
    }
    if (fn === "regex") this.checkPattern(args[1], name);
    return { kind: "call", name: fn, args, position: name.position };
  }

  checkPattern(pattern, name) {
    if (pattern.kind !== "literal" || typeof pattern.value !== "string") {
      this.fail("le motif de regex() doit être un texte entre apostrophes.", name);
    }
    const text = pattern.value;
    if ([...text].length > MAX_PATTERN) {
      this.fail(`motif de regex() trop long (${MAX_PATTERN} caractères au plus).`, name);
    }
    if (risky(text)) {
      this.fail("motif de regex() trop risqué : une répétition dans une répétition "
        + "(comme (a+)+) peut bloquer la vérification.", name);
    }
    try {
      new RegExp(text);
    } catch {
      this.fail("motif de regex() invalide.", name);
    }
    if (PYTHON_ONLY.test(text)) this.fail("motif de regex() invalide.", name);
  }
}

export function parse(text) {
  text = text || "";
  if (text.length > MAX_LENGTH) {
    throw new ExpressionError(`expression trop longue (${MAX_LENGTH} caractères au plus).`,
      text, MAX_LENGTH);
  }
  return { text, tree: new Parser(text).parse() };
}

function* nodesOf(node) {
  yield node;
  for (const child of [node.operand, node.left, node.right, ...(node.args || [])]) {
    if (child) yield* nodesOf(child);
  }
}

// The question names the expression reads through ${…}.
export function references(expr) {
  const parsed = typeof expr === "string" ? parse(expr) : expr;
  const names = new Set();
  for (const node of nodesOf(parsed.tree)) if (node.kind === "ref") names.add(node.name);
  return names;
}

// ---- Values ---------------------------------------------------------------------------

const NUMERIC = /^\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*$/;

function toValue(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" || typeof value === "boolean" || typeof value === "number") {
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => toString(toValue(item))).join(" ");
  return String(value);
}

function toNumber(value) {
  if (Array.isArray(value)) return value.length ? toNumber(value[0]) : NaN;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  return NUMERIC.test(value) ? Number(value) : NaN;
}

function toString(value) {
  if (Array.isArray(value)) return value.length ? toString(value[0]) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  return value;
}

function toBoolean(value) {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "number") return !(value === 0 || Number.isNaN(value));
  return Boolean(value);
}

function readsNumber(value) {
  return typeof value === "number" || (typeof value === "string" && NUMERIC.test(value));
}

function order(op, a, b) {
  switch (op) {
    case "=": return a === b;
    case "!=": return a !== b;
    case "<": return a < b;
    case "<=": return a <= b;
    case ">": return a > b;
    default: return a >= b;
  }
}

function compare(op, left, right) {
  if (Array.isArray(left)) return left.some((item) => compare(op, item, right));
  if (Array.isArray(right)) return right.some((item) => compare(op, left, item));
  if (typeof left === "boolean" || typeof right === "boolean") {
    return order(op, Number(toBoolean(left)), Number(toBoolean(right)));
  }
  if (readsNumber(left) && readsNumber(right)) {
    return order(op, toNumber(left), toNumber(right));
  }
  if (typeof left === "number" || typeof right === "number") return op === "!=";
  return order(op, left, right);
}

function arithmetic(op, a, b) {
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "div": return a / b;
    default: return a % b;
  }
}

function items(value) {
  if (Array.isArray(value)) return value;
  return value === "" ? [] : [value];
}

function isRepeat(value) {
  return Array.isArray(value) && value.length > 0
    && value.every((item) => item !== null && typeof item === "object" && !Array.isArray(item));
}

function lookup(answers, name) {
  if (Object.hasOwn(answers, name)) {
    const value = answers[name]; // a repeat itself reads as one (empty) item per entry
    return isRepeat(value) ? value.map(() => "") : toValue(value);
  }
  const found = []; // a question inside a repeat, read from outside: every item's answer
  for (const value of Object.values(answers)) {
    if (!isRepeat(value)) continue;
    for (const item of value) {
      const inner = lookup(item, name);
      if (Array.isArray(inner)) found.push(...inner);
      else if (Object.hasOwn(item, name)) found.push(inner);
    }
  }
  return found.length ? found : "";
}

function isoToday(today) {
  if (typeof today === "string" && today) return today;
  const day = today instanceof Date ? today : new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

// ---- Evaluation -----------------------------------------------------------------------

// The value of the expression for these answers; `current` is `.`; `today` an ISO date or a
// Date; `choice` the columns of a choice (choice_filter). Never throws once parsed.
export function evaluate(expr, answers = {}, current = null, today = null, choice = null) {
  const parsed = typeof expr === "string" ? parse(expr) : expr;
  const ctx = { answers: answers || {}, current: toValue(current), today: isoToday(today),
    choice: choice || {} };
  return evalNode(parsed.tree, ctx);
}

// evaluate() read as a condition (relevant, constraint).
export function isTrue(expr, answers = {}, current = null, today = null, choice = null) {
  return toBoolean(evaluate(expr, answers, current, today, choice));
}

function evalNode(node, ctx) {
  switch (node.kind) {
    case "literal": return node.value;
    case "ref": return lookup(ctx.answers, node.name);
    case "current": return ctx.current;
    case "field": return toValue(Object.hasOwn(ctx.choice, node.name) ? ctx.choice[node.name]
      : null);
    case "unary": return -toNumber(evalNode(node.operand, ctx));
    case "binary": return binary(node, ctx);
    default: return call(node, ctx);
  }
}

function binary(node, ctx) {
  if (node.op === "or") {
    return toBoolean(evalNode(node.left, ctx)) || toBoolean(evalNode(node.right, ctx));
  }
  if (node.op === "and") {
    return toBoolean(evalNode(node.left, ctx)) && toBoolean(evalNode(node.right, ctx));
  }
  const left = evalNode(node.left, ctx);
  const right = evalNode(node.right, ctx);
  if (["=", "!=", "<", "<=", ">", ">="].includes(node.op)) return compare(node.op, left, right);
  return arithmetic(node.op, toNumber(left), toNumber(right));
}

function round(value, digits) {
  if (!Number.isFinite(value) || Number.isNaN(digits)) return value;
  const scale = 10 ** Math.max(-15, Math.min(15, Math.trunc(digits)));
  const shifted = value * scale + 0.5;
  return Number.isFinite(shifted) ? Math.floor(shifted) / scale : value;
}

const names = (value) => toString(value).split(/\s+/).filter(Boolean);
const length = (value) => [...toString(value)].length;

const SIMPLE = {
  "selected": (list, name) => names(list).includes(toString(name).trim()),
  "count-selected": (list) => names(list).length,
  "string-length": (value) => length(value),
  "concat": (...values) => values.map(toString).join(""),
  "contains": (a, b) => toString(a).includes(toString(b)),
  "starts-with": (a, b) => toString(a).startsWith(toString(b)),
  "number": toNumber,
  "string": toString,
  "int": (value) => Math.trunc(toNumber(value)),
  "boolean": toBoolean,
  "not": (value) => !toBoolean(value),
  "true": () => true,
  "false": () => false,
  "count": (value) => items(value).length,
  "sum": (value) => items(value).reduce((total, item) => total + toNumber(item), 0),
};

function call(node, ctx) {
  const { name, args } = node;
  if (name === "if") return evalNode(toBoolean(evalNode(args[0], ctx)) ? args[1] : args[2], ctx);
  if (name === "coalesce") {
    const first = evalNode(args[0], ctx);
    return toString(first) !== "" ? first : evalNode(args[1], ctx);
  }
  let values = args.map((arg) => evalNode(arg, ctx));
  if (["string-length", "number", "string"].includes(name) && !values.length) {
    values = [ctx.current];
  }
  if (Object.hasOwn(SIMPLE, name)) return SIMPLE[name](...values);
  if (name === "today") return ctx.today;
  if (name === "round") return round(toNumber(values[0]), values.length > 1 ? toNumber(values[1]) : 0);
  if (name === "min" || name === "max") {
    const numbers = values.flatMap((value) => items(value).map(toNumber));
    if (!numbers.length) return NaN;
    return name === "min" ? Math.min(...numbers) : Math.max(...numbers);
  }
  const subject = toString(values[0]);
  if (length(subject) > MAX_SUBJECT) return false;
  return new RegExp(toString(values[1])).test(subject);
}
