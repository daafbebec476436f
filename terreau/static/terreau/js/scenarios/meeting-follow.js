// A phone following a meeting: the projected step (polled every 3 s), the hypotheses with
// three vote buttons (aria-pressed shows one's vote) and a comment box on the current step.
// Nobody's name is ever shown here but one's own.
const POLL_MS = 3000;
const CHOICES = [["pour", "D'accord"], ["contre", "Pas d'accord"], ["ne_sait_pas", "Je ne sais pas"]];

const page = document.querySelector("[data-meeting-follow]");
const status = page.querySelector("[data-follow-status]");
let position = null;
let hypothesesKey = "";
let ended = false;

function post(url, data) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": page.dataset.csrf, Accept: "application/json" },
    body: JSON.stringify(data),
  });
}

async function detail(response) {
  try {
    return (await response.json()).detail || "";
  } catch {
    return "";
  }
}

function showStep(state) {
  const step = state.etape;
  position = state.position;
  page.querySelector("[data-step-position]").textContent = `Étape ${state.position} sur ${state.nombre_etapes}`;
  page.querySelector("[data-step-title]").textContent = step ? step.titre : "Pas d'étape";
  // The narrative is sanitised on the server (core.markdown, nh3).
  page.querySelector("[data-step-narrative]").innerHTML = step ? step.recit_html : "";
  page.dataset.position = String(state.position);
}

function voteButtons(hypothesis) {
  const group = document.createElement("div");
  group.className = "vote-buttons";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "Votre avis");
  for (const [choice, label] of CHOICES) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `vote-button vote-${choice}-button`;
    button.dataset.choice = choice;
    button.textContent = label;
    button.setAttribute("aria-pressed", String(hypothesis.vote === choice));
    button.addEventListener("click", () => vote(hypothesis.id, choice, group));
    group.append(button);
  }
  return group;
}

function showHypotheses(hypotheses) {
  const list = page.querySelector("[data-hypotheses]");
  const key = JSON.stringify(hypotheses.map((h) => [h.id, h.enonce, h.statut, h.liee]));
  page.querySelector("[data-no-hypothesis]").hidden = hypotheses.length > 0;
  if (key === hypothesesKey) {
    // Same list: only the pressed buttons may change (another tab of the same person).
    for (const hypothesis of hypotheses) {
      const group = list.querySelector(`[data-hypothesis="${hypothesis.id}"] .vote-buttons`);
      if (group && !group.dataset.busy) pressed(group, hypothesis.vote);
    }
    return;
  }
  hypothesesKey = key;
  list.replaceChildren(...hypotheses.map((hypothesis) => {
    const item = document.createElement("li");
    item.className = "follow-hypothesis";
    item.dataset.hypothesis = hypothesis.id;
    const statement = document.createElement("p");
    statement.className = "follow-statement";
    statement.textContent = hypothesis.enonce;
    const facts = document.createElement("p");
    facts.className = "muted";
    facts.textContent = `Statut : ${hypothesis.statut}${hypothesis.liee ? " · liée à cette étape" : ""}`;
    item.append(statement, facts, voteButtons(hypothesis));
    return item;
  }));
}

function pressed(group, choice) {
  for (const button of group.querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.choice === choice));
  }
}

async function vote(hypothesisId, choice, group) {
  group.dataset.busy = "1";
  try {
    const response = await post(page.dataset.voteUrl, { hypothese: hypothesisId, choix: choice });
    if (!response.ok) throw new Error(await detail(response) || "Vote non enregistré.");
    pressed(group, choice);
    status.textContent = "Vote enregistré.";
  } catch (error) {
    status.textContent = error.message;
  } finally {
    delete group.dataset.busy;
  }
}

function end() {
  ended = true;
  status.textContent = "La réunion est terminée. Merci de votre participation !";
  for (const control of page.querySelectorAll("button, textarea")) control.disabled = true;
}

async function poll() {
  try {
    const response = await fetch(page.dataset.stateUrl, { headers: { Accept: "application/json" } });
    if (response.status === 403) {
      status.textContent = await detail(response);
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const state = await response.json();
    if (state.position !== position) showStep(state);
    showHypotheses(state.hypotheses);
    page.dataset.followReady = "1";
    if (!state.ouverte) return end();
  } catch (error) {
    status.textContent = "Connexion perdue, nouvel essai dans quelques secondes…";
  }
  if (!ended) setTimeout(poll, POLL_MS);
}

const form = page.querySelector("[data-comment-form]");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = form.elements.texte.value.trim();
  const error = form.querySelector("[data-comment-error]");
  const done = form.querySelector("[data-comment-status]");
  error.hidden = true;
  if (!text) {
    error.textContent = "Écrivez votre commentaire avant de l'envoyer.";
    error.hidden = false;
    return;
  }
  const response = await post(page.dataset.commentUrl, { texte: text, etape: position });
  if (response.ok) {
    form.reset();
    done.textContent = `Commentaire envoyé sur l'étape ${position}.`;
  } else {
    error.textContent = await detail(response) || "Commentaire non envoyé.";
    error.hidden = false;
  }
});

poll();
