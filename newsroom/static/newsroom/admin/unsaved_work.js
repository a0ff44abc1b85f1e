/* Unsaved work on the listicle change page is never lost.
 *
 * - Leaving the page with unsaved changes (typing, a drag or keyboard reorder) asks first.
 * - What the editor types is kept in localStorage, keyed by the page and the version of the
 *   listicle the form was loaded with, and on the server in the editor's own autosave
 *   (autosave.js), and offered back after a crash, a closed tab, on another browser or after a
 *   refused save: the newer of the two, when it is newer than what the page loaded. It brings back
 *   every inline row (entries added with "Add another" too), each picker's choices with their
 *   text, and the files the server kept. A draft brings back the version it was typed on, so
 *   saving it merges with what others saved since instead of overwriting it.
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
    const autosave = window.SoompiAutosave || null;
    let submitting = false;
    let autosaving = false;  // the server has been sent this page's state: keep it up to date

    function values() {
        const pairs = [];
        for (const [name, value] of new FormData(form)) {
            if (!SKIPPED.has(name) && !name.includes("__prefix__") && typeof value === "string") {
                pairs.push([name, value]);
            }
        }
        return pairs;
    }

    // The text of each picker's choices: a picker shows only its chosen options, so restoring a
    // choice made on another page needs the text to show it with.
    function labels() {
        const shown = {};
        for (const select of form.querySelectorAll("select[name]")) {
            if (select.name.includes("__prefix__")) {
                continue;
            }
            for (const option of select.selectedOptions) {
                if (option.value) {
                    shown[select.name] = shown[select.name] || {};
                    shown[select.name][option.value] = option.textContent.trim();
                }
            }
        }
        return shown;
    }

    function fileChosen() {
        return Array.from(form.querySelectorAll("input[type=file]")).some((input) => input.files && input.files.length);
    }

    function currentVersion() {
        return versionInput ? versionInput.value : "";
    }

    const loaded = JSON.stringify(values());
    // A form that came back with errors holds work that is not saved yet, whatever it shows.
    const refused = document.querySelector(".errornote") !== null;

    function unsaved() {
        return refused || fileChosen() || JSON.stringify(values()) !== loaded;
    }

    function remember() {
        if (submitting) {
            return;  // the copy marked as submitted stays as it is until the next page says how the save went
        }
        const changed = unsaved();
        form.dataset.unsaved = changed ? "true" : "false";
        const draft = {version: currentVersion(), saved: new Date().toISOString(), values: values(), labels: labels()};
        if (autosave && (changed || autosaving)) {
            autosaving = true;
            autosave.changed(draft);
        }
        try {
            if (changed) {
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

    // Inline rows the copy has and the page lacks (entries added with "Add another") are added
    // the way the editor added them, so each gets its pickers and buttons.
    function addRows(given) {
        for (const total of form.querySelectorAll("input[name$='-TOTAL_FORMS']")) {
            const formset = total.name.slice(0, -"-TOTAL_FORMS".length);
            const wanted = Number(given.get(total.name)?.[0]);
            const add = document.querySelector("#" + CSS.escape(formset + "-group") + " .add-row a");
            let guard = 100;
            while (add && Number(total.value) < wanted && guard > 0) {
                add.click();
                guard -= 1;
            }
        }
    }

    function choose(select, chosen, shown) {
        for (const value of chosen) {
            if (value && !Array.from(select.options).some((option) => option.value === value)) {
                select.add(new Option(shown?.[value] || value, value));  // a picker lists only its choices
            }
        }
        for (const option of select.options) {
            option.selected = chosen.includes(option.value);
        }
    }

    function setValue(name, chosen, shown) {
        const field = form.elements.namedItem(name);
        if (!field) {
            return;
        }
        if (field instanceof RadioNodeList) {
            for (const item of field) {
                if (item.type === "checkbox" || item.type === "radio") {
                    item.checked = chosen.includes(item.value);
                }
            }
        } else if (field.type === "checkbox") {
            field.checked = true;
        } else if (field.type === "file" || field.type === "hidden" && !name.endsWith("position")) {
            return;
        } else if (field.tagName === "SELECT") {
            choose(field, field.multiple ? chosen : chosen.slice(0, 1), shown);
            field.dispatchEvent(new Event("change", {bubbles: true}));  // the picker shows the choice
        } else {
            field.value = chosen[0];
        }
        field.dispatchEvent?.(new Event("input", {bubbles: true}));
    }

    function restore(draft) {
        const given = new Map();
        for (const [name, value] of draft.values) {
            given.set(name, [...(given.get(name) || []), value]);
        }
        addRows(given);
        for (const field of form.querySelectorAll("input[type=checkbox][name]")) {
            if (!SKIPPED.has(field.name) && !given.has(field.name)) {
                field.checked = false;
            }
        }
        for (const select of form.querySelectorAll("select[name]")) {
            if (!given.has(select.name) && select.multiple && !select.name.includes("__prefix__")) {
                setValue(select.name, [], {});  // every choice was taken away
            }
        }
        for (const [name, chosen] of given) {
            setValue(name, chosen, (draft.labels || {})[name]);
        }
        if (versionInput && draft.version) {
            versionInput.value = draft.version;  // saving merges with whatever was saved since
        }
        remember();
        if (autosave && draft.files && draft.files.length) {
            autosave.putBack(draft.files).then(remember);
        }
    }

    function offer(name, draft, fromServer) {
        const box = document.createElement("div");
        box.className = "unsaved-draft";
        box.setAttribute("role", "alert");
        const text = document.createElement("p");
        const when = fromServer ? draft.saved_label : new Date(draft.saved).toLocaleString();
        text.textContent = fromServer
            ? "Changes you had not saved were kept on the server, from this or another browser."
            : "This browser kept changes you had not saved (" + when + ").";
        if (draft.version !== version) {
            text.textContent += " The article has been saved since: restoring them and saving merges the two.";
        }
        const bring = document.createElement("button");
        bring.type = "button";
        bring.className = "button default";
        bring.textContent = "Restore my unsaved changes";
        if (fromServer) {
            const where = document.createElement("span");
            where.className = "unsaved-draft-when";
            where.textContent = " (saved on the server at " + when + ")";
            bring.append(where);
        }
        const drop = document.createElement("button");
        drop.type = "button";
        drop.className = "button";
        drop.textContent = "Discard them";
        function done() {
            if (name) {
                window.localStorage.removeItem(name);
            }
            box.remove();
            autosave?.hold(false);
        }
        bring.addEventListener("click", () => {
            done();
            restore(draft);
        });
        drop.addEventListener("click", () => {
            done();
            autosave?.discard();
        });
        const actions = document.createElement("div");
        actions.className = "unsaved-draft-actions";
        actions.append(bring, drop);
        box.append(text, actions);
        autosave?.hold(true);
        form.prepend(box);
    }

    function localDraft() {
        const current = JSON.stringify(values());
        for (const [name, draft] of drafts()) {
            const differs = draft && Array.isArray(draft.values) && JSON.stringify(draft.values) !== current;
            if (draft && draft.submitted && draft.version !== version) {
                window.localStorage.removeItem(name);  // that save went through: the version moved on
            } else if (differs) {
                return [name, draft];
            } else if (!refused) {
                window.localStorage.removeItem(name);
            }
        }
        return [null, null];
    }

    // One offer: the server's copy, unless this browser holds a newer one (kept while offline).
    function offerDrafts() {
        let name = null;
        let draft = null;
        try {
            [name, draft] = localDraft();
        } catch (error) {
            // localStorage switched off: nothing was kept here.
        }
        if (!autosave || refused) {
            if (draft) {
                offer(name, draft, false);
            }
            return;
        }
        autosave.serverCopy().then((copy) => {
            const current = JSON.stringify(values());
            const localNewer = draft && copy && Date.parse(draft.saved) > Date.parse(copy.saved)
                && JSON.stringify(draft.values) !== JSON.stringify(copy.values);
            if (copy && copy.values.length && !localNewer && JSON.stringify(copy.values) !== current) {
                offer(null, copy, true);
            } else if (draft) {
                offer(name, {...draft, files: copy ? copy.files : []}, false);
            }
        });
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

    offerDrafts();
    if (autosave && refused) {
        autosave.refusedFiles().then((inputs) => inputs.length && remember());
    }
}());
