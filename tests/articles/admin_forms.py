"""Reading an admin page's form the way a browser submits it, so tests post what an editor would."""

from html.parser import HTMLParser


class SubmittedValues(HTMLParser):
    """The (name, value) pairs a browser would submit for the form with the given id."""

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
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image", "reset"):
            if attrs.get("type") not in ("checkbox", "radio"):
                self.values.append((attrs["name"], attrs.get("value") or ""))
            elif "checked" in attrs:
                self.values.append((attrs["name"], attrs.get("value") or "on"))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.values.append((self.select, attrs.get("value", "")))

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            # Browsers drop the newline that follows <textarea>.
            self.values.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_values(response, form_id="listicle_form", **changes):
    """What submitting the form in `response` would post, with `changes` typed over it."""
    parser = SubmittedValues(form_id)
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    data.update({name: value if isinstance(value, list) else [value] for name, value in changes.items()})
    return data
