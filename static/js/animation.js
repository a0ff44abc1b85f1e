/*
 * Animated entry images and reduced motion. When the reader's system asks for reduced motion,
 * the page's <picture> already shows a still frame (a <source> for that media query, so this
 * works without JavaScript). This script adds a button that plays the animation on request and
 * pauses it again.
 */
(function () {
  "use strict";

  var reduced = window.matchMedia("(prefers-reduced-motion: reduce)");

  function setUp(animation) {
    var still = animation.querySelector("[data-animation-still]");
    var toggle = animation.querySelector("[data-animation-toggle]");
    if (!still || !toggle) {
      return;
    }
    var query = still.getAttribute("media");

    function show(playing) {
      still.setAttribute("media", playing ? "not all" : query);
      toggle.setAttribute("aria-pressed", playing ? "true" : "false");
      toggle.textContent = playing ? "Pause the animation" : "Play the animation";
    }

    toggle.addEventListener("click", function () {
      show(toggle.getAttribute("aria-pressed") !== "true");
    });

    function follow() {
      toggle.hidden = !reduced.matches;
      show(false);
    }
    reduced.addEventListener("change", follow);
    follow();
  }

  document.querySelectorAll("[data-animation]").forEach(setUp);
})();
