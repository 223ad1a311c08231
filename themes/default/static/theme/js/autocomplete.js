/* Search-box suggestions: an ARIA combobox over /search/suggest/, keyboard accessible. */
(function () {
  var input = document.getElementById("site-search-q");
  var list = document.getElementById("site-search-suggestions");
  if (!input || !list) return;
  var items = [], active = -1, timer = null, lastQuery = "";

  function render(results) {
    items = results; active = -1; list.innerHTML = "";
    results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.id = "suggestion-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
      li.textContent = r.title;
      var small = document.createElement("small");
      small.textContent = "★".repeat(r.stars || 0) + " " + r.producer + (r.place ? " · " + r.place : "");
      li.appendChild(small);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.href = r.url; });
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
  }
  function highlight(i) {
    Array.prototype.forEach.call(list.children, function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
    active = i;
    if (i >= 0) input.setAttribute("aria-activedescendant", "suggestion-" + i); else input.removeAttribute("aria-activedescendant");
  }
  function fetchSuggestions() {
    var q = input.value.trim();
    if (q === lastQuery) return;
    lastQuery = q;
    if (q.length < 2) { render([]); return; }
    fetch(list.dataset.url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (data.query.trim() === input.value.trim()) render(data.results); })
      .catch(function () { render([]); });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchSuggestions, 150); });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, -1)); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = items[active].url; }
    else if (e.key === "Escape") { render([]); }
  });
  input.addEventListener("blur", function () { setTimeout(function () { render([]); }, 100); });
})();
