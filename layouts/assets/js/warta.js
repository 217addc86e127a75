// warta.js: progressive enhancement only; every page works without it.
(function () {
  "use strict";
  // News ticker: without this script it is a plain list that does not move.
  // With it, it scrolls unless the reader asked for reduced motion, pauses
  // on hover and focus (CSS), and the pause/play button stops it (WCAG 2.2.2).
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  document.querySelectorAll("[data-ticker]").forEach(function (t) {
    var btn = t.querySelector(".ticker-toggle");
    if (!btn) return;
    function apply() {
      var moving = !(reduce && reduce.matches);
      t.classList.toggle("is-moving", moving);
      btn.hidden = !moving;
    }
    btn.addEventListener("click", function () {
      var paused = btn.getAttribute("aria-pressed") !== "true";
      btn.setAttribute("aria-pressed", paused ? "true" : "false");
      btn.textContent = paused ? "Putar" : "Jeda";
      t.classList.toggle("is-paused", paused);
    });
    if (reduce && reduce.addEventListener) reduce.addEventListener("change", apply);
    apply();
  });
})();
