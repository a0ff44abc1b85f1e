/*
 * The reader's own part of a public page. Public pages are the same for every reader (no name,
 * no token), so this script asks the page's private address (the body's data-me-url: the
 * article's me/ or /accounts/me/) once per page view (on the article's own page with ?view=1: the
 * view is counted, privately) and puts the answer in: the header's name
 * and Sign out, the one-time messages, and whether the reader is signed in ([data-signed-in] and
 * [data-signed-out] parts). The answer sets the csrftoken cookie; posts send it back as
 * X-CSRFToken. reactions.js and comments.js draw the rest from the same answer
 * (SoompiReader.ready).
 */
(function () {
  "use strict";

  var meUrl = document.body.dataset.meUrl;
  /* On an article's own page (data-me-view), the first ask reports the page view. */
  var countsView = "meView" in document.body.dataset;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function drawAccount(state) {
    var nav = document.querySelector("[data-account-nav]");
    if (!nav || !state.signed_in) {
      return;
    }
    var name = element("a", "account-nav__name", state.name);
    name.href = state.profile_url;
    name.title = "Your account";
    var form = element("form", "account-nav__logout");
    form.method = "post";
    form.action = state.logout_url;
    var token = element("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrfToken();
    var next = element("input");
    next.type = "hidden";
    next.name = "next";
    next.value = window.location.pathname;
    var button = element("button", "account-nav__button", "Sign out");
    button.type = "submit";
    form.append(token, next, button);
    nav.replaceChildren(name, form);
  }

  function drawMessages(state) {
    var box = document.querySelector("[data-reader-messages]");
    if (!box || !state.messages || !state.messages.length) {
      return;
    }
    var list = element("ul", "messages__list");
    state.messages.forEach(function (message) {
      list.appendChild(element("li", "messages__item messages__item--" + message.level, message.text));
    });
    box.replaceChildren(list);
    box.hidden = false;
  }

  function drawSignedIn(state) {
    document.querySelectorAll("[data-signed-in]").forEach(function (part) {
      part.hidden = !state.signed_in;
    });
    document.querySelectorAll("[data-signed-out]").forEach(function (part) {
      part.hidden = state.signed_in;
    });
  }

  /* `view`: this is the page view's first ask, which the article's me/ counts as a view
     (?view=1: counted without a cookie or anything of the reader's; a restored page is not a new view). */
  function load(view) {
    if (!meUrl || !window.fetch) {
      return Promise.resolve(null);
    }
    var url = view ? meUrl + (meUrl.indexOf("?") < 0 ? "?" : "&") + "view=1" : meUrl;
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .catch(function () {
        return null;
      });
  }

  function draw(state) {
    if (state) {
      drawAccount(state);
      drawMessages(state);
      drawSignedIn(state);
    }
    return state;
  }

  var ready = load(countsView).then(draw);

  /* A page restored from the back-forward cache shows what it showed when left: ask again, and
     tell reactions.js and comments.js (the "soompi:reader" event). */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      load().then(draw).then(function (state) {
        if (state) {
          document.dispatchEvent(new CustomEvent("soompi:reader", { detail: state }));
        }
      });
    }
  });

  window.SoompiReader = {
    ready: ready,
    /* Calls `draw(state)` with the reader's state now and whenever it is asked again. */
    onState: function (drawState) {
      ready.then(function (state) {
        if (state) {
          drawState(state);
        }
      });
      document.addEventListener("soompi:reader", function (event) {
        drawState(event.detail);
      });
    },
    csrfToken: csrfToken,
    /* A new `tag` element with a class and text, for the scripts that draw the reader's state. */
    element: element,
    /* A POST of `body` to `url` with the reader's token, asking for JSON. */
    post: function (url, body) {
      return ready.then(function () {
        return fetch(url, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        });
      });
    },
  };
})();
