// The image picker (pictures/picker.py): "Choose from the library" opens the library in a Django
// admin popup; the chosen image's id comes back into the hidden input beside the field (Django's
// dismissRelatedLookupPopup, which triggers a jQuery "change"). Here the picker shows the chosen
// picture, drops an upload chosen before, and fills an empty alt text field with the library's.
'use strict';
{
    const $ = django.jQuery;

    function pickerOf(element) {
        return element.closest('[data-image-picker]');
    }

    function say(picker, text) {
        const status = picker.querySelector('[data-picker-status]');
        if (status) {
            status.textContent = text;
        }
    }

    async function chosen(input) {
        const picker = pickerOf(input);
        const link = document.getElementById('lookup_' + input.id);
        if (!input.value || !link) {
            return;
        }
        let image;
        try {
            const url = link.dataset.choiceUrl + encodeURIComponent(input.value) + '/choice/';
            const response = await fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}});
            if (!response.ok) {
                throw new Error(String(response.status));
            }
            image = await response.json();
        } catch (error) {
            input.value = '';
            say(picker, 'That image could not be found in the library. Choose another.');
            return;
        }
        const upload = document.getElementById(input.id.replace(/_library$/, ''));
        if (upload) {
            upload.value = '';  // the library image is what was chosen last
        }
        const clear = picker.querySelector('.clearable-file-input input[type="checkbox"]');
        if (clear) {
            clear.checked = false;
        }
        const thumbnailLink = picker.querySelector('[data-picker-link]');
        let thumbnail = picker.querySelector('[data-picker-thumbnail]');
        if (!thumbnail) {  // an empty picker has no picture yet
            thumbnail = document.createElement('img');
            thumbnail.alt = '';
            thumbnail.width = thumbnail.height = 96;
            thumbnail.dataset.pickerThumbnail = '';
            thumbnailLink.append(thumbnail);
        }
        thumbnail.src = image.thumbnail;
        thumbnailLink.href = image.url;
        thumbnailLink.hidden = false;
        const field = link.dataset.field;
        const altField = link.dataset.altField;
        if (upload && altField && image.alt && upload.id.endsWith(field)) {
            const alt = document.getElementById(upload.id.slice(0, -field.length) + altField);
            if (alt && !alt.value.trim()) {
                alt.value = image.alt;
            }
        }
        say(picker, 'Chosen from the library: ' + image.name + '. Save to use it.');
    }

    $(document).on('change', '[data-picker-choice]', function() {
        chosen(this);
    });

    // An upload chosen after a library image replaces the choice.
    $(document).on('change', '[data-image-picker] input[type="file"]', function() {
        const choice = pickerOf(this).querySelector('[data-picker-choice]');
        if (choice && choice.value && this.value) {
            choice.value = '';
            say(pickerOf(this), 'The uploaded file replaces the library image.');
        }
    });
}
