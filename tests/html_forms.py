"""Reading a page's forms as a browser would submit them, for tests that
open a form, change some fields and post it back."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    """The POST forms of a page, with the values a browser would send."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self._form[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button"):
                self._form[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self._form[name] = ""
        elif tag == "select" and name:
            self._select = name
            self._form.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self._form[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea:
                self._form[self._textarea] = self._form[self._textarea].lstrip("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def post_forms(response):
    """[{name: value}] of the page's POST forms, with the values a browser would send."""
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader.forms
