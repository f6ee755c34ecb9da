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
  // and names the right level if a wrong one is sent). Delegated, so added rows have it too.
  const filterSubfactors = (sub) => {
    const level = document.getElementById(sub.id.replace(/subfactor_id$/, "level_id"));
    if (!level) return;
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
  document.querySelectorAll("select[id$='subfactor_id']").forEach(filterSubfactors);
  document.addEventListener("change", (event) => {
    const id = event.target.id || "";
    if (!id.endsWith("level_id")) return;
    const sub = document.getElementById(id.replace(/level_id$/, "subfactor_id"));
    if (sub) filterSubfactors(sub);
  });

  // Inline rows (a KPE's factors, a finding's questions): add, move and remove them in the
  // page instead of sending the form back. The fields keep the names the server reads
  // (factors-0-…, factors-1-…), renumbered after every change; without this script the same
  // buttons submit the form and the server rearranges the rows.
  document.querySelectorAll("fieldset[data-rows]").forEach((list) => {
    const name = list.dataset.rows;
    const rows = () => [...list.querySelectorAll(":scope > fieldset.row")];
    const pattern = new RegExp(`^${name}-\\d+-`);
    const renumber = () => {
      const all = rows();
      all.forEach((row, i) => {
        row.id = `${name}-${i}`;
        row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((el) => {
          for (const attr of ["name", "id", "for", "aria-describedby"]) {
            const value = el.getAttribute(attr);
            if (!value) continue;
            const ids = value.split(" ").map((v) => v.replace(pattern, `${name}-${i}-`));
            el.setAttribute(attr, ids.join(" "));
          }
        });
        const legend = row.querySelector(":scope > legend");
        legend.textContent = legend.textContent.replace(/\d+$/, String(i + 1));
        row.querySelectorAll("button[name=row_action]").forEach((button) => {
          const [, action] = button.value.split(":");
          button.value = `${name}:${action}:${i}`;
          const hidden = button.querySelector(".visually-hidden");
          if (hidden) hidden.textContent = hidden.textContent.replace(/\d+$/, String(i + 1));
          if (action === "up") button.disabled = i === 0;
          if (action === "down") button.disabled = i === all.length - 1;
        });
      });
    };
    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[name=row_action]");
      if (!button || button.closest("fieldset[data-rows]") !== list) return;
      const [, action, index] = button.value.split(":");
      const all = rows();
      const row = all[Number(index)];
      if (action === "add") {
        const last = all[all.length - 1];
        if (!last) return; // no row to copy: let the server add the first one
        event.preventDefault();
        const fresh = last.cloneNode(true);
        fresh.querySelectorAll("input, textarea, select").forEach((field) => {
          if (field.type === "radio" || field.type === "checkbox") field.checked = false;
          else if (field.tagName === "SELECT") field.selectedIndex = 0;
          else field.value = "";
        });
        fresh.querySelectorAll(".error-message").forEach((e) => e.remove());
        fresh.querySelectorAll(".field--error").forEach((e) => e.classList.remove("field--error"));
        fresh.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
        fresh.querySelectorAll("[aria-describedby]").forEach((e) => {
          const ids = e.getAttribute("aria-describedby").split(" ").filter((v) => !v.endsWith("-error"));
          if (ids.length) e.setAttribute("aria-describedby", ids.join(" "));
          else e.removeAttribute("aria-describedby");
        });
        last.after(fresh);
        renumber();
        fresh.querySelectorAll("select[id$='subfactor_id']").forEach(filterSubfactors);
        fresh.querySelector("input:not([type=hidden]), select, textarea").focus();
        return;
      }
      if (!row) return;
      event.preventDefault();
      if (action === "remove") {
        const next = all[Number(index) + 1] || all[Number(index) - 1];
        row.remove();
        renumber();
        (next ? next.querySelector("input:not([type=hidden]), select, textarea")
              : list.querySelector(":scope > button[name=row_action]")).focus();
        return;
      }
      if (action === "up" && row.previousElementSibling) row.previousElementSibling.before(row);
      if (action === "down" && all[Number(index) + 1]) all[Number(index) + 1].after(row);
      renumber();
      const same = row.querySelector(`button[value$=":${action}:${rows().indexOf(row)}"]`);
      (same && !same.disabled ? same : row.querySelector("button[name=row_action]:not([disabled])")).focus();
    });
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
