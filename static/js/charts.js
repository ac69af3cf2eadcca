// Draws the charts the server could not draw as SVG (send_board/chart_svg.py
// draws the rest) from their JSON blocks (see send_board/charts.py). Plotly
// (our partial bundle, static/vendor/plotly) is fetched only when such a
// chart comes near the viewport, and charts are drawn one per idle moment,
// so no one task holds the page; without JavaScript, tables carry the data.
(function () {
  "use strict";
  if (window.sendBoardCharts) { return; }  // included twice on one page: draw once
  window.sendBoardCharts = true;
  var plotlyUrl = document.currentScript && document.currentScript.getAttribute("data-plotly");
  var loading = null;
  var queue = [];
  var drawing = false;

  function loadPlotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = plotlyUrl;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  var idle = window.requestIdleCallback
    ? function (callback) { window.requestIdleCallback(callback, { timeout: 1000 }); }
    : function (callback) { window.setTimeout(callback, 1); };

  function drawNext() {
    var element = queue.shift();
    if (!element) { drawing = false; return; }
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) { idle(drawNext); return; }
    loadPlotly().then(function (Plotly) {
      var spec = JSON.parse(source.textContent);
      return Plotly.newPlot(element, spec.data, spec.layout, spec.config);
    }).then(function () {
      element.classList.add("app-chart__plot--drawn");
    }).finally(function () {
      idle(drawNext);
    });
  }

  function draw(element) {
    queue.push(element);
    if (!drawing) {
      drawing = true;
      idle(drawNext);
    }
  }

  var charts = document.querySelectorAll("[data-chart]:not(.app-chart__plot--drawn)");
  if (!charts.length) { return; }
  if (!("IntersectionObserver" in window)) {
    charts.forEach(draw);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        draw(entry.target);
      }
    });
  }, { rootMargin: "400px 0px" });
  charts.forEach(function (element) { observer.observe(element); });
})();
