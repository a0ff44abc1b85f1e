/*
 * Animated entry images and reduced motion. When the reader's system asks for reduced motion,
 * the page's <picture> already shows a still frame (a <source> for that media query, so this
 * works without JavaScript). This script adds a button to every animation: it plays a paused
 * one and pauses a moving one, by switching that still <source> on and off.
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

    function show(playing) {
      still.setAttribute("media", playing ? "not all" : "all");
      toggle.setAttribute("aria-pressed", playing ? "true" : "false");
      toggle.textContent = playing ? "Pause the animation" : "Play the animation";
    }

    toggle.addEventListener("click", function () {
      show(toggle.getAttribute("aria-pressed") !== "true");
    });
    reduced.addEventListener("change", function () {
      show(!reduced.matches);
    });
    show(!reduced.matches);
    toggle.hidden = false;
  }

  document.querySelectorAll("[data-animation]").forEach(setUp);
})();
