/*
 * The article's share block. Its links are plain links to each network's share page and work
 * without this script. Where the browser has a share sheet (the Web Share API) a "Share…" button
 * appears first and opens it; "Copy link" copies the article's address to the clipboard and says
 * so in the block's status line (a live region), instead of following the link.
 */
(function () {
  "use strict";

  var block = document.querySelector("[data-share]");
  if (!block) {
    return;
  }
  var url = block.getAttribute("data-url");
  var title = block.getAttribute("data-title");
  var status = block.querySelector("[data-share-status]");
  var cleared = null;

  function say(text) {
    window.clearTimeout(cleared);
    status.textContent = text;
    cleared = window.setTimeout(function () {
      status.textContent = "";
    }, 6000);
  }

  var native = block.querySelector("[data-share-native]");
  if (native && typeof navigator.share === "function") {
    native.hidden = false;
    native.querySelector("button").addEventListener("click", function () {
      navigator.share({ title: title, url: url }).catch(function (error) {
        if (error && error.name !== "AbortError") {
          say("Could not share: choose a link below");
        }
      });
    });
  }

  var copy = block.querySelector("[data-share-copy]");
  if (copy && navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
    copy.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(url).then(
        function () {
          copy.classList.add("share__link--copied");
          say("Link copied");
        },
        function () {
          say("Could not copy: press and hold “Copy link” instead");
        }
      );
    });
  }
})();
