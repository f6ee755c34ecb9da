// Progressive enhancement only: every page works without this script.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to an error summary so keyboard and screen-reader users hear what went wrong.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();

  // "Cite" buttons beside a form add a citation to a field without leaving the page,
  // so nothing typed in the form is lost.
  document.querySelectorAll("[data-cite-target]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      const field = document.getElementById(button.dataset.citeTarget);
      if (!field) return;
      const citation = button.dataset.citation;
      if (!field.value.includes(citation)) {
        field.value = field.value.trim() ? `${field.value.trimEnd()}\n\n${citation}` : citation;
      }
      button.textContent = "Cited: save the form to keep it";
      field.focus();
    });
  });

  // Sub-factors: offer only those of the level chosen beside them (the server checks anyway,
  // and names the right level if a wrong one is sent).
  document.querySelectorAll("select[id$='subfactor_id']").forEach((sub) => {
    const level = document.getElementById(sub.id.replace(/subfactor_id$/, "level_id"));
    if (!level) return;
    const filter = () => {
      sub.querySelectorAll("option[data-level]").forEach((option) => {
        const other = level.value !== "" && option.dataset.level !== level.value;
        option.hidden = other;
        option.disabled = other;
        if (other && option.selected) sub.value = "";
      });
      sub.querySelectorAll("optgroup").forEach((group) => {
        group.hidden = ![...group.querySelectorAll("option")].some((o) => !o.hidden);
      });
    };
    level.addEventListener("change", filter);
    filter();
  });

  // Tables read as stacked cards on a phone: each cell carries its column's name.
  document.querySelectorAll("table.table").forEach((table) => {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    if (!heads.length) return;
    table.querySelectorAll("tbody tr").forEach((row) => {
      [...row.children].forEach((cell, i) => {
        if (heads[i] && !cell.dataset.label) cell.dataset.label = heads[i];
      });
    });
    table.classList.add("table--cards");
  });
});
