"""Forms render in the GOV.UK Design System's markup: a label on every field,
hint and error message tied to the input, and an error summary at the top of
the form that links to each field in error (templates/forms/)."""

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"
