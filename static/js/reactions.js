/*
 * Reactions and the reader's pick, updated in place. The article page is the same for every
 * reader: on load the reader's own reaction and vote, with fresh counts, come from the private
 * me/ answer (reader.js). Without JavaScript both are forms posting to the confirm step, one
 * click from done. With it, this script posts to each form's data-action with the reader's token
 * (SoompiReader.post), asks for JSON, and redraws the counts, the shares, the reader's own
 * choice (aria-pressed) and the poll results without leaving the page.
 */
(function () {
  "use strict";

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function share(count, total) {
    return total ? Math.round((100 * count) / total) : 0;
  }

  function readJson(response) {
    return response.json().then(function (data) {
      if (!response.ok) {
        throw new Error(data.error || "That did not go through. Please try again.");
      }
      return data;
    });
  }

  function send(form, name, value) {
    var body = new FormData(form);
    body.set(name, value);
    return window.SoompiReader.post(form.dataset.action, body).then(readJson);
  }

  function showError(element, error) {
    if (element) {
      element.textContent = error ? error.message : "";
      element.hidden = !error;
    }
  }

  function busy(form, on) {
    form.setAttribute("aria-busy", on ? "true" : "false");
    form.querySelectorAll("button").forEach(function (button) {
      button.disabled = on;
    });
  }

  /* Reactions ------------------------------------------------------------------------------- */

  function drawReactions(box, data) {
    box.querySelectorAll("[data-reaction]").forEach(function (button) {
      var count = data.counts[button.dataset.reaction] || 0;
      button.querySelector("[data-reaction-count]").textContent = count;
      button.querySelector("[data-reaction-share]").textContent = share(count, data.total) + "%";
      button.setAttribute("aria-pressed", button.dataset.reaction === data.mine ? "true" : "false");
    });
    var total = box.querySelector("[data-reactions-total]");
    var text = plural(data.total, "reaction");
    if (total.textContent !== text) {
      total.textContent = text;
    }
  }

  function enhanceReactions(box) {
    var form = box.querySelector("[data-reactions-form]");
    var error = box.querySelector("[data-reactions-error]");
    window.SoompiReader.onState(function (state) {
      if (state.reactions) {
        drawReactions(box, state.reactions);
      }
    });
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !button.dataset.reaction) {
        return;
      }
      event.preventDefault();
      choose(form, button, "kind", button.dataset.reaction, error, function (data) {
        drawReactions(box, data);
      });
    });
  }

  /* Reader's pick --------------------------------------------------------------------------- */

  function element(tag, className, text) {
    return window.SoompiReader.element(tag, className, text);
  }

  function resultItem(result, mine) {
    var item = element("li", "poll-result");
    item.classList.toggle("poll-result--leader", result.leader);
    item.classList.toggle("poll-result--mine", result.entry === mine);
    var name = element("span", "poll-result__name");
    var link = element("a", "poll-result__entry");
    link.href = "#entry-" + result.number;
    var number = element("span", "poll-result__number", String(result.number));
    number.appendChild(element("span", "visually-hidden", "."));
    link.append(number, " " + result.heading);
    name.appendChild(link);
    if (result.leader) {
      name.append(" ", element("span", "poll-result__badge", "Leader"));
    }
    if (result.entry === mine) {
      name.append(" ", element("span", "poll-result__badge poll-result__badge--mine", "Your pick"));
    }
    var figures = element("span", "poll-result__figures");
    figures.append(
      element("strong", "poll-result__share", result.share + "%"),
      " ",
      element("span", "poll-result__votes", plural(result.votes, "vote"))
    );
    var bar = element("progress", "poll-result__bar");
    bar.max = 100;
    bar.value = result.share;
    bar.setAttribute("aria-hidden", "true");
    item.append(name, figures, bar);
    return item;
  }

  function drawPoll(poll, data) {
    var holder = poll.querySelector("[data-poll-results]");
    if (data.results.length) {
      var list = element("ol", "poll__results");
      list.setAttribute("role", "list");
      data.results.forEach(function (result) {
        list.appendChild(resultItem(result, data.mine));
      });
      var total = holder.querySelector("[data-poll-total]") || element("p", "poll__total");
      total.setAttribute("aria-live", "polite");
      total.dataset.pollTotal = "";
      total.textContent = plural(data.total, "vote");
      holder.replaceChildren(total, list);
      if (data.mine === null) {
        var invite = element("p", "poll__prompt", "You have not voted yet: press ");
        invite.dataset.pollInvite = "";
        invite.append(
          element("strong", "", "This one!"),
          " under your favourite entry (each name below leads to it) to add your vote."
        );
        holder.prepend(invite);
      }
    } else {
      var prompt = element("p", "poll__prompt", "Press ");
      prompt.append(element("strong", "", "This one!"), " under your favourite entry to vote. You will see how everyone voted right after.");
      holder.replaceChildren(prompt);
    }
    document.querySelectorAll("[data-pick]").forEach(function (button) {
      var chosen = Number(button.dataset.pick) === data.mine;
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
      var note = button.parentElement.querySelector("[data-pick-mine]");
      if (note) {
        note.hidden = !chosen;
      }
    });
  }

  /* Posts one choice, redraws with the answer, reports a refusal, and gives the focus back. */
  function choose(form, button, field, value, error, draw) {
    busy(form, true);
    send(form, field, value)
      .then(function (data) {
        draw(data);
        showError(error, null);
      })
      .catch(function (failure) {
        showError(error, failure);
      })
      .finally(function () {
        busy(form, false);
        button.focus();
      });
  }

  function enhancePoll(poll) {
    window.SoompiReader.onState(function (state) {
      if (state.poll) {
        drawPoll(poll, state.poll);
      }
    });
    document.querySelectorAll("[data-poll-form]").forEach(function (form) {
      var error = form.querySelector("[data-pick-error]");
      form.addEventListener("submit", function (event) {
        var button = event.submitter || form.querySelector("[data-pick]");
        event.preventDefault();
        choose(form, button, "entry", button.dataset.pick, error, function (data) {
          drawPoll(poll, data);
        });
      });
    });
  }

  if (!window.SoompiReader) {
    return;
  }
  document.querySelectorAll("[data-reactions]").forEach(enhanceReactions);
  document.querySelectorAll("[data-poll]").forEach(enhancePoll);
})();
