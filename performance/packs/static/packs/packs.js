// While a board pack is being made, ask for its state every few seconds and
// say it in the page's status line (a live region); once it is ready or has
// failed, load the page again so that the download link or the reason shows.
// Without JavaScript the page says to refresh it.
(function () {
  "use strict";
  var DELAY = 3000;
  function watch(element) {
    var url = element.getAttribute("data-pack-status");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) { return; }
          element.textContent = state.words;
          if (state.pending) { window.setTimeout(poll, DELAY); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(poll, DELAY * 3); });
    }
    window.setTimeout(poll, DELAY);
  }
  document.querySelectorAll("[data-pack-status]").forEach(watch);
})();
