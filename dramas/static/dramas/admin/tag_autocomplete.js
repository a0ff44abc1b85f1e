'use strict';
/* The tag pickers: Django's own select2 in tags mode. Existing tags are suggested first and what the
   editor typed is offered last, so Enter picks a known tag rather than creating a near-duplicate. */
{
    const $ = django.jQuery;

    function tagAutocomplete(element) {
        $(element).select2({
            tags: true,
            tokenSeparators: [','],
            insertTag: (suggestions, typed) => suggestions.push(typed),
            ajax: {data: (params) => ({term: params.term, page: params.page})}
        });
    }

    $(function() {
        $('.admin-tag-autocomplete').each((index, element) => tagAutocomplete(element));
    });
}
