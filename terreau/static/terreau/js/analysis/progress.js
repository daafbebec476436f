// Follow a run of a saved analysis: poll its small JSON state every second, move the
// <progress> bar and its text, then open the run's page (results or error) when it ends.
const box = document.querySelector("[data-run-state]");

async function poll() {
  let state;
  try {
    const response = await fetch(box.dataset.runState, {headers: {Accept: "application/json"}});
    if (!response.ok) throw new Error(String(response.status));
    state = await response.json();
  } catch {
    setTimeout(poll, 3000);  // a lost request: try again a little later
    return;
  }
  if (state.termine) {
    window.location.assign(state.adresse);
    return;
  }
  box.querySelector("progress").value = state.avancement;
  box.querySelector("progress").textContent = `${state.avancement} %`;
  box.querySelector("[data-run-percent]").textContent = state.avancement;
  box.querySelector("[data-run-label]").textContent = state.etape || "En attente";
  setTimeout(poll, 1000);
}

if (box) setTimeout(poll, 1000);
