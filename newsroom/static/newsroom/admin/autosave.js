/* The listicle page's autosave to the server: the editor's own copy of what they have not saved.
 *
 * unsaved_work.js hands every change of the form's state to `SoompiAutosave.changed`; 3 seconds
 * after the last one (at once for a newly chosen file) the whole state goes to the server, into
 * the editor's own autosave, with the files chosen in the file inputs (each sent once). When the
 * tab is hidden or closed, what is still waiting goes with `fetch(..., {keepalive: true})`.
 * `serverCopy()` reads it back when the page says it is newer than the listicle's last save;
 * `putBack` fills file inputs with the kept files (a DataTransfer: browsers keep no chosen file).
 * Without the server (offline), the browser's own copy in localStorage is the fallback.
 */
(function () {
    "use strict";

    const box = document.getElementById("autosave");
    const form = document.getElementById("listicle_form");
    if (!box || !form || !window.fetch || !window.FormData) {
        return;
    }
    const WAIT = 3000;
    const FILE_WAIT = 300;
    const KEEPALIVE_LIMIT = 60 * 1024;  // browsers refuse keepalive bodies over 64 KB in all
    const maxFileBytes = Number(box.dataset.maxFileBytes) || 5 * 1024 * 1024;
    const status = document.getElementById("autosave-status");
    const page = window.crypto && window.crypto.randomUUID
        ? window.crypto.randomUUID()
        : String(Date.now()) + "-" + String(Math.random()).slice(2, 12);
    const submissionKey = "soompi-autosave-submission:" + window.location.pathname;
    const sent = new Map();  // input name -> signature of the file the server holds for it
    let waiting = null;  // the state not sent yet
    let lastSent = "";
    let timer = null;
    let busy = false;
    let stopped = false;
    let held = false;

    function csrfToken() {
        const input = form.querySelector("input[name=csrfmiddlewaretoken]");
        return input ? input.value : "";
    }

    function signature(file) {
        return [file.name, file.size, file.lastModified].join(":");
    }

    function chosenFiles() {
        const chosen = [];
        for (const input of form.querySelectorAll("input[type=file][name]")) {
            if (!input.name.includes("__prefix__") && input.files && input.files.length) {
                chosen.push([input.name, input.files[0]]);
            }
        }
        return chosen;
    }

    function say(text) {
        if (status) {
            status.hidden = false;
            status.textContent = text;
        }
    }

    function body(state, keepalive) {
        const data = new FormData();
        data.append("values", JSON.stringify({values: state.values, labels: state.labels || {}}));
        data.append("loaded_version", state.version || "");
        data.append("page", page);
        const kept = [];
        const sending = [];
        let size = 0;
        for (const [name, file] of chosenFiles()) {
            const mark = signature(file);
            if (sent.get(name) === mark) {
                kept.push(name);
            } else if (keepalive || file.size > maxFileBytes) {
                if (sent.has(name)) {
                    kept.push(name);  // the earlier file stays until the new one can go
                }
            } else {
                data.append(name, file, file.name);
                sending.push([name, mark]);
                size += file.size;
            }
        }
        data.append("kept_files", JSON.stringify(kept));
        return {data, sending, size};
    }

    function send(keepalive) {
        window.clearTimeout(timer);
        timer = null;
        if (stopped || held || !waiting || (busy && !keepalive)) {
            return;
        }
        const state = waiting;
        waiting = null;
        const {data, sending} = body(state, keepalive);
        const options = {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: {"X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest"},
        };
        if (keepalive) {
            options.keepalive = JSON.stringify(state).length < KEEPALIVE_LIMIT;
        }
        busy = true;
        window.fetch(box.dataset.saveUrl, options).then((response) => response.json().then((answer) => {
            if (response.ok) {
                for (const [name, mark] of sending) {
                    sent.set(name, mark);
                }
                for (const name of Array.from(sent.keys())) {
                    if (!answer.files.some((item) => item.name === name)) {
                        sent.delete(name);
                    }
                }
                say("Your changes are kept on the server for you (" + answer.saved_label + ") until you save.");
            } else if (response.status === 400) {
                say("Not kept on the server: " + answer.error + ". This browser keeps a copy.");
            }
        })).catch(() => {
            waiting = waiting || state;  // offline for a moment: try again with the next change
            lastSent = "";
            say("The server could not be reached: this browser keeps a copy of your changes.");
        }).finally(() => {
            busy = false;
            if (waiting && !timer) {
                timer = window.setTimeout(() => send(false), WAIT);
            }
        });
    }

    function changed(state) {
        const files = chosenFiles().map(([name, file]) => [name, signature(file)]);
        const said = JSON.stringify([state.values, files]);
        if (said === lastSent || stopped) {
            return;
        }
        lastSent = said;
        waiting = state;
        const newFile = files.some(([name, mark]) => sent.get(name) !== mark);
        window.clearTimeout(timer);
        timer = window.setTimeout(() => send(false), newFile ? FILE_WAIT : WAIT);
    }

    function flush() {
        if (waiting) {
            send(true);
        }
    }

    function post(url) {
        const data = new FormData();
        data.append("page", page);
        return window.fetch(url, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: {"X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest"},
        }).catch(() => null);
    }

    function read() {
        return window.fetch(box.dataset.savedUrl, {credentials: "same-origin", cache: "no-store"})
            .then((response) => (response.ok ? response.json() : null))
            .then((copy) => (copy && copy.saved && Array.isArray(copy.values) && Array.isArray(copy.files) ? copy : null))
            .catch(() => null);
    }

    function putBack(files) {
        const inputs = [];
        return Promise.all((files || []).map((item) => {
            const input = form.elements.namedItem(item.name);
            if (!input || input.type !== "file" || !window.DataTransfer) {
                return null;
            }
            return window.fetch(item.url, {credentials: "same-origin", cache: "no-store"})
                .then((response) => (response.ok ? response.blob() : null))
                .then((blob) => {
                    if (!blob) {
                        return;
                    }
                    const file = new File([blob], item.filename, {type: item.type, lastModified: Date.now()});
                    const transfer = new DataTransfer();
                    transfer.items.add(file);
                    input.files = transfer.files;
                    sent.set(item.name, signature(file));
                    inputs.push(input);
                    input.dispatchEvent(new Event("change", {bubbles: true}));
                })
                .catch(() => null);
        })).then(() => inputs);
    }

    // A save refused with errors: the server kept the files that form carried; put them back.
    function refusedFiles() {
        let submission = null;
        try {
            submission = window.sessionStorage.getItem(submissionKey);
            window.sessionStorage.removeItem(submissionKey);
        } catch (error) {
            return Promise.resolve([]);
        }
        if (!submission || !document.querySelector(".errornote")) {
            return Promise.resolve([]);
        }
        return read().then((copy) => putBack(
            copy ? copy.files.filter((item) => item.submission === submission) : [],
        ));
    }

    form.addEventListener("submit", () => {
        stopped = true;  // the save decides; nothing this page sends later may outlive it
        window.clearTimeout(timer);
        const submission = page + "-" + String(Date.now());
        for (const [name, value] of [[box.dataset.pageField, page], [box.dataset.submissionField, submission]]) {
            let input = form.querySelector("input[type=hidden][name='" + name + "']");
            if (!input) {
                input = document.createElement("input");
                input.type = "hidden";
                input.name = name;
                form.append(input);
            }
            input.value = value;
        }
        try {
            window.sessionStorage.setItem(submissionKey, submission);
        } catch (error) {
            // The files stay on the server all the same; the refused page will not put them back.
        }
    });
    document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") {
            flush();
        }
    });
    window.addEventListener("pagehide", flush);

    window.SoompiAutosave = {
        changed: changed,
        // While the page offers a copy back, it does not overwrite the server's with what it shows.
        hold: (on) => {
            held = on;
            if (!on && waiting && !timer) {
                timer = window.setTimeout(() => send(false), WAIT);
            }
        },
        newer: box.dataset.newer || "",
        serverCopy: () => (box.dataset.newer ? read() : Promise.resolve(null)),
        discard: () => (box.dataset.any === "true" || sent.size || lastSent ? post(box.dataset.discardUrl) : null),
        putBack: putBack,
        refusedFiles: refusedFiles,
        hasFiles: () => chosenFiles().length > 0,
    };
}());
