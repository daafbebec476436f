// The indicator form: "Ajouter" buttons put a variable's name in the formula at the cursor,
// then ask HTMX to check the formula again (the textarea listens to "change").

const formula = document.querySelector("textarea[name=formula]");

function insert(text) {
  const start = formula.selectionStart ?? formula.value.length;
  const end = formula.selectionEnd ?? start;
  const before = formula.value.slice(0, start);
  const spacer = before && !/[\s(,]$/.test(before) ? " " : "";
  formula.value = before + spacer + text + formula.value.slice(end);
  const cursor = start + spacer.length + text.length;
  formula.focus();
  formula.setSelectionRange(cursor, cursor);
  formula.dispatchEvent(new Event("change", { bubbles: true }));
}

if (formula) {
  for (const button of document.querySelectorAll("button[data-insert]")) {
    button.addEventListener("click", () => insert(button.dataset.insert));
  }
}
