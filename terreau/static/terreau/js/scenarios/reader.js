// The scenario reader: slides (slides.js) whose maps (story.js) are fetched and drawn when
// their step is first shown, each with the reader's own rights (the API computes them).
import * as maplibregl from "maplibre-gl";
import { createSlides } from "./slides.js";

// Loaded on the first map: a slow or broken map module never keeps the slides from working.
let story = null;
const loadStory = () => (story ||= import("./story.js"));

const FAILED = "La carte de cette étape n'a pas pu être chargée. Réessayez plus tard, ou ouvrez-la dans l'atlas.";

async function drawStep(section, workerUrl) {
  const container = section.querySelector("[data-step-map]");
  if (!container || container.dataset.loading) return;
  container.dataset.loading = "1";
  try {
    const response = await fetch(container.dataset.bundleUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bundle = await response.json();
    const { drawStepMaps } = await loadStory();
    container.replaceChildren();
    await drawStepMaps(maplibregl, container, bundle, { workerUrl });
  } catch (error) {
    console.warn("Carte de l'étape :", error);
    const message = document.createElement("p");
    message.className = "notice error-notice";
    message.setAttribute("role", "alert");
    message.textContent = FAILED;
    container.replaceChildren(message);
    container.dataset.mapError = "1";
  }
}

const reader = document.querySelector("[data-scenario-reader]");
const root = reader && reader.querySelector("[data-slides]");
if (root) {
  const workerUrl = reader.dataset.workerUrl;
  createSlides(root, { onShow: (index, section) => { drawStep(section, workerUrl); } });
}
document.body.dataset.readerReady = "1";
