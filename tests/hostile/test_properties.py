"""Property-based tests: any JSON either imports or is refused naming a JSON path, writing nothing;
no Markdown ever renders to something a browser runs."""

import copy
import json
import re

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.markdown import render_markdown
from interchange.problems import InterchangeError
from newsroom.imports import import_listicle
from tests.interchange.test_interchange import counts, document

from .corpus import TEXT, executable

PROBLEM = re.compile(r"^(file|[A-Za-z_]\w*(\[\d+\]|\.\w+)*): \S")
DB_EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

KEYS = st.sampled_from(
    ["title", "slug", "entries", "drama", "cast", "status", "x", "quote_by", "scenes"]
) | st.text("abcxyz_", min_size=1, max_size=6)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(list(TEXT.values())[:-1])
    | st.sampled_from(["published", "draft", "2017-05-12T09:00:00+00:00", "javascript:alert(1)", ""])
)
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def paths(value, at=()):
    """Every place in a document a value sits, as a tuple of keys and indexes."""
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*at, index))


VALID_PATHS = list(paths(document()))


@st.composite
def damaged_documents(draw):
    """A valid file with one place replaced by any JSON, or removed."""
    data = copy.deepcopy(document())
    where = draw(st.sampled_from(VALID_PATHS[1:]))
    parent = data
    for part in where[:-1]:
        parent = parent[part]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[where[-1]]
    else:
        parent[where[-1]] = draw(ANY_JSON)
    return data


def imports_or_refuses_cleanly(data):
    before = counts()
    try:
        import_listicle(data)
    except InterchangeError as error:
        assert error.problems
        for problem in error.problems:
            assert PROBLEM.match(problem), problem
        assert counts() == before, "a refused file wrote something"


@pytest.mark.django_db
@DB_EXAMPLES
@given(ANY_JSON)
def test_any_json_imports_or_is_refused_naming_a_json_path(data):
    imports_or_refuses_cleanly(data)


@pytest.mark.django_db
@DB_EXAMPLES
@given(damaged_documents())
def test_a_damaged_valid_file_imports_or_is_refused_naming_a_json_path(data):
    imports_or_refuses_cleanly(data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe{not utf-8}",
        b'{"title": "x\x00"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"title": "' + b"A" * 2_000_000 + b'"}',
        b"",
        b'{"title": NaN, "slug": Infinity}',
        b'{"slug": "a", "slug": "b"}',
    ],
    ids=["invalid-utf8", "nul", "deep-nesting", "huge", "empty", "nan", "duplicate-keys"],
)
def test_a_hostile_file_is_refused_by_the_import_command_with_a_message(tmp_path, content):
    before = counts()
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command("import_listicle", str(path))
    assert "Nothing was imported" in str(refused.value)
    assert counts() == before


@pytest.mark.django_db
def test_hostile_markup_in_an_imported_file_renders_as_text(client):
    markup = "\n\n".join(value for value in TEXT.values() if "\x00" not in value and len(value) < 1000)
    data = document(intro=markup, outro=markup, status="published", publish_at="2017-05-12T09:00:00+00:00")
    data["entries"][0]["body"] = markup
    data["entries"][0]["scenes"][0]["caption"] = markup
    result = import_listicle(json.loads(json.dumps(data)), skip_checks=True)
    page = client.get(result.listicle.get_absolute_url())
    assert page.status_code == 200
    assert not executable(page.content.decode())


MARKDOWN_TOKENS = [
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:",
    "JAVASCRIPT:",
    "java\tscript:",
    "&#106;avascript:",
    "data:text/html,",
    "vbscript:",
    "[a](",
    "](",
    ")",
    "![",
    "<",
    ">",
    '"',
    "'",
    "`",
    "```\n",
    "\n\n",
    "    ",
    "> ",
    "* ",
    "1. ",
    "[1]: ",
    "[1]",
    "<a href=",
    "<svg onload=",
    " onclick=",
    "&lt;",
    "&#x3C;",
    "\\",
    "<http://x>",
    "<javascript:alert(1)>",
    "*",
    "_",
    "#",
    "\u202e",
    "\x00",
    "%0a",
    "<!--",
    "-->",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_TOKENS) | st.text(max_size=4), max_size=25).map("".join))
# A handler's text inside a link's address is escaped into the href's value: data, not a handler.
@example('[a](<img src=x onerror=alert(1)>"<javascript:alert(1)>')
def test_no_markdown_renders_a_script_a_handler_or_a_script_url(text):
    """Checked on the parsed HTML (tests/hostile/corpus.py), as a browser reads it: handler
    attributes, script, vbscript and data URLs, <script>, <object>, <embed>, <base>."""
    html = str(render_markdown(text))
    assert "<script" not in html.lower()
    assert not executable(html)
