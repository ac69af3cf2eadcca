"""Form fields that read what people type with send_board.parsing, so a value
typed into a form and the same value in an uploaded spreadsheet get the same
answer and the same message."""

from functools import partial

from django import forms

from .parsing import parse_text


class ParsedField(forms.CharField):
    """Text read by `parse` (a send_board.parsing function, bounds bound in);
    blank is `blank` (None unless given). Its ValueError becomes the field's error."""

    def __init__(self, *, parse, blank=None, **kwargs):
        self.parse = parse
        self.blank = blank
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return self.blank
        try:
            return self.parse(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class TextField(ParsedField):
    """Text of at most `max_length` characters; longer text is refused with
    the parser's message ("The title is 10,000 characters long; the most is
    300. Shorten it."), the same in a form and an upload. Blank is ''."""

    def __init__(self, *, max_length, what, **kwargs):
        super().__init__(
            parse=partial(parse_text, max_length=max_length, what=what), blank="", max_length=max_length, **kwargs
        )
