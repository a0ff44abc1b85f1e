/* Pickers that know the drama: the autocomplete searches of characters and scenes forward the
 * drama chosen on the form (the entry's drama in its inline, or the page's drama), so they offer
 * only what belongs to it as soon as the drama is chosen. The server still checks every pick. */
(function () {
    "use strict";

    const $ = window.django && window.django.jQuery;
    if (!$ || !$.fn.select2) {
        return;
    }
    // Autocomplete fields (as Django names them) whose choices belong to one drama.
    const NARROWED = new Set(["quote_role", "featuring", "scene", "roles"]);

    function dramaOf(element) {
        const scope = element.closest(".inline-related");
        const inline = scope && scope.querySelector("select[name$='-drama']");
        const picker = inline || document.getElementById("id_drama");
        return picker && picker !== element ? picker.value : "";
    }

    $.fn.djangoAdminSelect2 = function () {
        $.each(this, function (index, element) {
            $(element).select2({
                ajax: {
                    data: (params) => {
                        const data = {
                            term: params.term,
                            page: params.page,
                            app_label: element.dataset.appLabel,
                            model_name: element.dataset.modelName,
                            field_name: element.dataset.fieldName,
                        };
                        const drama = NARROWED.has(element.dataset.fieldName) ? dramaOf(element) : "";
                        if (drama) {
                            data.drama = drama;
                        }
                        return data;
                    },
                },
            });
        });
        return this;
    };
}());
