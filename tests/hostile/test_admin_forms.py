"""Every admin form an editor reaches, fed the hostile corpus: no 5xx, nothing executable on any page,
nothing stored that should not be."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Listicle, Status
from newsroom import preview
from tests import factories
from tests.admin_forms import form_values

from .conftest import reader_pages
from .corpus import TEXT_IN_BULK, URLS, executable
from .endpoints import ADMIN_FORMS

pytestmark = pytest.mark.django_db


def change_url(form, obj):
    app, model = form.model.split(".")
    return reverse(f"admin:{app}_{model}_change", args=[obj.pk])


def post_change(client, form, obj, **changes):
    url = change_url(form, obj)
    page = client.get(url)
    assert page.status_code == 200
    data = form_values(page, f"{form.model.split('.')[1]}_form", **changes)
    return client.post(url, data)


def assert_pages_safe(client, site, extra=()):
    for path in [*reader_pages(site), *extra]:
        response = client.get(path)
        assert response.status_code < 500, path
        if response["Content-Type"].startswith("text/html"):
            found = executable(response.content.decode())
            assert not found, f"{path}: {found}"


PARTS_OF_THE_ARTICLE = {"articles.entry", "articles.entryscene"}
TEXT_CASES = [(form, name) for form in ADMIN_FORMS if form.text for name in TEXT_IN_BULK]


@pytest.mark.parametrize(("form", "payload"), TEXT_CASES, ids=[f"{f}-{p}" for f, p in TEXT_CASES])
def test_hostile_text_in_an_admin_form_is_refused_or_shown_as_text(editor_client, site, form, payload):
    obj = getattr(site, form.find)
    extra = [change_url(form, obj)]
    if form.model in PARTS_OF_THE_ARTICLE:
        # A live article's entries are saved into its draft; a draft article's are saved as they
        # are, and the staff preview shows them in the article's template.
        Listicle.objects.filter(pk=site.listicle.pk).update(status=Status.DRAFT)
        extra.append(reverse("admin:articles_listicle_preview", args=[site.listicle.pk]))
    value = TEXT_IN_BULK[payload]
    changes = {name: value[: obj._meta.get_field(name).max_length] for name in form.text}
    response = post_change(editor_client, form, obj, **changes)
    assert response.status_code < 500
    if payload in ("markup", "unicode-tricks"):
        assert response.status_code == 302, "text is text: the form saves it, the pages escape it"
    if payload == "nul":
        assert "errornote" in response.content.decode(), "a NUL is refused with the form's message"
    obj.refresh_from_db()
    for name in form.text:
        assert "\x00" not in str(getattr(obj, name)), f"{name} stored a NUL"
    assert_pages_safe(editor_client, site, extra=extra)


URL_CASES = [(form, name) for form in ADMIN_FORMS if form.urls for name in URLS]


@pytest.mark.parametrize(("form", "payload"), URL_CASES, ids=[f"{f}-{p}" for f, p in URL_CASES])
def test_a_hostile_address_in_an_admin_url_field_is_refused(editor_client, site, form, payload):
    obj = getattr(site, form.find)
    before = {name: getattr(obj, name) for name in form.urls}
    response = post_change(editor_client, form, obj, **dict.fromkeys(form.urls, URLS[payload]))
    assert response.status_code < 500
    obj.refresh_from_db()
    for name in form.urls:
        stored = getattr(obj, name)
        # Only a web address is ever stored; one with quotes in it is escaped where it is shown.
        assert stored == before[name] or stored.startswith("https://"), f"{name} stored {stored!r}"
        assert "\x00" not in stored
    if not payload.startswith("quote"):
        assert response.status_code == 200, "the form comes back with its error"
        assert "errornote" in response.content.decode()
    assert_pages_safe(editor_client, site)


@pytest.mark.parametrize("payload", ["markup", "unicode-tricks", "nul"])
def test_a_writer_s_hostile_draft_is_shown_as_text_in_the_preview(client, writer, payload):
    """A writer reaches their own draft's form; what they type reaches readers only through the preview."""
    draft = factories.ListicleFactory(title="Draft", slug="draft", author=writer.author)
    form = next(f for f in ADMIN_FORMS if f.model == "articles.listicle")
    client.force_login(writer)
    value = TEXT_IN_BULK[payload]
    changes = {name: value[: draft._meta.get_field(name).max_length] for name in form.text}
    response = post_change(client, form, draft, **changes)
    assert response.status_code == (200 if payload == "nul" else 302)
    draft.refresh_from_db()
    assert "\x00" not in draft.title + draft.intro
    token = preview.make_token(draft, by=writer)
    page = Client().get(f"/preview/{token}/")
    assert page.status_code == 200
    assert not executable(page.content.decode())


@pytest.mark.parametrize("payload", list(TEXT_IN_BULK))
def test_hostile_text_in_the_preview_beside_the_form_is_shown_as_text(editor_client, site, payload):
    """The unsaved form's preview renders what was typed the way the article page does, or refuses it."""
    form = next(f for f in ADMIN_FORMS if f.model == "articles.listicle")
    listicle = site.listicle
    url = reverse("admin:articles_listicle_change", args=[listicle.pk])
    value = TEXT_IN_BULK[payload]
    changes = {name: value[: listicle._meta.get_field(name).max_length] for name in form.text}
    data = form_values(editor_client.get(url), "listicle_form", **changes)

    response = editor_client.post(
        reverse("admin:articles_listicle_unsaved_preview", args=[listicle.pk]), data
    )

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert not executable(response.content.decode())
    else:
        assert response.json()["errors"]
    if payload == "nul":
        assert response.status_code == 400
