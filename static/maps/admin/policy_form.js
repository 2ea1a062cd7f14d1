// The policy form lists only the chosen map's legend categories, and asks what a category
// change means only when the category was changed.
(function () {
  "use strict";
  function narrowCategories() {
    var map = document.getElementById("id_policy_map");
    var category = document.getElementById("id_category");
    if (!map || !category) return;
    Array.prototype.forEach.call(category.options, function (option) {
      var other = option.dataset.map && option.dataset.map !== map.value;
      option.hidden = Boolean(other);
      option.disabled = Boolean(other);
      if (other && option.selected) category.value = "";
    });
  }
  function toggleChangeKind() {
    var category = document.getElementById("id_category");
    var rows = document.querySelectorAll(".field-category_change, .field-change_date");
    if (!category || !rows.length) return;
    var initial = category.dataset.initial;
    var changed = initial !== undefined && category.value !== initial;
    var hasErrors = document.querySelector(".field-category_change .errorlist");
    rows.forEach(function (row) {
      row.hidden = !(changed || hasErrors);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var map = document.getElementById("id_policy_map");
    var category = document.getElementById("id_category");
    if (category) category.dataset.initial = category.value;
    if (map) map.addEventListener("change", narrowCategories);
    if (category) category.addEventListener("change", toggleChangeKind);
    narrowCategories();
    toggleChangeKind();
  });
})();
