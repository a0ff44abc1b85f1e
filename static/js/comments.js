/*
 * Comments in place. Every comment form works without JavaScript (the server answers 303 back to
 * the comment, or the page with the form filled in); with it, this script posts the same form with
 * `Accept: application/json` and puts the server's answer into the page: a new comment or reply,
 * an edited or deleted comment, a like, a flag. On a refusal the message shows above the form and
 * the text stays where the reader typed it. A comment that waits for a moderator says why; the
 * comment count follows posts and deletions; Escape closes an open reply, edit or flag box.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-comments]");
  if (!root || !window.fetch) {
    return;
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function showError(form, message) {
    var box = form.querySelector("[data-form-error]");
    if (box) {
      box.textContent = message;
      box.hidden = false;
    } else {
      window.alert(message);
    }
  }

  function clearError(form) {
    form.querySelectorAll("[data-form-error], [data-form-status]").forEach(function (box) {
      box.hidden = true;
      box.textContent = "";
    });
  }

  function send(form) {
    var button = form.querySelector("[type=submit]");
    if (button) {
      button.disabled = true;
    }
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) {
        return response.json().then(
          function (data) {
            return { ok: response.ok, data: data };
          },
          function () {
            return { ok: false, data: { error: "Something went wrong. Please try again." } };
          }
        );
      })
      .catch(function () {
        return { ok: false, data: { error: "You seem to be offline. Your text is still here: try again." } };
      })
      .finally(function () {
        if (button) {
          button.disabled = false;
        }
      });
  }

  function tell(form, element, message) {
    if (!message) {
      return;
    }
    var box = form && form.isConnected ? form.querySelector("[data-form-status]") : null;
    if (!box) {
      box = document.createElement("p");
      box.className = "comment__note";
      box.setAttribute("role", "status");
      element.insertAdjacentElement("afterend", box);
    }
    box.textContent = message;
    box.hidden = false;
  }

  function count(total) {
    if (typeof total !== "number") {
      return;
    }
    document.querySelectorAll("[data-comment-total]").forEach(function (element) {
      element.textContent = String(total);
    });
    document.querySelectorAll("[data-comment-total-label]").forEach(function (element) {
      element.textContent = total + (total === 1 ? " comment" : " comments");
    });
  }

  function highlight(element) {
    element.classList.add("comment--new");
    element.setAttribute("tabindex", "-1");
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function posted(form, data) {
    var element = fragment(data.html);
    if (data.thread) {
      var thread = document.getElementById("thread-" + data.thread);
      var list = thread && thread.querySelector("[data-reply-list]");
      if (!list) {
        window.location.hash = "comment-" + data.id;
        window.location.reload();
        return;
      }
      var item = document.createElement("li");
      item.appendChild(element);
      list.appendChild(item);
      var details = form.closest("details");
      if (details) {
        details.open = false;
      }
    } else {
      var threads = root.querySelector("[data-comment-list]");
      var empty = root.querySelector("[data-comments-empty]");
      if (empty) {
        empty.remove();
      }
      if (root.dataset.sort === "newest") {
        threads.insertBefore(element, threads.firstChild);
      } else {
        threads.appendChild(element);
      }
    }
    form.reset();
    var comment = element.matches("[data-comment]") ? element : element.querySelector("[data-comment]");
    highlight(comment);
    tell(form, comment, data.message);
    count(data.total);
  }

  function replaced(form, data) {
    var old = document.getElementById("comment-" + data.id);
    var element = fragment(data.html);
    if (old) {
      old.replaceWith(element);
      highlight(element);
      tell(null, element, data.message);
    }
    count(data.total);
  }

  function liked(form, data) {
    var button = form.querySelector("button");
    button.setAttribute("aria-pressed", data.liked ? "true" : "false");
    form.querySelector("[data-like-label]").textContent = data.liked ? "Liked" : "Like";
    form.querySelector("[data-like-count]").textContent = String(data.count);
  }

  function flagged(form, data) {
    // As the page shows it after a reload: "Flagged", not to be sent twice.
    var button = document.createElement("button");
    button.type = "button";
    button.className = "comment__action comment__flagged";
    button.disabled = true;
    button.setAttribute("data-comment-flagged", "");
    button.textContent = "Flagged";
    var details = form.closest("details");
    (details || form).replaceWith(button);
    tell(null, button, data.message);
  }

  var HANDLERS = [
    ["[data-comment-form]", posted],
    ["[data-comment-edit]", replaced],
    ["[data-comment-delete]", replaced],
    ["[data-comment-like]", liked],
    ["[data-comment-flag]", flagged]
  ];

  root.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var details = event.target.closest && event.target.closest("details.comment__more[open]");
    if (!details) {
      return;
    }
    event.preventDefault();
    details.open = false;
    details.querySelector("summary").focus();
  });

  root.addEventListener("submit", function (event) {
    var form = event.target;
    var handler = null;
    HANDLERS.forEach(function (pair) {
      if (!handler && form.matches(pair[0])) {
        handler = pair[1];
      }
    });
    if (!handler) {
      return;
    }
    if (form.matches("[data-comment-delete]") && !window.confirm("Delete this comment? This cannot be undone.")) {
      event.preventDefault();
      return;
    }
    event.preventDefault();
    clearError(form);
    send(form).then(function (result) {
      if (result.ok) {
        handler(form, result.data);
      } else {
        showError(form, result.data.error || "Something went wrong. Please try again.");
      }
    });
  });
})();
