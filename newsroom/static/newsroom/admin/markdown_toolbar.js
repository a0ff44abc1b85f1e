/* A toolbar above each Markdown field (textarea[data-markdown]): bold, italic, link and quote,
 * with Ctrl+B, Ctrl+I and Ctrl+K (Cmd on a Mac), and a cheat-sheet of what the article renderer
 * understands. Each change is made as typing would make it, so the browser's undo and the page's
 * unsaved-work tracking both see it. Rows added with "Add another" get their toolbar when first
 * focused. Without JavaScript the field is a plain text box. */
(function () {
    "use strict";

    const ACTIONS = {
        bold: {label: "Bold", key: "b", wrap: ["**", "**"], placeholder: "bold text"},
        italic: {label: "Italic", key: "i", wrap: ["*", "*"], placeholder: "italic text"},
        link: {label: "Link", key: "k", wrap: ["[", "](https://)"], placeholder: "link text"},
        quote: {label: "Quote", lines: "> ", placeholder: "quoted words"},
    };
    const MAC = /Mac|iPhone|iPad/.test(navigator.platform || "");
    const MOD = MAC ? "⌘" : "Ctrl+";

    function replace(field, start, end, text, selectFrom, selectTo) {
        field.focus();
        field.setSelectionRange(start, end);
        // insertText keeps the browser's undo history; setRangeText is the fallback.
        if (!document.execCommand || !document.execCommand("insertText", false, text)) {
            field.setRangeText(text, start, end, "end");
            field.dispatchEvent(new Event("input", {bubbles: true}));
        }
        field.setSelectionRange(selectFrom, selectTo);
    }

    function apply(field, name) {
        const action = ACTIONS[name];
        const start = field.selectionStart;
        const end = field.selectionEnd;
        const chosen = field.value.slice(start, end) || action.placeholder;
        if (action.lines) {
            const lineStart = field.value.lastIndexOf("\n", start - 1) + 1;
            const block = field.value.slice(lineStart, end) || chosen;
            const quoted = block.split("\n").map((line) => action.lines + line).join("\n");
            replace(field, lineStart, Math.max(end, lineStart), quoted, lineStart, lineStart + quoted.length);
            return;
        }
        const [before, after] = action.wrap;
        const text = before + chosen + after;
        if (name === "link") {
            // The address is what is left to type: select its placeholder.
            const url = start + before.length + chosen.length + 2;
            replace(field, start, end, text, url, url + "https://".length);
        } else {
            replace(field, start, end, text, start + before.length, start + before.length + chosen.length);
        }
    }

    function cheatSheet() {
        const sheet = document.createElement("details");
        sheet.className = "markdown-help";
        const summary = document.createElement("summary");
        summary.textContent = "Markdown help";
        const list = document.createElement("dl");
        for (const [typed, shown] of [
            ["**bold**", "bold"],
            ["*italic*", "italic"],
            ["[words](https://example.com)", "a link"],
            ["> words", "a quote"],
            ["- item", "a list; 1. item for a numbered one"],
            ["a blank line", "a new paragraph"],
        ]) {
            const term = document.createElement("dt");
            const code = document.createElement("code");
            code.textContent = typed;
            term.append(code);
            const meaning = document.createElement("dd");
            meaning.textContent = shown;
            list.append(term, meaning);
        }
        const note = document.createElement("p");
        note.textContent = "HTML typed here is shown as text, never run.";
        sheet.append(summary, list, note);
        return sheet;
    }

    function equip(field) {
        if (field.dataset.markdownReady || !field.name || field.name.includes("__prefix__")) {
            return;
        }
        field.dataset.markdownReady = "true";
        const bar = document.createElement("div");
        bar.className = "markdown-toolbar";
        bar.setAttribute("role", "toolbar");
        bar.setAttribute("aria-label", "Formatting");
        bar.setAttribute("aria-controls", field.id);
        for (const [name, action] of Object.entries(ACTIONS)) {
            const button = document.createElement("button");
            button.type = "button";
            button.className = "markdown-" + name;
            button.textContent = action.label;
            button.title = action.key ? action.label + " (" + MOD + action.key.toUpperCase() + ")" : action.label;
            button.addEventListener("mousedown", (event) => event.preventDefault());  // keep the selection
            button.addEventListener("click", () => apply(field, name));
            bar.append(button);
        }
        bar.append(cheatSheet());
        // The toolbar and the text box share one column beside the field's label.
        const column = document.createElement("div");
        column.className = "markdown-field";
        const focused = document.activeElement === field;
        const [start, end] = [field.selectionStart, field.selectionEnd];
        field.before(column);
        column.append(bar, field);
        if (focused) {
            // Moving the field took its focus away: what the editor goes on typing belongs in it.
            field.focus();
            field.setSelectionRange(start, end);
        }
    }

    document.addEventListener("keydown", (event) => {
        const field = event.target;
        if (!(field instanceof HTMLTextAreaElement) || !field.dataset.markdown) {
            return;
        }
        if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) {
            return;
        }
        const key = event.key.toLowerCase();
        const name = Object.keys(ACTIONS).find((each) => ACTIONS[each].key === key);
        if (name) {
            event.preventDefault();
            apply(field, name);
        }
    });
    document.addEventListener("focusin", (event) => {
        if (event.target instanceof HTMLTextAreaElement && event.target.dataset.markdown) {
            equip(event.target);
        }
    });
    function equipAll() {
        for (const field of document.querySelectorAll("textarea[data-markdown]")) {
            equip(field);
        }
    }
    // The admin loads form media in the page's head, before the fields exist.
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", equipAll);
    } else {
        equipAll();
    }
}());
