'use strict';
/* The preview link page: focusing the link selects it, and where the browser offers a clipboard
   the Copy link button appears and copies it. */
{
    const input = document.getElementById('preview-link');
    const button = document.getElementById('copy-preview-link');
    if (input && button) {
        input.addEventListener('focus', () => input.select());
        if (navigator.clipboard) {
            button.hidden = false;
            button.addEventListener('click', () => {
                navigator.clipboard.writeText(input.value).then(() => { button.textContent = 'Copied'; });
            });
        }
    }
}
