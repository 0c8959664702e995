/* Charts of the survey results and the satisfaction trend, drawn with the vendored ECharts
   from JSON the page carries (no inline script: the CSP allows none). */
(function () {
  "use strict";
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function draw(id, option) {
    var node = document.getElementById(id);
    if (!node || typeof echarts === "undefined") return;
    var chart = echarts.init(node, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    (data("survey-charts") || []).forEach(function (c) {
      draw(c.id, {
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        tooltip: {},
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: c.labels, inverse: true },
        series: [{ type: "bar", data: c.values, label: { show: true, position: "right" } }]
      });
    });
    var trend = data("trend-data");
    if (trend) {
      draw("trend-chart", {
        grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: trend.labels },
        yAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(v.min - 5)); }, max: 100 },
        series: [{ type: "line", data: trend.values, connectNulls: false, label: { show: true }, smooth: false }]
      });
    }
  });
})();
