"""The toolbar above each Markdown field: bold, italic, link and quote by button or shortcut, on the
listicle's own fields, its entries and rows added with "Add another", and what it writes is what the
article renderer turns into bold, italic, links and quotes."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.markdown import render_markdown
from tests import factories

from .admin_session import sign_in
from .test_comments import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editing(page, live_server):
    editor = factories.UserFactory(username="editor", is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    listicle = factories.ListicleFactory(title="Three confessions", intro="")
    factories.full_entry(listicle)
    sign_in(page, live_server, "editor", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/listicle/{listicle.pk}/change/")
    return page


def select(page, selector, start, end):
    page.eval_on_selector(
        selector, f"(field) => {{ field.focus(); field.setSelectionRange({start}, {end}); }}"
    )


def test_shortcuts_and_buttons_write_markdown_the_renderer_understands(editing):
    page = editing
    body = "#id_entries-0-body"
    page.fill(body, "He said it in the rain")
    select(page, body, 8, 10)  # "it"
    page.keyboard.press("Control+b")
    select(page, body, 0, 2)  # "He"
    page.keyboard.press("Control+i")
    page.keyboard.press("End")
    page.keyboard.type(" ")
    page.locator(".field-body .markdown-link").first.click()
    page.keyboard.type("https://example.com/rain")

    written = page.input_value(body)
    assert written == "*He* said **it** in the rain [link text](https://example.com/rain)"
    html = str(render_markdown(written))
    assert "<em>He</em>" in html and "<strong>it</strong>" in html
    assert '<a href="https://example.com/rain"' in html


def test_every_markdown_field_shows_its_toolbar_when_the_page_opens(editing):
    expect(editing.locator(".field-intro .markdown-toolbar")).to_have_count(1)
    expect(editing.locator(".field-outro .markdown-toolbar")).to_have_count(1)
    expect(editing.locator("#entries-0 .field-body .markdown-toolbar")).to_have_count(1)
    expect(editing.locator(".field-dek .markdown-toolbar")).to_have_count(0)
    editing.locator("#entries-0 .field-body .markdown-help summary").click()
    editing.locator("#entries-0 .field-body").scroll_into_view_if_needed()
    screenshot(editing, "markdown-toolbar")


def test_quote_marks_every_chosen_line_and_undo_takes_it_back(editing):
    page = editing
    page.fill("#id_intro", "First line\nSecond line")
    select(page, "#id_intro", 0, 22)
    page.locator(".field-intro .markdown-quote").click()

    assert page.input_value("#id_intro") == "> First line\n> Second line"
    assert "<blockquote>" in str(render_markdown(page.input_value("#id_intro")))
    page.keyboard.press("Control+z")
    assert page.input_value("#id_intro") == "First line\nSecond line"


def test_a_new_entrys_body_gets_its_toolbar_and_the_cheat_sheet_opens(editing):
    page = editing
    page.locator("#entries-group .add-row a").click()
    new_body = page.locator("#id_entries-1-body")
    new_body.focus()

    toolbar = page.locator("#entries-1 .markdown-toolbar")
    expect(toolbar).to_have_count(1)
    toolbar.get_by_text("Markdown help").click()
    expect(toolbar.locator(".markdown-help dl")).to_contain_text("**bold**")
    assert (
        page.locator("[name='entries-__prefix__-body']").evaluate("(field) => field.dataset.markdownReady")
        is None
    )
