/* Unsaved work on the listicle change page is never lost.
 *
 * - Leaving the page with unsaved changes (typing, a drag or keyboard reorder) asks first.
 * - What the editor types is kept in localStorage, keyed by the page and the version of the
 *   listicle the form was loaded with, and offered back after a crash, a closed tab or a refused
 *   save. A draft brings back the version it was typed on, so saving it merges with what others
 *   saved since instead of overwriting it.
 * - Ctrl+S / Cmd+S saves and continues editing.
 * - "Use theirs" on an edit clash copies the other editor's text into the field.
 * The form's `data-unsaved` attribute tells presence.js whether there are unsaved changes.
 */
(function () {
    "use strict";

    const form = document.getElementById("listicle_form");
    if (!form) {
        return;
    }
    const VERSION = "loaded_version";
    const SKIPPED = new Set(["csrfmiddlewaretoken", VERSION, "settled_conflicts"]);
    const prefix = "soompi-draft:" + window.location.pathname + ":";
    const versionInput = form.elements.namedItem(VERSION);
    const version = versionInput ? versionInput.value : "";
    const key = prefix + version;
    let submitting = false;

    function values() {
        const pairs = [];
        for (const [name, value] of new FormData(form)) {
            if (!SKIPPED.has(name) && !name.includes("__prefix__") && typeof value === "string") {
                pairs.push([name, value]);
            }
        }
        return pairs;
    }

    const loaded = JSON.stringify(values());
    // A form that came back with errors holds work that is not saved yet, whatever it shows.
    const refused = document.querySelector(".errornote") !== null;

    function unsaved() {
        return refused || JSON.stringify(values()) !== loaded;
    }

    function remember() {
        if (submitting) {
            return;  // the copy marked as submitted stays as it is until the next page says how the save went
        }
        const changed = unsaved();
        form.dataset.unsaved = changed ? "true" : "false";
        try {
            if (changed) {
                const draft = {version: version, saved: new Date().toISOString(), values: values()};
                window.localStorage.setItem(key, JSON.stringify(draft));
            } else {
                window.localStorage.removeItem(key);
            }
        } catch (error) {
            // Storage full or switched off: the leave prompt still protects the work.
        }
    }

    function drafts() {
        const found = [];
        for (let index = 0; index < window.localStorage.length; index += 1) {
            const name = window.localStorage.key(index);
            if (name && name.startsWith(prefix)) {
                try {
                    found.push([name, JSON.parse(window.localStorage.getItem(name))]);
                } catch (error) {
                    window.localStorage.removeItem(name);
                }
            }
        }
        return found.sort((a, b) => String(b[1].saved).localeCompare(String(a[1].saved)));
    }

    function setValue(name, value) {
        const field = form.elements.namedItem(name);
        if (!field) {
            return;
        }
        if (field instanceof RadioNodeList) {
            for (const item of field) {
                if (item.type === "checkbox" || item.type === "radio") {
                    item.checked = item.value === value;
                }
            }
        } else if (field.type === "checkbox") {
            field.checked = true;
        } else if (field.type === "file" || field.type === "hidden" && !name.endsWith("position")) {
            return;
        } else if (field.tagName === "SELECT") {
            const option = Array.from(field.options).find((item) => item.value === value);
            if (option && !field.multiple) {
                field.value = value;
            }
        } else {
            field.value = value;
        }
        field.dispatchEvent?.(new Event("input", {bubbles: true}));
    }

    function restore(draft) {
        const named = new Set(draft.values.map(([name]) => name));
        for (const field of form.querySelectorAll("input[type=checkbox][name]")) {
            if (!SKIPPED.has(field.name) && !named.has(field.name)) {
                field.checked = false;
            }
        }
        for (const [name, value] of draft.values) {
            setValue(name, value);
        }
        if (versionInput && draft.version) {
            versionInput.value = draft.version;  // saving merges with whatever was saved since
        }
        remember();
    }

    function offer(name, draft) {
        const box = document.createElement("div");
        box.className = "unsaved-draft";
        box.setAttribute("role", "alert");
        const text = document.createElement("p");
        const when = new Date(draft.saved).toLocaleString();
        text.textContent = "This browser kept changes you had not saved (" + when + ").";
        if (draft.version !== version) {
            text.textContent += " The article has been saved since: restoring them and saving merges the two.";
        }
        const bring = document.createElement("button");
        bring.type = "button";
        bring.className = "button default";
        bring.textContent = "Restore my unsaved changes";
        const drop = document.createElement("button");
        drop.type = "button";
        drop.className = "button";
        drop.textContent = "Discard them";
        bring.addEventListener("click", () => {
            window.localStorage.removeItem(name);
            restore(draft);
            box.remove();
        });
        drop.addEventListener("click", () => {
            window.localStorage.removeItem(name);
            box.remove();
        });
        box.append(text, bring, " ", drop);
        form.prepend(box);
    }

    function offerDrafts() {
        const current = JSON.stringify(values());
        for (const [name, draft] of drafts()) {
            const differs = draft && Array.isArray(draft.values) && JSON.stringify(draft.values) !== current;
            if (draft && draft.submitted && draft.version !== version) {
                window.localStorage.removeItem(name);  // that save went through: the version moved on
            } else if (differs) {
                offer(name, draft);
                return;
            } else if (!refused) {
                window.localStorage.removeItem(name);
            }
        }
    }

    form.addEventListener("input", remember);
    form.addEventListener("change", remember);
    // Drags and the move buttons change hidden position fields, which fire no events.
    window.setInterval(remember, 2000);

    form.addEventListener("submit", () => {
        submitting = true;
        try {
            const draft = {version: version, saved: new Date().toISOString(), values: values(), submitted: true};
            window.localStorage.setItem(key, JSON.stringify(draft));
        } catch (error) {
            // Nothing to keep it in.
        }
    });

    window.addEventListener("beforeunload", (event) => {
        if (!submitting && unsaved()) {
            event.preventDefault();
            event.returnValue = "";
        }
    });

    // Listened for while the event goes down, not up: a picker's search box (select2) stops the
    // keys it handles from reaching the document.
    document.addEventListener("keydown", (event) => {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
            event.preventDefault();
            event.stopPropagation();
            const button = form.querySelector("input[name=_continue]");
            if (button) {
                form.requestSubmit(button);
            }
        }
    }, true);

    for (const button of document.querySelectorAll("[data-use-theirs]")) {
        button.addEventListener("click", () => {
            const source = document.getElementById(button.dataset.useTheirs);
            const target = document.getElementById(button.dataset.target);
            if (source && target) {
                target.value = source.value;
                target.dispatchEvent(new Event("input", {bubbles: true}));
                target.focus();
            }
        });
    }

    try {
        offerDrafts();
    } catch (error) {
        // localStorage switched off: nothing was kept.
    }
}());
