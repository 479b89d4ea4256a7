// Progressive enhancement: a filter box above long facet lists.
// Without JS every value is still a plain link (and "显示全部" shows the rest).
(function () {
  "use strict";
  function addFilter(list) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "facet-filter";
    input.placeholder = "筛选…";
    input.setAttribute("aria-label", "在此列表中查找");
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      var items = list.querySelectorAll("li");
      for (var i = 0; i < items.length; i++) {
        var label = items[i].querySelector(".facet-label");
        var text = label ? label.textContent.toLowerCase() : "";
        items[i].classList.toggle("hidden", needle !== "" && text.indexOf(needle) === -1);
      }
    });
    list.parentNode.insertBefore(input, list);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var lists = document.querySelectorAll("ul.facet-values.filterable");
    for (var i = 0; i < lists.length; i++) addFilter(lists[i]);
  });
})();
