// The dashboard's top-events and key-terms charts, drawn from what the page already shows
// (the hot-events table and the terms JSON); no inline script, so the CSP holds.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var labels = document.getElementById("opinion-chart-labels");
  var eventsEl = document.getElementById("chart-events");
  var termsEl = document.getElementById("chart-terms");
  if (!labels || !eventsEl || !termsEl) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("#hot-events tr"));
  var events = echarts.init(eventsEl);
  events.setOption({
    title: { text: labels.dataset.events, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid: { left: 130 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.dataset.title; }) },
    series: [{ type: "bar", color: "#c0392b", data: rows.map(function (r) { return Number(r.dataset.reach); }) }]
  });
  var termsData = document.getElementById("opinion-terms");
  var terms = termsData ? JSON.parse(termsData.textContent).slice(0, 15) : [];
  var chart = echarts.init(termsEl);
  chart.setOption({
    title: { text: labels.dataset.terms, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: terms.map(function (t) { return t[0]; }), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", color: "#2c6fbb", data: terms.map(function (t) { return t[1]; }) }]
  });
})();
