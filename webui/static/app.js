// Enhancements only: every page works without this file.
(function () {
  "use strict";
  // The sort menu applies at once (the Search button still works without JavaScript).
  var sort = document.getElementById("sort");
  if (sort && sort.form && document.getElementById("q").value) {
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
  // "Copy" buttons beside the ready-made citation text.
  Array.prototype.forEach.call(document.querySelectorAll("textarea.citation-text"), function (area) {
    if (!navigator.clipboard) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary copy-button";
    button.textContent = "Copy";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(area.value).then(function () { button.textContent = "Copied"; });
    });
    area.insertAdjacentElement("afterend", button);
  });
  // Move focus to an error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
