// Progressive enhancement only: every page works without this file.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Auto-submit filters marked data-autosubmit when a select changes (the submit button stays for keyboards).
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.tagName === "SELECT") {
    form.requestSubmit();
  }
});

// A refused form: move the focus to its error summary, whose links lead to each field.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});

// A kind of report with the formats and languages it has (data-formats, data-languages on its option): offer
// only those in the format and language fields. The server refuses any other choice all the same.
function offerFormats(kindSelect) {
  const chosen = kindSelect.selectedOptions[0];
  if (!kindSelect.form || !chosen) {
    return;
  }
  for (const [name, list] of [["format", chosen.dataset.formats], ["language", chosen.dataset.languages]]) {
    const field = kindSelect.form.querySelector(`select[name=${name}]`);
    if (!field || !list) {
      continue;
    }
    const allowed = list.split(" ");
    for (const option of field.options) {
      option.disabled = option.hidden = !allowed.includes(option.value);
    }
    if (!allowed.includes(field.value)) {
      field.value = allowed[0];
    }
  }
}
document.addEventListener("change", (event) => {
  if (event.target.matches("select[name=kind]")) {
    offerFormats(event.target);
  }
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[name=kind]").forEach(offerFormats);
});
