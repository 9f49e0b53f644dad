/* Draws each chart described in a <script type="application/json" class="chart-data"> with ECharts.
   The numbers are also in the table beside it: without JavaScript nothing is lost. */
(function () {
  if (typeof echarts === "undefined") { return; }
  document.querySelectorAll("script.chart-data").forEach(function (node) {
    var spec = JSON.parse(node.textContent);
    var target = document.getElementById(spec.id);
    if (!target) { return; }
    target.style.height = "320px";
    var chart = echarts.init(target, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      title: { text: spec.title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { top: 0, right: 0 },
      grid: { top: 64, left: 48, right: 16, bottom: 48 },
      xAxis: { type: "category", data: spec.categories, axisLabel: { rotate: spec.categories.length > 8 ? 30 : 0 } },
      yAxis: { type: "value", max: spec.percent ? 1 : null,
               axisLabel: { formatter: spec.percent ? function (v) { return Math.round(v * 100) + "%"; } : null } },
      series: spec.series.map(function (s) {
        return { name: s.name, type: spec.kind, data: s.values, connectNulls: false };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
