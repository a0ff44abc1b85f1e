/* Who else has this listicle open: the change page reports itself every few seconds (with
 * whether it holds unsaved changes, from unsaved_work.js), and at once when its tab comes back
 * into view, and shows who else is there. */
(function () {
    "use strict";

    const box = document.getElementById("presence");
    const form = document.getElementById("listicle_form");
    if (!box || !form || !window.fetch) {
        return;
    }
    const EVERY = 1000 * (Number(box.dataset.every) || 10);
    const text = box.querySelector(".presence-text");
    const page = window.crypto && window.crypto.randomUUID
        ? window.crypto.randomUUID()
        : String(Date.now()) + "-" + String(Math.random()).slice(2, 12);
    const token = form.querySelector("input[name=csrfmiddlewaretoken]");

    function payload(extra) {
        const data = new FormData();
        data.append("csrfmiddlewaretoken", token ? token.value : "");
        data.append("page", page);
        data.append("unsaved", form.dataset.unsaved === "true" ? "1" : "0");
        for (const [name, value] of Object.entries(extra || {})) {
            data.append(name, value);
        }
        return data;
    }

    function describe(others) {
        if (!others.length) {
            return "Nobody else has this article open.";
        }
        const names = others.map((person) => {
            const name = person.you ? "you, in another tab or window" : person.name;
            if (person.unsaved) {
                return name + " (unsaved changes)";
            }
            return person.reading ? name + " (reading)" : name;
        });
        return "Also open now: " + names.join(", ");
    }

    function report() {
        window.fetch(box.dataset.url, {
            method: "POST",
            body: payload(),
            credentials: "same-origin",
            headers: {"X-Requested-With": "XMLHttpRequest"},
        }).then((response) => (response.ok ? response.json() : null)).then((answer) => {
            if (answer && Array.isArray(answer.others)) {
                const said = describe(answer.others);
                if (text.textContent !== said) {
                    text.textContent = said;
                }
                box.classList.toggle("presence-others", answer.others.length > 0);
            }
        }).catch(() => {
            // Offline for a moment: the next report tries again.
        });
    }

    let lastUnsaved = form.dataset.unsaved;
    report();
    window.setInterval(report, EVERY);
    // Tell the others soon after this page starts or stops holding unsaved changes.
    window.setInterval(() => {
        if (form.dataset.unsaved !== lastUnsaved) {
            lastUnsaved = form.dataset.unsaved;
            report();
        }
    }, 3000);
    document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") {
            report();
        }
    });
    window.addEventListener("pagehide", () => {
        if (navigator.sendBeacon) {
            navigator.sendBeacon(box.dataset.url, payload({leaving: "1"}));
        }
    });
}());
