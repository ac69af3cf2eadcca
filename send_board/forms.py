"""Forms render in the GOV.UK Design System's markup: a label on every field,
hint and error message tied to the input, and an error summary at the top of
the form that links to each field in error (templates/forms/)."""

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
