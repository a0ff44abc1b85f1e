/*
 * Comments in place. The page's comments are the same for every reader; what is the reader's own
 * comes from the private me/ answer (reader.js): their comments waiting for a moderator (only
 * they see them), Edit and Delete on their own, what they liked and flagged, and whether they
 * may post. Without JavaScript every form posts to the confirm step, one click from done; with
 * it, this script posts to the form's data-action with the reader's token and `Accept:
 * application/json` and puts the server's answer into the page: a new comment or reply, an
 * edited or deleted comment, a like, a flag. On a refusal the message shows above the form and
 * the text stays where the reader typed it. A comment that waits for a moderator says why; the
 * comment count follows posts and deletions; Escape closes an open reply, edit or flag box.
 * "Show N more replies" and "More comments" load the next replies or threads in place from the
 * public pages' fragments (?fragment=1); without JavaScript they are ordinary links to those pages.
 * A comment's time is written as a date, the same in every copy of the page (so its ETag holds as
 * time passes); here it reads "just now", "3 minutes ago"... for a week, redrawn every minute.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-comments]");
  if (!root || !window.fetch || !window.SoompiReader) {
    return;
  }

  /* "3 minutes ago" for a comment written `then`, or null past a week (its date stays). */
  var STEPS = [
    [3600, 60, "minute", "a minute"],
    [86400, 3600, "hour", "an hour"],
    [604800, 86400, "day", "a day"]
  ];

  function ago(then, now) {
    var seconds = (now - then) / 1000;
    if (seconds < 60) {
      return "just now";
    }
    for (var i = 0; i < STEPS.length; i += 1) {
      if (seconds < STEPS[i][0]) {
        var count = Math.floor(seconds / STEPS[i][1]);
        return (count === 1 ? STEPS[i][3] : count + "\u00a0" + STEPS[i][2] + "s") + " ago";
      }
    }
    return null;
  }

  /* The page's times are dates, also in their title: past a week the date is shown again. */
  function drawTimes(scope) {
    var now = Date.now();
    scope.querySelectorAll(".comment__time time[datetime]").forEach(function (time) {
      var then = Date.parse(time.getAttribute("datetime"));
      var text = (!isNaN(then) && ago(then, now)) || time.title;
      if (time.textContent !== text) {
        time.textContent = text;
      }
    });
  }

  drawTimes(root);
  window.setInterval(function () {
    drawTimes(root);
  }, 60000);

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    drawTimes(template.content);
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
    return window.SoompiReader.post(form.dataset.action, new FormData(form))
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

  /* The reader's own: Edit (while it may still be edited, with its text) and Delete instead of
     Like and Flag. */
  function markOwn(actions, own) {
    actions.querySelectorAll("[data-own]").forEach(function (part) {
      part.hidden = false;
    });
    actions.querySelectorAll("[data-not-own]").forEach(function (part) {
      part.hidden = true;
    });
    var edit = actions.querySelector("[data-editable]");
    if (edit) {
      edit.hidden = !own.editable;
      edit.querySelector("textarea").value = own.body;
      edit.querySelector("[name=spoiler]").checked = own.spoiler;
    }
  }

  function markLiked(form, liked) {
    form.querySelector("button").setAttribute("aria-pressed", liked ? "true" : "false");
    form.querySelector("[data-like-label]").textContent = liked ? "Liked" : "Like";
  }

  function markFlagged(actions) {
    var flag = actions.querySelector(".comment__flag");
    if (flag) {
      flag.remove();
    }
    var button = actions.querySelector("[data-comment-flagged]");
    if (button) {
      button.hidden = false;
    }
  }

  function showSignedIn(scope, signedIn) {
    scope.querySelectorAll("[data-signed-in]").forEach(function (part) {
      part.hidden = !signedIn;
    });
    scope.querySelectorAll("[data-signed-out]").forEach(function (part) {
      part.hidden = signedIn;
    });
  }

  function addWaiting(pending) {
    if (document.getElementById("comment-" + pending.id)) {
      return;
    }
    var element = fragment(pending.html);
    if (pending.thread) {
      var thread = document.getElementById("thread-" + pending.thread);
      var list = thread && thread.querySelector("[data-reply-list]");
      if (!list) {
        return; /* its thread is on another page */
      }
      var item = document.createElement("li");
      item.appendChild(element);
      list.appendChild(item);
    } else {
      var empty = root.querySelector("[data-comments-empty]");
      if (empty) {
        empty.remove();
      }
      root.querySelector("[data-comment-list]").appendChild(element);
    }
  }

  var lastState = null;

  function drawState(reader, scope) {
    var mine = reader.comments;
    if (!mine) {
      return;
    }
    lastState = reader;
    scope = scope || root;
    (mine.pending || []).forEach(addWaiting);
    showSignedIn(scope, reader.signed_in);
    scope.querySelectorAll("[data-comment-actions]").forEach(function (actions) {
      var id = actions.dataset.commentActions;
      if (mine.own[id]) {
        markOwn(actions, mine.own[id]);
      }
      var like = actions.querySelector("[data-comment-like]");
      if (like) {
        markLiked(like, mine.liked.indexOf(Number(id)) !== -1);
      }
      if (mine.flagged.indexOf(Number(id)) !== -1) {
        markFlagged(actions);
      }
    });
    var form = scope === root ? root.querySelector(".comment-form[data-comment-form]") : null;
    if (form && reader.signed_in && !mine.may_post && mine.refusal) {
      showError(form, mine.refusal);
    }
  }

  window.SoompiReader.onState(function (reader) {
    drawState(reader);
  });

  /* More in place: "Show N more replies" and "More comments" are links to public pages that work
     without JavaScript; with it, their HTML fragment (data-more-replies, data-more-threads) is
     fetched and its items added where the link was, the reader's own state drawn on them. */
  function loadFragment(url) {
    return window
      .fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html;
        drawTimes(template.content);
        return template.content;
      });
  }

  function addNew(list, items) {
    var added = [];
    Array.prototype.slice.call(items.children).forEach(function (item) {
      var comment = item.querySelector("[data-comment]");
      var thread = item.id ? document.getElementById(item.id) : null;
      if ((comment && document.getElementById(comment.id)) || thread) {
        return; /* already on the page (shown first, or the reader's own waiting one) */
      }
      list.appendChild(item);
      added.push(item);
    });
    return added;
  }

  function redraw(added) {
    if (lastState) {
      added.forEach(function (item) {
        drawState(lastState, item);
      });
    }
  }

  function loadReplies(link) {
    var more = link.closest(".comment-thread__more");
    var thread = link.closest(".comment-thread");
    var list = thread && thread.querySelector("[data-reply-list]");
    if (!list || !more) {
      return Promise.reject(new Error("no thread"));
    }
    return loadFragment(link.dataset.moreReplies).then(function (content) {
      var items = content.querySelector("[data-reply-list]");
      redraw(items ? addNew(list, items) : []);
      var next = content.querySelector(".comment-thread__more");
      if (next) {
        more.replaceWith(next);
      } else {
        more.remove();
      }
    });
  }

  function loadThreads(link) {
    var nav = link.closest("[data-comment-pages]");
    var list = root.querySelector("[data-comment-list]");
    return loadFragment(link.dataset.moreThreads).then(function (content) {
      var items = content.querySelector("[data-comment-list]");
      redraw(items ? addNew(list, items) : []);
      var next = content.querySelector("[data-comment-pages] [data-more-threads]");
      if (next && nav) {
        link.replaceWith(next);
        var status = nav.querySelector(".pagination__status");
        if (status) {
          status.remove();
        }
      } else if (nav) {
        nav.remove();
      }
    });
  }

  root.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-more-replies], a[data-more-threads]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    var load = link.dataset.moreReplies ? loadReplies(link) : loadThreads(link);
    load.catch(function () {
      window.location.href = link.href; /* the page itself, as without JavaScript */
    });
  });

  /* What the server answered about a comment the reader just wrote or changed: theirs. */
  function asOwn(element, form) {
    var actions = element.querySelector("[data-comment-actions]");
    if (!actions) {
      return;
    }
    showSignedIn(element, true);
    var body = form && form.querySelector("textarea");
    var spoiler = form && form.querySelector("[name=spoiler]");
    markOwn(actions, {
      editable: true,
      body: body ? body.value : "",
      spoiler: spoiler ? spoiler.checked : false
    });
  }

  function posted(form, data) {
    var element = fragment(data.html);
    asOwn(element, form);
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
    if (form.matches("[data-comment-edit]")) {
      asOwn(element, form);
    }
    if (old) {
      old.replaceWith(element);
      highlight(element);
      tell(null, element, data.message);
    }
    count(data.total);
  }

  function liked(form, data) {
    markLiked(form, data.liked);
    form.querySelector("[data-like-count]").textContent = String(data.count);
  }

  function flagged(form, data) {
    // As the page shows it after a reload: "Flagged", not to be sent twice.
    var actions = form.closest("[data-comment-actions]");
    markFlagged(actions);
    tell(null, actions.querySelector("[data-comment-flagged]"), data.message);
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
