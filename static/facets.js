// Progressive enhancement: a filter box above long facet lists that asks the
// server (/api/facets/<field>) for matching values among ALL values of the
// field, not only those listed. Without JS every value is still a plain link
// (and "显示全部" lists the rest).
(function () {
  "use strict";
  var WAIT_MS = 200;

  function item(value) {
    var li = document.createElement("li");
    if (value.selected) li.className = "selected";
    if (value.excluded) li.className += " excluded";
    var a = document.createElement("a");
    a.className = "facet-toggle";
    a.href = value.toggle_url;
    var label = document.createElement("span");
    label.className = "facet-label";
    label.textContent = value.label;
    var count = document.createElement("span");
    count.className = "count";
    count.textContent = String(value.count);
    a.appendChild(label);
    a.appendChild(count);
    li.appendChild(a);
    return li;
  }

  function addFilter(list) {
    var section = list.closest("section.facet");
    var api = section ? section.getAttribute("data-api") : null;
    var original = Array.prototype.slice.call(list.children);
    var note = document.createElement("p");
    note.className = "muted facet-found";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "facet-filter";
    input.placeholder = "查找…";
    input.setAttribute("aria-label", "在全部取值中查找");
    var timer = null;
    var asked = 0;

    function restore() {
      list.replaceChildren.apply(list, original);
      original.forEach(function (li) { li.classList.remove("hidden"); });
      note.textContent = "";
    }

    function narrowShown(needle) {
      original.forEach(function (li) {
        var label = li.querySelector(".facet-label");
        var text = label ? label.textContent.toLowerCase() : "";
        li.classList.toggle("hidden", text.indexOf(needle) === -1);
      });
    }

    function ask(text) {
      var ticket = ++asked;
      var url = api + (api.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (body) {
          if (ticket !== asked || input.value.trim() !== text) return;
          list.replaceChildren.apply(list, body.values.map(item));
          note.textContent = body.value_count === 0 ? "没有匹配的值"
            : "匹配 " + body.value_count + " 个值" + (body.truncated ? "，列出前 " + body.values.length + " 个" : "");
        })
        .catch(function () { note.textContent = "查找失败，已只在列出的值中查找"; });
    }

    input.addEventListener("input", function () {
      var text = input.value.trim();
      clearTimeout(timer);
      if (text === "") { asked++; restore(); return; }
      list.replaceChildren.apply(list, original);
      narrowShown(text.toLowerCase());
      if (api) timer = setTimeout(function () { ask(text); }, WAIT_MS);
    });
    list.parentNode.insertBefore(input, list);
    list.parentNode.insertBefore(note, list.nextSibling);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var lists = document.querySelectorAll("ul.facet-values.filterable");
    for (var i = 0; i < lists.length; i++) addFilter(lists[i]);
  });
})();
