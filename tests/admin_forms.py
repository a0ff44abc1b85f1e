"""Reading an admin page's form the way a browser submits it, so tests post what an editor would."""

from html.parser import HTMLParser

SKIPPED_INPUTS = ("submit", "button", "reset", "image", "file")


class SubmittedValues(HTMLParser):
    """The (name, value) pairs a browser would submit for the form with the given id.

    Buttons are left out (a test names the one it presses), and so are file inputs: an upload is
    passed as a change.
    """

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, []
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option") or "disabled" in attrs:
            return
        if tag == "input" and attrs.get("type") not in SKIPPED_INPUTS:
            if attrs.get("type") not in ("checkbox", "radio"):
                self.values.append((attrs["name"], attrs.get("value") or ""))
            elif "checked" in attrs:
                self.values.append((attrs["name"], attrs.get("value", "on") or ""))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.values.append((self.select, attrs.get("value") or ""))

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            self.values.append((name, text.removeprefix("\n")))  # browsers drop the newline after <textarea>
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_values(response, form_id="listicle_form", **changes):
    """What submitting the form in `response` would post, as a dict of lists, with `changes` typed over it.

    A change is a value, an uploaded file or a list of them; a name may be spelt with `__` for `-`
    (`entries__0__quote` for `entries-0-quote`). Left out: the CSRF token (the test client does not
    check it) and the formsets' empty template rows (`__prefix__`), which Django ignores.
    """
    parser = SubmittedValues(form_id)
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.values:
        if "__prefix__" not in name and name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name.replace("__", "-")] = value if isinstance(value, list) else [value]
    return data
