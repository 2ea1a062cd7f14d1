"""The fields a browser would submit from an HTML form, for scripts and tests that drive the
admin over HTTP (bench/soak.py, tests/security/test_multiprocess.py)."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields a browser would submit from a page's form with the given id, as they are."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        # A name's value; a list for a multiple select, as urlencode(..., doseq=True) takes it.
        self.fields: dict[str, str | list[str]] = {}
        self.select = None
        self.multiple = False
        self.first_option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if not self.in_form or attrs.get("disabled") is not None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self.select = name
            self.multiple = "multiple" in attrs
            self.first_option = None
            if self.multiple:
                self.fields[name] = []
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attrs:
                if self.multiple:
                    self.fields[self.select].append(value)
                else:
                    self.fields[self.select] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select:
            # With no option selected a browser sends the first one (nothing for a multiple).
            if not self.multiple and self.select not in self.fields:
                self.fields[self.select] = self.first_option or ""
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_fields(html: str, form_id: str) -> dict[str, str | list[str]]:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields
