// KeepWarm's few lines of behaviour: the log-a-touch dialog (open on load, Esc/Cancel close, Enter saves), Enter
// through the needs answers, and what would otherwise be inline handlers (the Content-Security-Policy allows none).
(function () {
  "use strict";
  var dialog = function () { return document.getElementById("touch-dialog"); };

  document.addEventListener("htmx:afterSwap", function (event) {
    var box = dialog();
    if (!box || event.detail.target.id !== "touch-dialog-body") return;
    if (!box.open) box.showModal();
    var focus = box.querySelector("[aria-invalid=true]") || box.querySelector("[autofocus]");
    if (focus) focus.focus();
  });

  // A change refused on the card's header (category, move) comes back with its errors: focus the field that says why.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id !== "client-header") return;
    var invalid = event.target.querySelector("[aria-invalid=true]");
    if (invalid) invalid.focus();
  });

  document.body.addEventListener("kw:touch-logged", function () {
    var box = dialog();
    if (box && box.open) window.setTimeout(function () { box.close(); }, 600);
  });

  document.addEventListener("click", function (event) {
    var box = dialog();
    if (!box) return;
    if (event.target.closest("[data-close-dialog]") || event.target === box) box.close();
  });

  // Enter on a select saves too (inputs already submit on Enter); textareas keep their new lines.
  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("#touch-form");
    if (!form || event.key !== "Enter" || event.isComposing) return;
    var isText = event.target.tagName === "TEXTAREA";
    if (event.target.tagName === "SELECT" || (isText && (event.ctrlKey || event.metaKey))) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // Enter moves to the next needs answer (leaving the field saves it); on the last one it sends the form.
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !field.classList || !field.classList.contains("needs-answer")) return;
    var fields = Array.from(field.form.querySelectorAll(".needs-answer"));
    var next = fields[fields.indexOf(field) + 1];
    event.preventDefault();
    if (next) {
      next.focus();
    } else {
      field.dispatchEvent(new Event("change", { bubbles: true }));
      field.form.querySelector("button[type=submit]").focus();
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-submit-on-change]")) event.target.form.submit();
  });

  // Cancel goes back where the user came from; without history (or script) its link leads home.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-back]");
    if (!link || window.history.length < 2) return;
    event.preventDefault();
    window.history.back();
  });
})();
