/* Charts drawn from the tables under them (Chart.js, from our own static files): the numbers
   are those of the table, which stays for screen readers and for anyone without scripts.
   <figure class="chart" data-chart="bar|line" [data-horizontal]>
     <div class="chart__canvas"><canvas aria-hidden="true"></canvas></div>
     <table> <thead>: a <th data-series> per charted column; <tbody> rows: <th> label, a
     <td data-value> per charted column (other columns are not drawn) </table>
   </figure>
   And a <button data-print> prints the page (the province's report). */
(function () {
  "use strict";
  var COLOURS = ["#2e7d32", "#b8860b", "#1565c0", "#6a1b9a", "#c62828", "#00838f"];

  function read(table) {
    var series = [];
    table.querySelectorAll("thead th[data-series]").forEach(function (head) {
      series.push({ label: head.textContent.trim(), data: [] });
    });
    var labels = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = row.querySelectorAll("td[data-value]");
      if (!cells.length) return;
      var head = row.querySelector("th");
      var label = head.dataset.label || head.textContent.trim();
      labels.push(label.length > 28 ? label.slice(0, 27) + "…" : label);  /* the table has it whole */
      cells.forEach(function (cell, i) { if (series[i]) series[i].data.push(Number(cell.dataset.value)); });
    });
    return { labels: labels, series: series };
  }

  function draw(figure) {
    var canvas = figure.querySelector("canvas");
    var table = figure.querySelector("table");
    if (!canvas || !table) return;
    var data = read(table);
    if (!data.labels.length) return;
    var kind = figure.dataset.chart === "line" ? "line" : "bar";
    var horizontal = figure.hasAttribute("data-horizontal");
    if (horizontal) canvas.parentNode.style.height = Math.max(160, data.labels.length * 22 + 40) + "px";
    var locale = document.documentElement.lang || "vi";
    figure.classList.add("chart--drawn");  /* the canvas is shown (and sized) before drawing */
    new window.Chart(canvas, {
      type: kind,
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          var colour = COLOURS[i % COLOURS.length];
          return { label: s.label, data: s.data, backgroundColor: colour, borderColor: colour, tension: 0.2 };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        locale: locale,
        plugins: { legend: { display: data.series.length > 1 } },
        scales: { x: { ticks: { autoSkip: !horizontal } }, y: { beginAtZero: true, ticks: { autoSkip: !horizontal } } }
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    if (!window.Chart) return;
    document.querySelectorAll("figure.chart[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
