// "Ajouter à un scénario". In the atlas: the explorer and the comparison page rewrite the URL
// as the view changes, so the link takes the current location.search when it is followed.
// On the form: the fields of a new scenario show only when "Nouveau scénario…" is chosen.

for (const link of document.querySelectorAll("[data-add-to-scenario]")) {
  const sync = () => {
    const url = new URL(link.href, location.href);
    url.searchParams.set("vue", location.search.replace(/^\?/, ""));
    link.href = url.pathname + url.search;
  };
  link.addEventListener("click", sync);
  link.addEventListener("focus", sync);
  link.addEventListener("pointerenter", sync);
}

const form = document.querySelector("[data-add-view-form]");
const choice = form && form.querySelector("select[name=scenario]");
if (choice) {
  const toggle = () => {
    for (const field of form.querySelectorAll("[data-new-scenario]")) {
      field.hidden = choice.value !== "nouveau";
    }
  };
  choice.addEventListener("change", toggle);
  toggle();
}
