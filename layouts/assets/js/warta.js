// warta.js: progressive enhancement only; every page works without it.
(function () {
  "use strict";
  // News ticker: without this script it is a plain list that does not move.
  // With it, it scrolls unless the reader asked for reduced motion, pauses
  // on hover and focus (CSS), and the toggle button stops it (WCAG 2.2.2).
  // The button's name says what it will do: "Jeda" while the ticker runs,
  // "Putar" while it is paused.
  var SPEED = 70; // pixels per second
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  document.querySelectorAll("[data-ticker]").forEach(function (t) {
    var btn = t.querySelector(".ticker-toggle");
    var view = t.querySelector(".ticker-viewport");
    var list = t.querySelector(".ticker-list");
    if (!btn || !view || !list) return;
    // The list enters from the right edge and leaves to the left; the first
    // round starts where the static list stands, so nothing jumps.
    function measure() {
      var w = view.clientWidth, l = list.scrollWidth;
      if (!w || !l) return;
      t.style.setProperty("--ticker-from", w + "px");
      t.style.setProperty("--ticker-duration", ((w + l) / SPEED).toFixed(1) + "s");
      t.style.setProperty("--ticker-delay", (-w / SPEED).toFixed(1) + "s");
    }
    function apply() {
      var moving = !(reduce && reduce.matches);
      btn.hidden = !moving;
      if (moving) measure();
      t.classList.toggle("is-moving", moving);
    }
    btn.addEventListener("click", function () {
      var paused = !t.classList.contains("is-paused");
      t.classList.toggle("is-paused", paused);
      btn.textContent = paused ? "Putar" : "Jeda";
      btn.value = paused ? "play" : "pause"; // the action, for tools that do not read Indonesian
    });
    // Keyboard focus scrolls the clipped viewport to the focused link; put
    // it back when focus leaves, so the list runs on from where it stands.
    t.addEventListener("focusout", function (e) {
      if (!t.contains(e.relatedTarget)) view.scrollLeft = 0;
    });
    if (reduce && reduce.addEventListener) reduce.addEventListener("change", apply);
    var timer;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { if (t.classList.contains("is-moving")) measure(); }, 200);
    });
    apply();
  });
})();
