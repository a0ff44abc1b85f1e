/* Long lists of entries: each entry folds to its one-line title bar (folded by default past a
 * few), "Order view" folds them all into a compact list of headings to drag, and every entry has
 * Move up / Move down buttons, so the order can be changed from the keyboard too. Moving renumbers
 * the hidden position fields the way adminsortable2's drag does; nothing is saved until Save. */
(function () {
    "use strict";

    const FOLDED_PAST = 3;
    const group = document.getElementById("entries-group");
    const fieldset = group && group.querySelector("fieldset.sortable");
    if (!fieldset) {
        return;
    }
    const ITEMS = ".inline-related.has_original";
    const items = () => Array.from(fieldset.querySelectorAll(ITEMS));
    const live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");

    function label(item) {
        const name = item.querySelector(".inline_label");
        return name ? name.firstChild.textContent.trim() : "entry";
    }

    function button(text, className) {
        const made = document.createElement("button");
        made.type = "button";
        made.className = "entry-tool " + className;
        made.textContent = text;
        return made;
    }

    function fold(item, folded) {
        item.classList.toggle("entry-folded", folded);
        const toggle = item.querySelector(".entry-toggle");
        toggle.setAttribute("aria-expanded", folded ? "false" : "true");
        toggle.textContent = folded ? "Show" : "Hide";
        toggle.setAttribute("aria-label", (folded ? "Show " : "Hide ") + label(item));
    }

    function renumber() {
        items().forEach((item, index) => {
            const position = item.querySelector("input._reorder_");
            if (position) {
                position.value = String(index + 1);
            }
        });
    }

    function move(item, step, focusClass) {
        const list = items();
        const index = list.indexOf(item);
        const target = list[index + step];
        if (!target) {
            return;
        }
        target.insertAdjacentElement(step < 0 ? "beforebegin" : "afterend", item);
        renumber();
        const place = items().indexOf(item) + 1;
        live.textContent = label(item) + ": now " + place + " of " + list.length + ".";
        item.querySelector("." + focusClass).focus();
    }

    const tools = document.createElement("div");
    tools.className = "entry-order-tools";
    const foldAll = button("Hide all entries", "entry-fold-all");
    const unfoldAll = button("Show all entries", "entry-unfold-all");
    const compact = button("Order view", "entry-order-view");
    compact.setAttribute("aria-pressed", "false");
    tools.append(foldAll, unfoldAll, compact, live);
    fieldset.querySelector(".inline-heading").insertAdjacentElement("afterend", tools);

    const list = items();
    for (const item of list) {
        const bar = item.querySelector("h3");
        const toggle = button("Hide", "entry-toggle");
        const up = button("Move up", "entry-up");
        const down = button("Move down", "entry-down");
        up.setAttribute("aria-label", "Move " + label(item) + " up");
        down.setAttribute("aria-label", "Move " + label(item) + " down");
        const holder = document.createElement("span");
        holder.className = "entry-tools";
        holder.append(toggle, up, down);
        bar.append(holder);
        toggle.addEventListener("click", () => fold(item, !item.classList.contains("entry-folded")));
        up.addEventListener("click", () => move(item, -1, "entry-up"));
        down.addEventListener("click", () => move(item, 1, "entry-down"));
        // Entries with a problem to fix stay open.
        fold(item, list.length > FOLDED_PAST && !item.querySelector(".errorlist"));
    }

    foldAll.addEventListener("click", () => items().forEach((item) => fold(item, true)));
    unfoldAll.addEventListener("click", () => {
        fieldset.classList.remove("entries-compact");
        compact.setAttribute("aria-pressed", "false");
        items().forEach((item) => fold(item, false));
    });
    compact.addEventListener("click", () => {
        const on = !fieldset.classList.contains("entries-compact");
        fieldset.classList.toggle("entries-compact", on);
        compact.setAttribute("aria-pressed", on ? "true" : "false");
        if (on) {
            items().forEach((item) => fold(item, true));
        }
    });
}());
