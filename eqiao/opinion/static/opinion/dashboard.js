// The monitoring dashboard's charts, from the JSON the page embeds (no inline script).
(function () {
  "use strict";
  var el = document.getElementById("opinion-chart");
  if (!el || !window.echarts) { return; }
  var data = JSON.parse(el.textContent);
  var volume = echarts.init(document.getElementById("chart-volume"));
  volume.setOption({
    title: { text: data.labels.volume, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.days },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "line", data: data.volume, smooth: true }]
  });
  var sentiment = echarts.init(document.getElementById("chart-sentiment"));
  sentiment.setOption({
    title: { text: data.labels.sentiment, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "item" },
    color: ["#3a7d44", "#8a8a8a", "#c0392b"],
    series: [{ type: "pie", radius: ["40%", "70%"], data: data.sentiment }]
  });
  var sources = echarts.init(document.getElementById("chart-sources"));
  sources.setOption({
    title: { text: data.labels.sources, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.sources.map(function (s) { return s.name; }) },
    series: [{ type: "bar", data: data.sources.map(function (s) { return s.value; }) }]
  });
})();
