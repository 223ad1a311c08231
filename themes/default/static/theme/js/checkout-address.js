/* The checkout address form's province → commune picker. Choosing a province fetches its
   communes from the JSON endpoint named by the select's data-communes-url and refills the commune
   select. Without this script the form still works: its "Show the communes" button reloads the
   form with the province's communes (and this script removes that button). */
(function () {
  var province = document.querySelector("select[data-communes-url]");
  if (!province) return;
  var commune = document.getElementById(province.getAttribute("data-communes-target"));
  var reload = document.querySelector("[data-unit-reload]");
  if (!commune) return;
  if (reload) reload.parentNode.removeChild(reload);

  function fill(communes) {
    var empty = communes.length === 0;
    commune.innerHTML = "";
    var first = document.createElement("option");
    first.value = "";
    first.textContent = commune.getAttribute(empty ? "data-placeholder-empty" : "data-placeholder");
    commune.appendChild(first);
    communes.forEach(function (c) {
      var option = document.createElement("option");
      option.value = c.code;
      option.textContent = c.label;
      commune.appendChild(option);
    });
    commune.disabled = false;
  }

  function roundTrip() {
    /* The endpoint did not answer: do what the button does without JavaScript. */
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "choose_province";
    input.value = "1";
    province.form.appendChild(input);
    province.form.submit();
  }

  province.addEventListener("change", function () {
    if (!province.value) { fill([]); return; }
    commune.disabled = true;
    var url = province.getAttribute("data-communes-url") + "?province=" + encodeURIComponent(province.value);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) { fill(data.communes); commune.focus(); })
      .catch(roundTrip);
  });
})();
