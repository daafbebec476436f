// Coding open answers: say how many answers have unsaved code changes, and warn before
// leaving the page with them. The page works the same without this script.
const form = document.querySelector("[data-coding-form]");
const status = form?.querySelector("[data-coding-status]");

if (form && status) {
  const initial = new Map();
  for (const box of form.querySelectorAll("input[type=checkbox]")) initial.set(box, box.checked);
  let saving = false;

  const changedAnswers = () => {
    const names = new Set();
    for (const [box, checked] of initial) if (box.checked !== checked) names.add(box.name);
    return names.size;
  };

  form.addEventListener("change", () => {
    const n = changedAnswers();
    status.textContent = n === 0 ? "" :
      `${n} réponse${n > 1 ? "s" : ""} modifiée${n > 1 ? "s" : ""}, pas encore enregistrée${n > 1 ? "s" : ""}.`;
  });
  form.addEventListener("submit", () => { saving = true; });
  window.addEventListener("beforeunload", (event) => {
    if (!saving && changedAnswers() > 0) event.preventDefault();
  });
}
