/* The admin's search-as-you-type pickers (Select2, as Django ships it) for screen readers and
   keyboard users.

   Select2 draws its own controls next to the hidden <select>, and draws them again as values are
   chosen and results arrive. After each redraw this names them, as the field's own <label> names
   the <select>:
   - the closed picker (role "combobox") and its search box, by the label (a one-value picker
     also reads its chosen value after it);
   - the open list's search box, by the same label;
   - the open picker points at its list with aria-controls, as well as Select2's aria-owns;
   - the "remove all" cross of a many-value picker sits in a list item of the chosen values'
     list, not loose in it;
   - a message in the open list ("No results found", "Searching…") is a disabled option of it,
     and read out from a polite status line, instead of an alert the list may not hold.
   It needs nothing but the DOM, and changes nothing Select2 reads back. */
(function () {
    "use strict";

    let status = null;

    function labelId(select) {
        const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
        if (!label) {
            return null;
        }
        if (!label.id) {
            label.id = `${select.id}-label`;
        }
        return label.id;
    }

    function setIfChanged(element, name, value) {
        if (element.getAttribute(name) !== value) {
            element.setAttribute(name, value);
        }
    }

    function nameClosedPicker(container, label) {
        const combobox = container.querySelector(".select2-selection[role=combobox]");
        if (combobox) {
            const shown = combobox.querySelector(".select2-selection__rendered[id]");
            setIfChanged(combobox, "aria-labelledby", shown ? `${label} ${shown.id}` : label);
        }
        const search = container.querySelector(".select2-search--inline .select2-search__field");
        if (search) {
            setIfChanged(search, "aria-labelledby", label);
        }
    }

    function tidyChosenList(container) {
        const clear = container.querySelector(".select2-selection__rendered > .select2-selection__clear");
        if (clear) {
            const item = document.createElement("li");
            item.className = "select2-selection__clear-item";
            item.setAttribute("aria-hidden", "true");  // the mouse's shortcut; Delete clears from the keyboard
            clear.replaceWith(item);
            item.append(clear);
        }
    }

    function nameOpenList(results) {
        const match = /^select2-(.+)-results$/.exec(results.id);
        const select = match && document.getElementById(match[1]);
        const label = select && labelId(select);
        const dropdown = results.closest(".select2-dropdown");
        const search = dropdown && dropdown.querySelector(".select2-search--dropdown .select2-search__field");
        if (label && search) {
            setIfChanged(search, "aria-labelledby", label);
        }
        for (const message of results.querySelectorAll(":scope > .select2-results__message[role=alert]")) {
            message.setAttribute("role", "option");
            message.setAttribute("aria-disabled", "true");
            message.removeAttribute("aria-live");
            announce(message.textContent);
        }
    }

    function announce(text) {
        if (!status) {
            status = document.createElement("p");
            status.className = "visually-hidden";
            status.setAttribute("role", "status");
            (document.querySelector("main") || document.body).append(status);
        }
        status.textContent = text;
    }

    function repair() {
        for (const select of document.querySelectorAll("select.select2-hidden-accessible")) {
            const container = select.nextElementSibling;
            if (!container || !container.classList.contains("select2-container")) {
                continue;
            }
            const label = labelId(select);
            if (label) {
                nameClosedPicker(container, label);
            }
            tidyChosenList(container);
        }
        for (const results of document.querySelectorAll(".select2-dropdown .select2-results__options[id]")) {
            nameOpenList(results);
        }
        for (const combobox of document.querySelectorAll(".select2-selection[role=combobox]")) {
            const owns = combobox.getAttribute("aria-owns");
            if (owns) {
                setIfChanged(combobox, "aria-controls", owns);
            } else if (combobox.hasAttribute("aria-controls")) {
                combobox.removeAttribute("aria-controls");
            }
        }
    }

    let pending = false;
    const observer = new MutationObserver(function () {
        if (!pending) {
            pending = true;
            queueMicrotask(function () {
                pending = false;
                repair();
            });
        }
    });
    observer.observe(document.documentElement, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ["aria-owns"],
    });
    repair();
})();
