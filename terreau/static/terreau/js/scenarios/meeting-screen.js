// The projector of a meeting: the scenario's slides (slides.js) with their maps (story.js),
// the projected step sent to the server at each change (the phones follow it), and the votes
// and comments of the room polled every few seconds.
import * as maplibregl from "maplibre-gl";
import { createSlides } from "./slides.js";

const POLL_MS = 3000;
const CHOICES = [["pour", "D'accord"], ["contre", "Pas d'accord"], ["ne_sait_pas", "Je ne sais pas"]];
const FAILED = "La carte de cette étape n'a pas pu être chargée.";

const screen = document.querySelector("[data-meeting-screen]");
const csrf = screen.dataset.csrf;
let story = null;
const loadStory = () => (story ||= import("./story.js"));

async function drawStep(section) {
  const container = section.querySelector("[data-step-map]");
  if (!container || container.dataset.loading) return;
  container.dataset.loading = "1";
  try {
    const response = await fetch(container.dataset.bundleUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bundle = await response.json();
    const { drawStepMaps } = await loadStory();
    container.replaceChildren();
    await drawStepMaps(maplibregl, container, bundle, { workerUrl: screen.dataset.workerUrl });
  } catch (error) {
    console.warn("Carte de l'étape :", error);
    const message = document.createElement("p");
    message.className = "notice error-notice";
    message.textContent = FAILED;
    container.replaceChildren(message);
  }
}

async function sendPosition(position) {
  try {
    await fetch(screen.dataset.stepUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ position }),
    });
    screen.dataset.sentPosition = String(position);
  } catch (error) {
    console.warn("Étape projetée non envoyée :", error);
  }
}

function tallyRow(hypothesis) {
  const item = document.createElement("li");
  item.className = "tally-item";
  item.dataset.hypothesis = hypothesis.id;
  const statement = document.createElement("p");
  statement.className = "tally-statement";
  statement.textContent = hypothesis.enonce;
  const counts = document.createElement("p");
  counts.className = "tally-counts";
  const bar = document.createElement("div");
  bar.className = "vote-bar";
  bar.setAttribute("aria-hidden", "true");
  for (const [choice, label] of CHOICES) {
    const count = document.createElement("span");
    count.className = `tally-count vote-${choice}-text`;
    count.dataset.choice = choice;
    count.textContent = `${label} : ${hypothesis[choice]}`;
    counts.append(count, " ");
    const part = document.createElement("span");
    part.className = `vote-${choice}`;
    part.style.width = hypothesis.total ? `${Math.round((100 * hypothesis[choice]) / hypothesis.total)}%` : "0";
    bar.append(part);
  }
  item.append(statement, counts, bar);
  return item;
}

let lastComment = 0;

function showComments(comments) {
  const list = screen.querySelector("[data-comments]");
  for (const comment of comments) {
    const item = document.createElement("li");
    const where = document.createElement("p");
    where.className = "muted";
    where.textContent = comment.etape ? `Étape ${comment.etape}` : "Sur une hypothèse";
    const body = document.createElement("div");
    body.className = "narrative";
    body.innerHTML = comment.texte_html; // sanitised on the server (core.markdown, nh3)
    item.append(where, body);
    list.prepend(item);
    lastComment = Math.max(lastComment, comment.id);
  }
  screen.querySelector("[data-no-comment]").hidden = list.children.length > 0;
}

async function poll() {
  try {
    const url = new URL(screen.dataset.tallyUrl, location.href);
    url.searchParams.set("depuis", String(lastComment));
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const tally = await response.json();
    const people = tally.participants;
    screen.querySelector("[data-participants]").textContent = `(${people} participant${people > 1 ? "s" : ""})`;
    const list = document.createElement("ol");
    list.className = "tally-list";
    list.append(...tally.hypotheses.map(tallyRow));
    screen.querySelector("[data-tally]").replaceChildren(tally.hypotheses.length ? list : "Aucune hypothèse.");
    showComments(tally.commentaires);
    screen.dataset.tallyReady = "1";
  } catch (error) {
    console.warn("Décompte :", error);
  }
  setTimeout(poll, POLL_MS);
}

function setUpFullscreen() {
  const button = screen.querySelector("[data-fullscreen]");
  if (!document.fullscreenEnabled) return; // the page stays usable as it is
  button.hidden = false;
  button.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  });
  document.addEventListener("fullscreenchange", () => {
    button.textContent = document.fullscreenElement ? "Quitter le plein écran" : "Plein écran";
  });
}

const root = screen.querySelector("[data-slides]");
if (root) {
  if (!location.hash) history.replaceState(null, "", `#etape-${screen.dataset.position}`);
  let first = true;
  createSlides(root, {
    onShow: (index, section) => {
      drawStep(section);
      if (!first || String(index + 1) !== screen.dataset.position) sendPosition(index + 1);
      first = false;
    },
  });
}
setUpFullscreen();
poll();
document.body.dataset.meetingReady = "1";
