// Draws every chart on the page from its JSON block (see send_board/charts.py).
// Plotly (our partial bundle, static/vendor/plotly) is fetched only when a
// chart comes near the viewport, so a page's text and tables are usable
// before any chart code runs; without JavaScript, tables carry the data.
(function () {
  "use strict";
  if (window.sendBoardCharts) { return; }  // included twice on one page: draw once
  window.sendBoardCharts = true;
  var plotlyUrl = document.currentScript && document.currentScript.getAttribute("data-plotly");
  var loading = null;

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

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) { return; }
    loadPlotly().then(function (Plotly) {
      var spec = JSON.parse(source.textContent);
      return Plotly.newPlot(element, spec.data, spec.layout, spec.config);
    }).then(function () {
      element.classList.add("app-chart__plot--drawn");
    });
  }

  var charts = document.querySelectorAll("[data-chart]");
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
