// On a phone the filters start folded under their summary so the results come first.
// Without JavaScript the panel simply stays open. A form with errors stays open.
(function () {
  "use strict";
  var panel = document.querySelector(".filters-panel");
  if (!panel || !window.matchMedia) {
    return;
  }
  var narrow = window.matchMedia("(max-width: 47.99rem)");
  if (narrow.matches && !panel.querySelector("[aria-invalid='true']")) {
    panel.open = false;
  }
})();
