/*
 * Click-to-load video players. The page ships a link to the video and a hidden play button;
 * this script shows the button and, only when the reader presses it, swaps the poster for the
 * provider's player, so no third-party request is made before the reader asks for it.
 * Without JavaScript the link opens the video on the provider's site.
 */
(function () {
  "use strict";

  var ALLOW = "accelerometer; autoplay; clipboard-write; encrypted-media; fullscreen; gyroscope; picture-in-picture";

  function playerUrl(embedUrl) {
    var url = new URL(embedUrl, window.location.href);
    if (url.protocol !== "https:") {
      return null;
    }
    url.searchParams.set("autoplay", "1");
    return url.toString();
  }

  function play(button) {
    var frame = button.closest("[data-video-frame]");
    var src = playerUrl(button.dataset.embedUrl || "");
    if (!frame || !src) {
      return;
    }
    var iframe = document.createElement("iframe");
    iframe.className = "video__player";
    iframe.src = src;
    iframe.title = button.dataset.title || "Video";
    iframe.allow = ALLOW;
    iframe.allowFullscreen = true;
    iframe.loading = "lazy";
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    frame.replaceChildren(iframe);
    frame.classList.add("video__frame--playing");
    iframe.focus();
  }

  function enhance(frame) {
    var button = frame.querySelector("[data-video-play]");
    var fallback = frame.querySelector("[data-video-fallback]");
    if (!button || !fallback) {
      return;
    }
    fallback.hidden = true;
    button.hidden = false;
    button.addEventListener("click", function () {
      play(button);
    });
  }

  document.querySelectorAll("[data-video-frame]").forEach(enhance);
})();
