'use strict';
/* One-click moderation in the comment admin (comments/admin/moderation.py).

   Each Approve, Hide and Spam button is a submit button posting to its own admin view, so it
   works without this script. Here a press posts with fetch instead (the CSRF token from the
   cookie as X-CSRFToken, as Django documents), the row shows the new status in place, and the
   live region says what happened. Requests go one after another, in the order pressed.

   Keyboard, except while typing in a field: j and k move to the next and previous row (the
   current row is outlined and focused), a, h and s approve, hide or mark spam the current row
   and move on to the next one still undecided (wrapping to one skipped above). On a comment's own page a, h and s act on it. */
{
    const live = document.getElementById('moderation-live');
    const rows = Array.from(document.querySelectorAll('#result_list tbody tr'))
        .filter((row) => row.querySelector('.moderation-actions'));
    const panel = document.querySelector('.moderation-panel');
    const scopes = rows.length ? rows : (panel ? [panel] : []);
    const KEYS = new Set(['a', 'h', 's']);
    const NOT_TYPING = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'range', 'color']);
    let current = -1;
    let queue = Promise.resolve();

    function csrfToken() {
        const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
        if (match) {
            return decodeURIComponent(match[1]);
        }
        const field = document.querySelector('input[name=csrfmiddlewaretoken]');
        return field ? field.value : '';
    }

    function announce(message) {
        if (live) {
            live.textContent = message;
        }
    }

    function problem(response) {
        if (response.redirected || response.status === 401) {
            return 'You were signed out: reload the page to sign in again. Nothing was changed.';
        }
        if (response.status === 403) {
            return 'Not allowed: you may not moderate comments, or this page is out of date. Reload it and try again.';
        }
        if (response.status === 404) {
            return 'This comment no longer exists.';
        }
        return `The decision was not saved (error ${response.status}). Try again.`;
    }

    function statusCell(scope) {
        return scope.querySelector('td.field-status, .moderation-status');
    }

    function show(scope, data) {
        const status = statusCell(scope);
        if (status) {
            status.textContent = data.status_label;
        }
        const decided = scope.querySelector('td.field-decision, .moderation-decided');
        if (decided) {
            decided.textContent = data.decided;
        }
        const waiting = scope.querySelector('.moderation-waiting');
        if (waiting) {
            waiting.remove();
        }
        scope.dataset.decided = data.decision;
        scope.classList.add('moderation-done');
        scope.querySelectorAll('.moderation-button').forEach((button) => {
            button.classList.toggle('moderation-chosen', button.dataset.decision === data.decision);
        });
    }

    function send(url) {
        return fetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: {'X-CSRFToken': csrfToken(), 'Accept': 'application/json'},
        }).then((response) => {
            const json = (response.headers.get('Content-Type') || '').includes('application/json');
            if (!response.ok || !json) {
                throw new Error(problem(response));
            }
            return response.json();
        });
    }

    function decide(scope, button) {
        // aria-disabled, not disabled: a disabled button would drop the keyboard focus it holds.
        const buttons = scope.querySelectorAll('.moderation-button');
        buttons.forEach((each) => each.setAttribute('aria-disabled', 'true'));
        scope.setAttribute('aria-busy', 'true');
        scope.classList.add('moderation-pending');
        scope.classList.remove('moderation-failed');
        scope.dataset.chosen = button.dataset.decision;  // pressed: the keyboard moves past it at once
        const url = button.formAction;
        queue = queue.then(() => send(url)).then((data) => {
            show(scope, data);
            const left = data.waiting ? `${data.waiting} still waiting.` : 'Nothing else waits for a moderator.';
            announce(`${data.message} ${left}`);
        }, (error) => {
            scope.classList.add('moderation-failed');
            if (scope.dataset.decided) {
                scope.dataset.chosen = scope.dataset.decided;
            } else {
                delete scope.dataset.chosen;
            }
            announce(error instanceof TypeError ? 'The site did not answer: check the connection and try again.' : error.message);
        }).finally(() => {
            buttons.forEach((each) => each.removeAttribute('aria-disabled'));
            scope.removeAttribute('aria-busy');
            scope.classList.remove('moderation-pending');
        });
    }

    function busy(scope) {
        return scope.getAttribute('aria-busy') === 'true';
    }

    function mark(index, focus) {
        if (!rows.length || index < 0 || index >= rows.length) {
            return;
        }
        if (current >= 0) {
            rows[current].classList.remove('moderation-current');
        }
        current = index;
        const row = rows[index];
        row.classList.add('moderation-current');
        if (focus) {
            row.focus({preventScroll: true});
            row.scrollIntoView({block: 'nearest'});
        }
    }

    function nextUndecided(index) {
        // The next row below still undecided, else the first one above (a row skipped with j).
        const later = rows.findIndex((row, at) => at > index && !row.dataset.chosen);
        const earlier = rows.findIndex((row, at) => at < index && !row.dataset.chosen);
        return later !== -1 ? later : (earlier !== -1 ? earlier : index);
    }

    function act(scope, button, byKeyboard) {
        decide(scope, button);
        if (rows.length) {
            mark(nextUndecided(rows.indexOf(scope)), byKeyboard);
        } else if (byKeyboard) {
            const onward = document.querySelector('.moderation-next');
            if (onward) {
                queue.then(() => onward.focus());
            }
        }
    }

    function typing(target) {
        if (!(target instanceof Element)) {
            return false;
        }
        if (target.isContentEditable || target.closest('textarea, select')) {
            return true;
        }
        return target.tagName === 'INPUT' && !NOT_TYPING.has(target.type);
    }

    if (scopes.length) {
        document.querySelectorAll('.moderation-keys').forEach((hint) => { hint.hidden = false; });
        rows.forEach((row) => { row.tabIndex = -1; });
        mark(0, false);

        document.addEventListener('click', (event) => {
            const button = event.target.closest('.moderation-button');
            if (!button) {
                return;
            }
            const scope = scopes.find((each) => each.contains(button));
            if (scope) {
                event.preventDefault();
                if (!busy(scope)) {
                    act(scope, button, false);
                }
            }
        });

        document.addEventListener('focusin', (event) => {
            const index = rows.findIndex((row) => row.contains(event.target));
            if (index !== -1 && index !== current) {
                mark(index, false);
            }
        });

        document.addEventListener('keydown', (event) => {
            if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) {
                return;
            }
            if (typing(event.target)) {
                return;
            }
            const key = event.key;
            if (rows.length && (key === 'j' || key === 'k')) {
                event.preventDefault();
                mark(Math.min(Math.max(current + (key === 'j' ? 1 : -1), 0), rows.length - 1), true);
            } else if (KEYS.has(key)) {
                const scope = rows.length ? rows[current] : panel;
                const button = scope && scope.querySelector(`.moderation-button[data-key="${key}"]`);
                if (button) {
                    event.preventDefault();
                    if (!busy(scope)) {
                        act(scope, button, true);
                    }
                }
            }
        });
    }
}
