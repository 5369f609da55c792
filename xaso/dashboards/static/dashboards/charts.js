/* Xã Số dashboards: draws the charts described by each <div class="chart" data-chart="…">
 * from the JSON in the <script type="application/json"> it names. ECharts is vendored
 * (static/vendor/echarts); numbers are formatted the Vietnamese way (12.430; 26,9 %). */
(function () {
  "use strict";
  var lang = (document.documentElement.lang || "vi").slice(0, 2);
  var locale = lang === "vi" ? "vi-VN" : "en-GB";
  var whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  var oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  function num(v) { return v === null || v === undefined ? "—" : whole.format(v); }
  function pct(v) { return v === null || v === undefined ? "—" : oneDecimal.format(v) + " %"; }
  var palette = ["#0969da", "#1a7f37", "#bf8700", "#8250df", "#cf222e", "#1b7c83", "#57606a"];
  var text = { fontFamily: "inherit", color: "#1f2328" };
  function narrow() { return window.innerWidth < 640; }
  var esc = window.XaSo.escape;

  // ECharts puts a tooltip's string into the page as HTML. It is built here, every text
  // escaped (category and series names come from users' data: indicator and province
  // names), rather than trusting each version of the library's default to escape them.
  // p.marker is ECharts' own coloured dot, made from our palette.
  function tooltip(format) {
    return {
      trigger: "axis",
      confine: true,
      // Long indicator names wrap instead of running off a phone's screen.
      extraCssText: "white-space: normal; overflow-wrap: anywhere; max-width: min(22rem, 85vw);",
      formatter: function (params) {
        var list = [].concat(params);
        if (!list.length) return "";
        var lines = ["<strong>" + esc(list[0].axisValue) + "</strong>"];  // whole, not truncated
        list.forEach(function (p) {
          lines.push(p.marker + esc(p.seriesName) + ": " + esc(format(p.value)));
        });
        return lines.join("<br>");
      },
    };
  }

  function base(format) {
    return {
      color: palette,
      textStyle: text,
      animation: !window.matchMedia("(prefers-reduced-motion: reduce)").matches,
      grid: { left: 8, right: 24, top: narrow() ? 72 : 48, bottom: 8, containLabel: true },
      legend: { top: 0, type: "plain" },
      tooltip: tooltip(format),
    };
  }

  var kinds = {
    /* Progress against the plan: target, completed, completed among assigned, per year. */
    progress: function (d) {
      var o = base(num);
      o.xAxis = { type: "category", data: d.years };
      o.yAxis = { type: "value", minInterval: 1, axisLabel: { formatter: num } };
      o.series = d.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, label: { show: !narrow(), position: "top", formatter: function (p) { return num(p.value); } } };
      });
      return o;
    },
    /* Indicators ranked by failing communes (horizontal bars, largest at the top). */
    ranking: function (d) {
      var o = base(num);
      o.legend = { show: false };
      o.grid.top = 8;
      o.xAxis = { type: "value", minInterval: 1, axisLabel: { formatter: num } };
      o.yAxis = { type: "category", inverse: true, data: d.labels, axisLabel: { width: narrow() ? 110 : 260, overflow: "truncate" } };
      o.series = [{ name: d.name, type: "bar", data: d.values, label: { show: true, position: "right", formatter: function (p) { return num(p.value); } } }];
      return o;
    },
    /* Rates (%) over the years: completion and chosen indicators. */
    rates: function (d) {
      var o = base(pct);
      o.xAxis = { type: "category", data: d.years };
      o.yAxis = { type: "value", min: 0, max: 100, axisLabel: { formatter: function (v) { return whole.format(v) + " %"; } } };
      o.series = d.series.map(function (s, i) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, lineStyle: { width: i === 0 ? 4 : 2 }, symbolSize: i === 0 ? 9 : 6 };
      });
      return o;
    },
    /* One bar per province (national overview), rate in %. */
    bars: function (d) {
      var o = base(pct);
      o.legend = { show: false };
      o.grid.top = 16;
      o.xAxis = { type: "category", data: d.labels, axisLabel: { rotate: 60, interval: 0, fontSize: 10 } };
      o.yAxis = { type: "value", min: 0, max: 100, axisLabel: { formatter: function (v) { return whole.format(v) + " %"; } } };
      o.series = [{ name: d.name, type: "bar", data: d.values }];
      return o;
    },
  };

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    var kind = kinds[el.getAttribute("data-chart")];
    if (!source || !kind || typeof echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    if (el.getAttribute("data-chart") === "ranking") {
      // One bar per indicator, each about 28 px high, whatever their number.
      el.style.height = Math.max(120, 40 + 28 * data.values.length) + "px";
    }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(kind(data));
    window.addEventListener("resize", function () { chart.resize(); });
    window.addEventListener("beforeprint", function () { chart.resize(); });
    el.setAttribute("data-drawn", "true");
  }

  function drawAll() { document.querySelectorAll(".chart[data-chart]").forEach(draw); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
  window.XaSo = window.XaSo || {};
  window.XaSo.format = { num: num, pct: pct };
})();
