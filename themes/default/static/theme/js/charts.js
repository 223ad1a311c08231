/* Charts drawn from the tables under them (Chart.js, from our own static files): the numbers
   are those of the table, which stays for screen readers and for anyone without scripts.
   <figure class="chart" data-chart="bar|line" [data-horizontal]>
     <div class="chart__canvas"><canvas aria-hidden="true"></canvas></div>
     <table> <thead> with one column per series; <tbody> rows: <th> label, <td data-value> </table>
   </figure> */
(function () {
  "use strict";
  var COLOURS = ["#2e7d32", "#b8860b", "#1565c0", "#6a1b9a", "#c62828", "#00838f"];

  function read(table) {
    var heads = table.querySelectorAll("thead th");
    var series = [];
    for (var i = 1; i < heads.length; i++) series.push({ label: heads[i].textContent.trim(), data: [] });
    var labels = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = row.querySelectorAll("td[data-value]");
      if (!cells.length) return;
      var head = row.querySelector("th");
      labels.push(head.dataset.label || head.textContent.trim());
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
    if (!window.Chart) return;
    document.querySelectorAll("figure.chart[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
