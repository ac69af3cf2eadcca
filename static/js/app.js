import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// A table's scrolling region is a tab stop only while its table is wider than
// it (keyboard users need it to scroll; otherwise it is one more stop to pass).
// The server marks every captioned region as a tab stop (right without
// JavaScript); here each is measured. A region inside a section laid out
// lazily (.app-indicator, content-visibility: auto) is measured as it comes
// near the viewport and the rest in idle moments, a few at a time, so a long
// page is never laid out in full at once just to measure its tables.
function updateTableRegion(region) {
  if (region.scrollWidth > region.clientWidth + 1) {
    region.setAttribute("tabindex", "0");
  } else {
    region.removeAttribute("tabindex");
  }
}

var regions = Array.prototype.slice.call(document.querySelectorAll(".app-table-wrapper"));
var lazy = regions.filter(function (region) { return region.closest(".app-indicator"); });
var nearView = regions.filter(function (region) { return lazy.indexOf(region) < 0; });
nearView.forEach(updateTableRegion);
if (lazy.length && "IntersectionObserver" in window) {
  var regionObserver = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var at = nearView.indexOf(entry.target);
      if (entry.isIntersecting) {
        if (at < 0) { nearView.push(entry.target); }
        updateTableRegion(entry.target);
      } else if (at >= 0) {
        nearView.splice(at, 1);
      }
    });
  }, { rootMargin: "600px 0px" });
  lazy.forEach(function (region) { regionObserver.observe(region); });
  var unmeasured = lazy.slice();
  var idle = window.requestIdleCallback || function (callback) { return window.setTimeout(callback, 50); };
  var measureSome = function () {
    unmeasured.splice(0, 4).forEach(updateTableRegion);
    if (unmeasured.length) { idle(measureSome); }
  };
  idle(measureSome);
} else {
  lazy.forEach(updateTableRegion);
  nearView = regions;
}

// A region near the viewport is measured again whenever it or its table
// changes size after that (a chart drawn beside it, a font arriving), so its
// tab stop follows what the reader actually sees.
if ("ResizeObserver" in window) {
  var sizeObserver = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var region = entry.target.closest(".app-table-wrapper");
      if (region && nearView.indexOf(region) >= 0) { updateTableRegion(region); }
    });
  });
  regions.forEach(function (region) {
    sizeObserver.observe(region);
    if (region.firstElementChild) { sizeObserver.observe(region.firstElementChild); }
  });
}

var pending = false;
function scheduleUpdate() {
  if (pending) { return; }
  pending = true;
  window.requestAnimationFrame(function () {
    pending = false;
    nearView.forEach(updateTableRegion);
  });
}

window.addEventListener("resize", scheduleUpdate);
window.addEventListener("load", scheduleUpdate);

// Sorting a table reloads the page; focus goes back to the header just used,
// so keyboard and screen reader users are where they were.
var SORT_KEY = "app-sorted-header";
document.addEventListener("click", function (event) {
  var link = event.target.closest("thead th a");
  if (!link) { return; }
  var table = link.closest("table");
  var tables = Array.prototype.slice.call(document.querySelectorAll("table"));
  var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
  try {
    window.sessionStorage.setItem(SORT_KEY, JSON.stringify({
      path: window.location.pathname,
      table: tables.indexOf(table),
      column: headers.indexOf(link.closest("th")),
    }));
  } catch (error) { /* storage refused: focus simply starts at the top */ }
});

(function restoreSortFocus() {
  var stored;
  try {
    stored = JSON.parse(window.sessionStorage.getItem(SORT_KEY) || "null");
    window.sessionStorage.removeItem(SORT_KEY);
  } catch (error) { return; }
  if (!stored || stored.path !== window.location.pathname) { return; }
  var table = document.querySelectorAll("table")[stored.table];
  var header = table && table.querySelectorAll("thead th")[stored.column];
  var link = header && header.querySelector("a");
  if (link) { link.focus(); }
})();
