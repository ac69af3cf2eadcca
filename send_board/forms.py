"""Forms render in the GOV.UK Design System's markup: a label on every field,
hint and error message tied to the input, and an error summary at the top of
the form that links to each field in error (templates/forms/)."""

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


def add_validation_error(form, error):
    """Put a service's ValidationError on `form`: each field's messages on the
    field when the form has it, on the form as a whole otherwise."""
    if hasattr(error, "error_dict"):
        for field, problems in error.error_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error)


def form_status(*forms):
    """The status of a page showing `forms` (forms or formsets; None is
    skipped): 400 when any of them refused what was sent, else 200. The one
    rule every page with a form answers by."""
    for form in forms:
        if form is None or not form.is_bound:
            continue
        refused = form.total_error_count() if hasattr(form, "total_error_count") else form.errors
        if refused:
            return 400
    return 200


class HistoryFilterForm(forms.Form):
    """The filters of an area's history page: a date range, a person, a kind."""

    DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

    start = forms.DateField(
        label="From",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the first day as a real date, such as 2024-04-01 or 01/04/2024."},
    )
    end = forms.DateField(
        label="To",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the last day as a real date, such as 2024-04-30 or 30/04/2024."},
    )
    person = forms.TypedChoiceField(label="Who", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label="What", required=False)

    def __init__(self, *args, people, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Anyone"), *people, (0, "SEND Board (automatic)")]
        self.fields["kind"].choices = [("", "Everything"), *kinds]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day must be on or after the first day.")
        return data
