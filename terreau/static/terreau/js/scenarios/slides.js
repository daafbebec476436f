// One step at a time, like slides: ←/→, PageUp/PageDown, Home/End, the buttons and the URL's
// hash "#etape-N". No imports (plain DOM): the reader, the projector of a meeting and the
// offline file use it as it is. Without JavaScript every section stays shown, one after the
// other (only this script hides them).

const KEYS = { ArrowLeft: -1, PageUp: -1, ArrowRight: 1, PageDown: 1 };

function typing(target) {
  if (!target || !target.closest) return false;
  return Boolean(target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
}

function indexOfHash(sections, hash) {
  const id = decodeURIComponent((hash || "").replace(/^#/, ""));
  if (!id) return -1;
  return sections.findIndex((section) => section.id === id || section.querySelector(`[id="${CSS.escape(id)}"]`));
}

export function createSlides(root, { onShow } = {}) {
  const sections = [...root.querySelectorAll("[data-slide]")];
  const status = root.querySelector("[data-slide-status]");
  const prev = root.querySelector("[data-slide-prev]");
  const next = root.querySelector("[data-slide-next]");
  const count = sections.length;
  let current = -1;

  function show(index, { updateHash = true, focus = false } = {}) {
    if (!count) return;
    index = Math.max(0, Math.min(count - 1, index));
    const changed = index !== current;
    current = index;
    sections.forEach((section, i) => { section.hidden = i !== index; });
    root.dataset.current = String(index + 1);
    if (status) status.textContent = `Étape ${index + 1} sur ${count}`;
    if (prev) prev.disabled = index === 0;
    if (next) next.disabled = index === count - 1;
    const section = sections[index];
    if (updateHash && section.id && location.hash !== `#${section.id}`) {
      history.replaceState(history.state, "", `#${section.id}`);
    }
    if (focus) {
      const heading = section.querySelector("h2, h3") || section;
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
    if (changed && onShow) onShow(index, section);
  }

  function onKey(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (typing(event.target)) return;
    let index = null;
    if (event.key in KEYS) index = current + KEYS[event.key];
    else if (event.key === "Home") index = 0;
    else if (event.key === "End") index = count - 1;
    if (index === null) return;
    // Leave the arrows to a map that holds the focus (it pans with them).
    if (event.key.startsWith("Arrow") && event.target.closest && event.target.closest(".maplibregl-canvas-container, .maplibregl-map")) return;
    event.preventDefault();
    show(index);
  }

  if (prev) prev.addEventListener("click", () => show(current - 1));
  if (next) next.addEventListener("click", () => show(current + 1));
  document.addEventListener("keydown", onKey);
  window.addEventListener("hashchange", () => {
    const index = indexOfHash(sections, location.hash);
    if (index >= 0 && index !== current) show(index, { updateHash: false, focus: true });
  });
  root.classList.add("slides-ready");
  // Open at the step the hash names, keeping the hash: it may name something inside the
  // step (a comment, "#commentaire-12"), shown once its step is.
  const start = indexOfHash(sections, location.hash);
  show(start >= 0 ? start : 0, { updateHash: false });
  const target = start >= 0 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target && !target.matches("[data-slide]")) target.scrollIntoView({ block: "center" });

  return { show: (i) => show(i), current: () => current, count };
}
