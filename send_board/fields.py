"""Form fields that read what people type with send_board.parsing, so a value
typed into a form and the same value in an uploaded spreadsheet get the same
answer and the same message."""

from django import forms


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
