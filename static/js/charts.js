// Draws every chart on the page from its JSON block (see send_board/charts.py).
// Plotly is loaded before this file; without JavaScript, tables carry the data.
(function () {
  "use strict";
  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.Plotly) { return; }
    var spec = JSON.parse(source.textContent);
    window.Plotly.newPlot(element, spec.data, spec.layout, spec.config);
    element.classList.add("app-chart__plot--drawn");
  }
  document.querySelectorAll("[data-chart]").forEach(draw);
})();
