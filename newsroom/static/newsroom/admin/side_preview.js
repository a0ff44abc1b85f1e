/* The preview beside the change form: the article as readers will see it, from the form as it
 * stands. While the pane is open, each pause in typing (DELAY) posts the form, unsaved, to the
 * pane's URL (newsroom/admin/side_preview.py), which answers the article page; the frame shows it
 * where the editor was reading. A form that does not validate answers its errors: they are listed
 * above the frame, which keeps the last page it showed. Uploads are not sent. */
(function () {
    "use strict";

    const pane = document.getElementById("side-preview");
    const form = document.getElementById("listicle_form");
    const toggle = document.getElementById("side-preview-toggle");
    if (!pane || !form || !toggle || !window.fetch || !window.DOMParser) {
        return;
    }
    const DELAY = 800;
    const frame = pane.querySelector("iframe");
    const state = pane.querySelector(".side-preview-state");
    const problems = pane.querySelector(".side-preview-errors");
    const close = pane.querySelector(".side-preview-close");
    const token = form.querySelector("input[name=csrfmiddlewaretoken]");
    const OPEN_KEY = "side-preview-open";
    let timer = null;
    let sent = null;
    let running = null;

    function formData() {
        const data = new FormData(form);
        for (const [name, value] of Array.from(data.entries())) {
            if (value instanceof File) {
                data.delete(name);  // an upload is previewed once it is saved
            }
        }
        return data;
    }

    function snapshot(data) {
        return JSON.stringify(Array.from(data.entries()).filter(([name]) => name !== "csrfmiddlewaretoken"));
    }

    function say(text) {
        if (state.textContent !== text) {
            state.textContent = text;
        }
    }

    function showErrors(errors) {
        problems.replaceChildren();
        if (!errors.length) {
            problems.hidden = true;
            return;
        }
        const intro = document.createElement("p");
        intro.textContent = "Not updated: the form has errors. The preview shows it as it was before them.";
        const list = document.createElement("ul");
        for (const error of errors) {
            const item = document.createElement("li");
            item.textContent = error;
            list.append(item);
        }
        problems.append(intro, list);
        problems.hidden = false;
    }

    function show(html) {
        const page = new DOMParser().parseFromString(html, "text/html");
        const view = frame.contentWindow;
        const shown = frame.contentDocument;
        if (shown && shown.body && shown.querySelector(".preview-banner")) {
            // The same page again: its body is swapped in place, so the reader stays where they were.
            const top = view.scrollY;
            shown.title = page.title;
            shown.body.replaceWith(shown.adoptNode(page.body));
            view.scrollTo(0, top);
            return;
        }
        shown.open();
        shown.write(html);
        shown.close();
    }

    function refresh() {
        timer = null;
        const data = formData();
        sent = snapshot(data);
        if (running) {
            running.abort();
        }
        running = new AbortController();
        say("Updating the preview…");
        window.fetch(pane.dataset.url, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: {"X-CSRFToken": token ? token.value : "", "X-Requested-With": "XMLHttpRequest"},
            signal: running.signal,
        }).then((response) => {
            const type = response.headers.get("Content-Type") || "";
            if (response.redirected) {  // to the sign-in page: the session ended
                say("The preview could not be updated: you are signed out. Sign in again in another tab, then keep typing.");
                sent = null;
                return null;
            }
            if (response.ok && type.startsWith("text/html")) {
                return response.text().then((html) => {
                    show(html);
                    showErrors([]);
                    say("The article as readers will see it, from the form as it stands: not saved yet.");
                });
            }
            if (response.status === 400 && type.startsWith("application/json")) {
                return response.json().then((answer) => {
                    showErrors(Array.isArray(answer.errors) ? answer.errors : []);
                    say("The preview waits for the errors below to be fixed.");
                });
            }
            say("The preview could not be updated (" + response.status + "). Keep typing: it tries again.");
            sent = null;
            return null;
        }).catch((error) => {
            if (error.name !== "AbortError") {
                say("The preview could not be updated: the connection failed. Keep typing: it tries again.");
                sent = null;
            }
        });
    }

    function schedule() {
        if (pane.hidden) {
            return;
        }
        window.clearTimeout(timer);
        timer = window.setTimeout(refresh, DELAY);
    }

    function open(isOpen) {
        pane.hidden = !isOpen;
        document.body.classList.toggle("side-preview-open", isOpen);
        toggle.setAttribute("aria-expanded", String(isOpen));
        try {
            window.sessionStorage.setItem(OPEN_KEY, isOpen ? "1" : "");
        } catch (error) {
            // Not remembered: it opens closed next time.
        }
        if (!isOpen) {
            window.clearTimeout(timer);
            return;
        }
        if (!frame.getAttribute("src") && pane.dataset.savedUrl && form.dataset.unsaved !== "true") {
            frame.src = pane.dataset.savedUrl;  // what is saved, until the editor types
            sent = snapshot(formData());
        } else if (snapshot(formData()) !== sent) {
            refresh();
        }
    }

    const fullScreen = window.matchMedia("(max-width: 1023px)");

    toggle.hidden = false;
    toggle.addEventListener("click", () => {
        open(pane.hidden);
        if (!pane.hidden && fullScreen.matches) {
            close.focus();  // the form is behind the preview now
        }
    });
    pane.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && fullScreen.matches) {
            open(false);
            toggle.focus();
        }
    });
    close.addEventListener("click", () => {
        open(false);
        toggle.focus();
    });
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    // Pickers (select2) and dragged entries change the form without the events above.
    window.setInterval(() => {
        if (!pane.hidden && timer === null && snapshot(formData()) !== sent) {
            schedule();
        }
    }, 1000);
    let remembered = "";
    try {
        remembered = window.sessionStorage.getItem(OPEN_KEY);
    } catch (error) {
        // Nothing remembered.
    }
    if (remembered && !fullScreen.matches) {
        open(true);
    }
}());
