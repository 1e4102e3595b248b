// Reports: draws each chart from the JSON the server put on the page (no inline script, for the CSP).
// The table beside each chart holds the same rows, for screen readers, printing and when scripts are off.
(function () {
  "use strict";
  function draw() {
    var block = document.getElementById("report-charts");
    if (!block || !window.echarts) return;
    var tables = JSON.parse(block.textContent);
    var lang = (document.documentElement.lang || "en").slice(0, 2).toUpperCase();
    var locale = lang === "RU" || lang === "RO" ? lang : "EN";
    var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
    document.querySelectorAll(".report-chart").forEach(function (element) {
      var table = tables[Number(element.dataset.chart)];
      var series = table.columns.slice(1).map(function (name, index) {
        return {
          name: name,
          type: table.chart === "line" ? "line" : "bar",
          data: table.rows.map(function (row) { return row[index + 1]; })
        };
      });
      var chart = window.echarts.init(element, null, { locale: locale, renderer: "svg" });
      chart.setOption({
        animation: false,
        tooltip: { trigger: "axis", valueFormatter: function (value) { return value == null ? "—" : format.format(value); } },
        legend: { show: series.length > 1 },
        grid: { containLabel: true, left: 8, right: 8, bottom: 8 },
        xAxis: { type: "category", data: table.rows.map(function (row) { return String(row[0]); }) },
        yAxis: { type: "value", minInterval: 1, axisLabel: { formatter: function (value) { return format.format(value); } } },
        series: series
      });
      element.dataset.points = String(table.rows.length);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
