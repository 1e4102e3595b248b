// Reports: draws each chart from the JSON the server put on the page (no inline script, for the CSP).
// The table beside each chart holds the same rows, for screen readers, printing and when scripts are off.
(function () {
  "use strict";
  var LABEL_PX = 7; // about one character of a 12px axis label
  var PRINT_PX = 680; // an A4 or Letter page's width inside its margins
  var language = document.documentElement.lang || undefined;
  var number = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });

  function shown(value) {
    return value == null ? "—" : number.format(value);
  }

  // The tooltip as DOM nodes: ECharts' own tooltip markup carries style attributes, which the CSP blocks (the
  // markers and spacing were lost and every hover logged errors). Colours are set through the CSSOM, which it allows.
  function tooltip(points) {
    var box = document.createElement("div");
    box.className = "chart-tip";
    var head = document.createElement("div");
    head.className = "chart-tip-head";
    head.textContent = points.length ? points[0].name : "";
    box.appendChild(head);
    points.forEach(function (point) {
      var row = document.createElement("div");
      row.className = "chart-tip-row";
      var marker = document.createElement("span");
      marker.className = "chart-tip-marker";
      marker.style.backgroundColor = point.color;
      var name = document.createElement("span");
      name.textContent = point.seriesName;
      var value = document.createElement("strong");
      value.textContent = shown(Array.isArray(point.value) ? point.value[1] : point.value);
      row.append(marker, name, " ", value);
      box.appendChild(row);
    });
    return box;
  }

  // A label cut into lines of at most `chars` characters at its spaces (a longer word keeps its line).
  function wrapped(label, chars) {
    return label.split(/\s+/).reduce(function (lines, word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= chars) lines[last] += " " + word;
      else lines.push(word);
      return lines;
    }, []).join("\n");
  }

  function longest(words) {
    return words.reduce(function (most, word) { return Math.max(most, word.length); }, 0);
  }

  // Every category label must be readable: under the bars when each fits its slot in two lines, else the bars
  // lie down and the labels stand at their left.
  function upright(labels, width) {
    var slot = (width - 48) / Math.max(labels.length, 1);
    return labels.every(function (label) {
      return longest(label.split(/\s+/)) * LABEL_PX <= slot && label.length * LABEL_PX <= 2 * slot;
    });
  }

  function option(table, width) {
    var labels = table.rows.map(function (row) { return String(row[0]); });
    var columns = table.series || table.columns.slice(1).map(function (_name, index) { return index + 1; });
    var line = table.chart === "line";
    var series = columns.map(function (column) {
      return {
        name: table.columns[column],
        type: line ? "line" : "bar",
        data: table.rows.map(function (row) { return row[column]; })
      };
    });
    var lying = !line && !upright(labels, width);
    var category = {
      type: "category",
      data: labels,
      inverse: lying, // the first row on top, as in the table
      axisLabel: line
        ? { hideOverlap: true }
        : {
          interval: 0,
          lineHeight: 14,
          formatter: function (label) {
            var room = lying ? Math.min(width * 0.4, 180) : (width - 48) / Math.max(labels.length, 1) - 4;
            return wrapped(label, Math.max(Math.floor(room / LABEL_PX), 6));
          }
        }
    };
    var value = {
      type: "value",
      minInterval: 1,
      axisLabel: { hideOverlap: true, formatter: function (amount) { return number.format(amount); } }
    };
    var legend = series.length > 1;
    return {
      lying: lying,
      rows: labels.length * (lying ? series.length : 0),
      option: {
        animation: false,
        tooltip: { trigger: "axis", axisPointer: { type: line ? "line" : "shadow" }, formatter: tooltip },
        // The legend above the plot and the plot below it: ECharts 6 puts a legend at the bottom, over the labels.
        legend: { show: legend, type: "scroll", top: 0, left: "center" },
        grid: { containLabel: true, left: 8, right: 16, top: legend ? 36 : 12, bottom: 8 },
        xAxis: lying ? value : category,
        yAxis: lying ? category : value,
        series: series
      }
    };
  }

  function draw() {
    var block = document.getElementById("report-charts");
    if (!block || !window.echarts) return;
    var tables = JSON.parse(block.textContent);
    var locale = (language || "en").slice(0, 2).toUpperCase();
    document.querySelectorAll(".report-chart").forEach(function (element) {
      var table = tables[Number(element.dataset.chart)];
      var chart = null;
      function render() {
        if (window.matchMedia("print").matches) return; // a printed page scales the screen's drawing (below)
        var built = option(table, element.clientWidth);
        // A lying chart grows with its bars; CSSOM styles are allowed by the CSP.
        element.style.height = built.lying ? Math.max(256, 48 + built.rows * 16 + table.rows.length * 14) + "px" : "";
        element.classList.toggle("lying", built.lying);
        if (!chart) chart = window.echarts.init(element, null, { locale: locale === "RU" || locale === "RO" ? locale : "EN", renderer: "svg" });
        chart.setOption(built.option, true);
        chart.resize();
      }
      render();
      element.dataset.points = String(table.rows.length);
      window.addEventListener("resize", render);
    });
  }
  // Printing: each chart is drawn at a portrait page's width, and its SVG scales to the paper from there
  // (app.css); the screen's drawing comes back after.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".report-chart").forEach(function (element) {
      var chart = window.echarts && window.echarts.getInstanceByDom(element);
      if (!chart) return;
      chart.resize({ width: PRINT_PX, height: element.classList.contains("lying") ? element.clientHeight : 280 });
      var svg = element.querySelector("svg");
      svg.setAttribute("viewBox", "0 0 " + svg.getAttribute("width") + " " + svg.getAttribute("height"));
    });
  });
  window.addEventListener("afterprint", function () { window.dispatchEvent(new Event("resize")); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
