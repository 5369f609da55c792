/* Xã Số map: communes as points at their coordinates, coloured (and shaped) by status,
 * over the province outline from vendored static files. Nothing is loaded from the
 * internet: no tiles, no scripts. Clicking a point opens the commune's page. */
(function () {
  "use strict";
  var colours = { recognised: "#1a7f37", met: "#4ac26b", one_step: "#d4a72c", in_progress: "#0969da", not_assigned: "#8c959f", other: "#8c959f" };
  var symbols = { recognised: "circle", met: "circle", one_step: "diamond", in_progress: "triangle", not_assigned: "circle", other: "circle" };
  var sizes = { recognised: 10, met: 9, one_step: 12, in_progress: 9, not_assigned: 6, other: 7 };
  var esc = window.XaSo.escape;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  function show(el, data, outlines) {
    var features = [];
    outlines.forEach(function (g) { if (g && g.features) features = features.concat(g.features); });
    var hasOutline = features.length > 0;
    if (hasOutline) echarts.registerMap("xaso-province", { type: "FeatureCollection", features: features });
    // Grey points first, so that coloured ones are drawn on top of them.
    var order = Object.keys(data.statuses).reverse();
    var series = order.map(function (status) {
      var pts = data.points.filter(function (p) { return p.status === status; });
      return {
        name: data.statuses[status] + " (" + pts.length + ")",
        type: "scatter",
        coordinateSystem: hasOutline ? "geo" : "cartesian2d",
        symbol: symbols[status] || "circle",
        symbolSize: sizes[status] || 8,
        itemStyle: { color: colours[status] || "#57606a", borderColor: "#fff", borderWidth: 0.6 },
        emphasis: { scale: 1.6 },
        data: pts.map(function (p) { return { name: p.name, value: [p.lon, p.lat], point: p }; }),
      };
    });
    var option = {
      textStyle: { fontFamily: "inherit" },
      animation: false,
      tooltip: {
        trigger: "item",
        confine: true,
        // Long names and decision numbers wrap instead of running off a phone's screen.
        extraCssText: "white-space: normal; overflow-wrap: anywhere; max-width: min(22rem, 85vw);",
        // ECharts puts the returned string into the page as HTML: every text in it is
        // escaped (names and decision numbers are typed by users; see site.js).
        formatter: function (p) {
          var d = p.data.point, lines = ["<strong>" + esc(d.name) + "</strong>"];
          if (d.district) lines.push(esc(d.district));
          lines.push(esc(d.status_name));
          if (d.one_step) lines.push(esc(el.getAttribute("data-one-step") + " " + d.one_step));
          else if (d.failing) lines.push(esc(el.getAttribute("data-failing") + ": " + d.failing));
          return lines.join("<br>");
        },
      },
      series: series,
    };
    if (hasOutline) {
      option.geo = { map: "xaso-province", roam: true, aspectScale: 0.95, itemStyle: { areaColor: "#eef1f4", borderColor: "#8c959f" }, emphasis: { disabled: true }, label: { show: false } };
      if (data.zoom && data.points.length) {
        // A district: frame its communes rather than the whole province.
        var lons = data.points.map(function (p) { return p.lon; }), lats = data.points.map(function (p) { return p.lat; });
        var pad = 0.05;
        option.geo.boundingCoords = [[Math.min.apply(null, lons) - pad, Math.max.apply(null, lats) + pad], [Math.max.apply(null, lons) + pad, Math.min.apply(null, lats) - pad]];
      }
    } else {
      option.xAxis = { type: "value", scale: true, show: false };
      option.yAxis = { type: "value", scale: true, show: false };
      option.grid = { left: 8, right: 8, top: 8, bottom: 8 };
    }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    chart.on("click", function (p) { if (p.data && p.data.point && p.data.point.url) window.location.href = p.data.point.url; });
    window.addEventListener("resize", function () { chart.resize(); });
    el.setAttribute("data-drawn", String(data.points.length));
  }

  function start() {
    document.querySelectorAll(".map[data-url]").forEach(function (el) {
      var outlines = JSON.parse(el.getAttribute("data-outlines") || "[]");
      Promise.all([getJSON(el.getAttribute("data-url"))].concat(outlines.map(function (u) { return getJSON(u).catch(function () { return null; }); })))
        .then(function (all) { show(el, all[0], all.slice(1)); })
        .catch(function () {
          el.textContent = el.getAttribute("data-error");
          el.setAttribute("data-drawn", "error");
        });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
