// Sortable tables: <table data-sortable>, a <button> in each <th data-sort-type>, the rows
// to sort in <tbody data-sort-body>. Cells may carry data-sort (their raw value); empty
// values go last whatever the order. aria-sort tells screen readers the current order and
// a polite live region ([data-sort-status]) says it once sorted.

const collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" });

function cellKey(row, index) {
  const cell = row.cells[index];
  return cell ? (cell.dataset.sort ?? cell.textContent.trim()) : "";
}

function compare(a, b, type) {
  if (a === "" || b === "") return (a === "") - (b === "");
  return type === "number" ? Number(a) - Number(b) : collator.compare(a, b);
}

function sortBy(table, header) {
  const body = table.querySelector("tbody[data-sort-body]");
  if (!body) return;
  const order = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
  const index = header.cellIndex;
  const type = header.dataset.sortType;
  const sign = order === "ascending" ? 1 : -1;
  const rows = Array.from(body.rows).map((row) => [cellKey(row, index), row]);
  rows.sort(([a], [b]) => (a === "" || b === "" ? compare(a, b, type) : sign * compare(a, b, type)));
  body.append(...rows.map(([, row]) => row));
  for (const other of table.querySelectorAll("th[aria-sort]")) other.setAttribute("aria-sort", "none");
  header.setAttribute("aria-sort", order);
  const status = document.querySelector("[data-sort-status]");
  if (status) {
    const label = header.textContent.trim();
    status.textContent = `Tableau trié par ${label}, ordre ${order === "ascending" ? "croissant" : "décroissant"}.`;
  }
}

for (const table of document.querySelectorAll("table[data-sortable]")) {
  for (const header of table.querySelectorAll("th[data-sort-type]")) {
    header.querySelector("button")?.addEventListener("click", () => sortBy(table, header));
  }
}
