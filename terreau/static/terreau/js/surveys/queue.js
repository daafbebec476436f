// The durable queue of completed answers (IndexedDB): an answer is written here before any
// attempt to send it, and leaves only when the server says it has it (201, or 200 for a key
// it already received). Each answer keeps the idempotency key it was given when completed,
// so a resend after a lost response never makes a duplicate. Survives closing the browser.

const DB_NAME = "terreau-enquetes";
const STORE = "envois";
const LOCK = "terreau-enquetes-envoi";
const BACKOFF_FIRST_MS = 2000;
const BACKOFF_MAX_MS = 5 * 60 * 1000;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDb() {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => {
    req.result.createObjectStore(STORE, { keyPath: "cle" });
  };
  return request(req);
}

async function withStore(mode, action) {
  const db = await openDb();
  try {
    const tx = db.transaction(STORE, mode);
    const done = new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    const result = await request(action(tx.objectStore(STORE)));
    await done;
    return result;
  } finally {
    db.close();
  }
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function enqueue(url, body) {
  const item = { cle: body.cle, envoi: url, corps: body, cree_le: new Date().toISOString(),
                 tentatives: 0, prochain_essai: 0, refus: null };
  await withStore("readwrite", (store) => store.put(item));
  return item;
}

export function items() {
  return withStore("readonly", (store) => store.getAll());
}

function remove(key) {
  return withStore("readwrite", (store) => store.delete(key));
}

function save(item) {
  return withStore("readwrite", (store) => store.put(item));
}

function csrfToken() {
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
  if (cookie) return decodeURIComponent(cookie.slice("csrftoken=".length));
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

function backoff(attempts) {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, attempts - 1));
  return base / 2 + Math.random() * (base / 2);
}

// One answer: "envoyee" (the server has it), "refusee" (the server will never take it as it
// is: kept and shown, not retried) or "attente" (network, server or session trouble: retried).
async function sendOne(item) {
  let response;
  try {
    response = await fetch(item.envoi, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(item.corps),
    });
  } catch {
    return "attente";
  }
  if (response.status === 200 || response.status === 201) return "envoyee";
  let detail = {};
  try { detail = await response.json(); } catch { detail = {}; }
  // A 403 with "erreurs" is the campaign closed; a bare 403 is a lost session (retried).
  if ([400, 404, 409, 410, 422].includes(response.status)
      || (response.status === 403 && detail.erreurs)) {
    item.refus = { statut: response.status, detail: detail.detail || "Réponse refusée.",
                   erreurs: detail.erreurs || {} };
    return "refusee";
  }
  return "attente";
}

async function sendDue(force) {
  const now = Date.now();
  for (const item of await items()) {
    if (item.refus || (!force && item.prochain_essai > now)) continue;
    if (!navigator.onLine) break;
    const outcome = await sendOne(item);
    if (outcome === "envoyee") {
      await remove(item.cle);
    } else {
      if (outcome === "attente") {
        item.tentatives += 1;
        item.prochain_essai = Date.now() + backoff(item.tentatives);
      }
      await save(item);
    }
  }
}

// Send what is due, one sender at a time across the tabs of this browser.
export async function sendAll(force = false) {
  if (navigator.locks) {
    await navigator.locks.request(LOCK, { ifAvailable: true }, async (lock) => {
      if (lock) await sendDue(force);
    });
  } else {
    await sendDue(force);
  }
}

export async function summary() {
  const all = await items();
  const refused = all.filter((item) => item.refus);
  return { pending: all.length - refused.length, refused, keys: new Set(all.map((item) => item.cle)),
           next: Math.min(...all.filter((item) => !item.refus).map((item) => item.prochain_essai)) };
}

// Send at load, when the network comes back, and when the next retry is due; `onChange`
// gets the summary after every round.
export function startSending(onChange) {
  let timer = null;
  let running = false;
  let again = false;
  async function round(force) {
    if (running) { again = true; return; }
    running = true;
    try {
      await sendAll(force);
    } finally {
      running = false;
    }
    const state = await summary();
    onChange(state);
    clearTimeout(timer);
    if (again) { again = false; round(force); return; }
    if (state.pending > 0 && navigator.onLine && Number.isFinite(state.next)) {
      timer = setTimeout(() => round(false), Math.max(1000, state.next - Date.now()));
    }
  }
  window.addEventListener("online", () => round(true));
  navigator.storage?.persist?.();
  round(false);
  return { now: () => round(true), refresh: async () => onChange(await summary()) };
}
