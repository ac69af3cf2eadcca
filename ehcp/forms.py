"""Forms: they read what people type; the rules of a return live in
services.return_problems, which the views apply through the services. The
returns and cases imports read each row with these forms too
(send_board.uploads.form_rows), so a cell and a typed value get the same
answer and the same message."""

from datetime import date
from functools import partial

from django import forms

from send_board.fields import ParsedField
from send_board.parsing import (
    ehcp_window,
    parse_bool,
    parse_count,
    parse_month,
    parse_optional_date,
    parse_percentage,
    parse_text,
)
from send_board.versioning import VersionField

from . import calculations, timeline
from .models import EXCEPTION_FIELDS, ClosedReason, Decision, ExceptionReason, MonthlyReturn, reference_validator

NOTES_MAX_LENGTH = 2000


class CountField(ParsedField):
    """A whole number ≥ 0, typed as text (GOV.UK: inputmode numeric, not type=number),
    read by the kernel's parser within a PositiveIntegerField's range."""

    def __init__(self, *, required=True, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}))
        super().__init__(parse=parse_count, required=required, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["class"] = "govuk-input--width-5"
        return attrs


class MonthField(ParsedField):
    def __init__(self, **kwargs):
        super().__init__(parse=parse_month, **kwargs)

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, date) else value


class MonthlyReturnForm(forms.Form):
    """One month's return. `month` is left out when editing (it is fixed)."""

    month = MonthField(
        label="Month",
        help_text="For example, 2024-03 or March 2024.",
        error_messages={"required": "Enter the month the return is for."},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    issued = CountField(
        label="EHC plans issued, excluding exceptions",
        help_text="New final plans issued in the month, not counting exception cases.",
        error_messages={"required": "Enter the number of plans issued, excluding exceptions (0 if none)."},
    )
    within_20_weeks = CountField(
        label="Of these, issued within 20 weeks",
        help_text="Final plan issued no more than 140 days after the request for assessment.",
        error_messages={"required": "Enter how many of those plans were issued within 20 weeks (0 if none)."},
    )
    open_assessments = CountField(
        label="Assessments open at the end of the month",
        required=False,
    )
    open_over_20_weeks = CountField(label="Of these, open for more than 20 weeks", required=False)
    notes = ParsedField(
        parse=partial(parse_text, max_length=NOTES_MAX_LENGTH, what="note"),
        label="Notes",
        required=False,
        help_text="Anything the board should know about this month's figures. No names of children or families.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTES_MAX_LENGTH,
    )

    version = VersionField()

    def __init__(self, *args, include_month=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not include_month:
            del self.fields["month"]
        for reason, field_name in EXCEPTION_FIELDS.items():
            self.fields[field_name] = CountField(label=reason.label, required=False)
        for name in timeline.RETURN_FIELDS:
            label = MonthlyReturn._meta.get_field(name).verbose_name
            self.fields[name] = CountField(label=label[0].upper() + label[1:], required=False)

    @property
    def exception_fields(self):
        return [self[name] for name in EXCEPTION_FIELDS.values()]

    @property
    def timeline_fields(self):
        return [self[name] for name in timeline.RETURN_FIELDS]

    @property
    def open_fields(self):
        return [self["open_assessments"], self["open_over_20_weeks"]]

    def values(self):
        """The figures for services.return_create/return_update."""
        data = self.cleaned_data
        values = {name: data.get(name) or 0 for name in EXCEPTION_FIELDS.values()}
        values.update(
            issued=data["issued"],
            within_20_weeks=data["within_20_weeks"],
            exceptions=None,
            open_assessments=data.get("open_assessments"),
            open_over_20_weeks=data.get("open_over_20_weeks"),
            notes=data.get("notes") or "",
        )
        values.update({name: data.get(name) for name in timeline.RETURN_FIELDS})
        return values

    @classmethod
    def initial_from(cls, monthly_return):
        initial = {
            name: getattr(monthly_return, name)
            for name in ("issued", "within_20_weeks", "open_assessments", "open_over_20_weeks", "notes")
        }
        for name in timeline.RETURN_FIELDS:
            initial[name] = getattr(monthly_return, name)
        for name in EXCEPTION_FIELDS.values():
            initial[name] = getattr(monthly_return, name)
        initial["version"] = monthly_return.version
        return initial


class ReturnRowForm(MonthlyReturnForm):
    """A row of a returns upload: the web form's fields and rules, and the
    total of exception plans, which a file may give beside the reasons."""

    exceptions = CountField(label="Exception plans issued", required=False)


CASE_ADVICE_COLUMNS = [f"{s}_advice_{e}" for s in calculations.ADVICE_SERVICES for e in ("requested", "received")]
CASE_DATE_COLUMNS = ["request_date", "decision_date", "final_date", "closed_date", "draft_date", *CASE_ADVICE_COLUMNS]
CASE_PARSERS = {
    "decision": timeline.choice_parser(Decision.choices, "decision"),
    "exception": parse_bool,
    "exception_reason": timeline.choice_parser(ExceptionReason.choices, "exception reason"),
    "closed_reason": timeline.choice_parser(ClosedReason.choices, "reason for closing"),
    **{column: timeline.PARSERS[column] for column in timeline.CASE_COLUMNS},
}


class CaseRowForm(forms.Form):
    """A row of a case records import (cases are entered by file only): each
    column read by the kernel's parsers, EHCP dates within the EHCP window
    (services.case_problems holds the rules between the columns).
    decision_to_assess_date may stand in for decision_date; both given must agree."""

    # The validator bounds its length (40), with its own message.
    reference = forms.CharField(
        validators=[reference_validator], error_messages={"required": reference_validator.message}
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        window = ehcp_window(today)

        def parse_case_date(value):
            return parse_optional_date(value, window)

        for column in [*CASE_DATE_COLUMNS, timeline.DECISION_DATE_ALIAS]:
            self.fields[column] = ParsedField(parse=parse_case_date, required=False)
        self.fields["request_date"].required = True
        self.fields["request_date"].error_messages["required"] = "Enter the date the request was received."
        for column, parse in CASE_PARSERS.items():
            self.fields[column] = ParsedField(parse=parse, blank=parse(""), required=False)

    def clean(self):
        data = super().clean()
        old, new = self.data.get("decision_date", ""), self.data.get(timeline.DECISION_DATE_ALIAS, "")
        if old and new and timeline.parse_or_none(old) != timeline.parse_or_none(new):
            self.add_error(timeline.DECISION_DATE_ALIAS, f"differs from decision_date ({old}): give the date once.")
        if not old and "decision_date" in data:
            data["decision_date"] = data.pop(timeline.DECISION_DATE_ALIAS, None)
        data.pop(timeline.DECISION_DATE_ALIAS, None)
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="A CSV or Excel (.xlsx) file with a header row, like the template.",
        error_messages={"required": "Choose a CSV or .xlsx file to upload."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class ReturnsUploadForm(UploadForm):
    submit = forms.BooleanField(
        label="Submit the returns for approval",
        required=False,
        initial=True,
        help_text="Leave unticked to save them as drafts you can check first.",
    )


class SendBackForm(forms.Form):
    note = forms.CharField(
        label="Why is the return being sent back?",
        help_text="The officer reads this, so say what needs checking or changing.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say why the return is sent back, so the officer knows what to change."},
    )


class TargetForm(forms.Form):
    year_start = forms.TypedChoiceField(label="Year", coerce=date.fromisoformat)
    target_pct = forms.CharField(
        label="Year-end target (%)",
        help_text="The share of new plans, excluding exceptions, to be issued within 20 weeks over the year.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={"required": "Enter the target as a percentage, for example 60."},
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year_start"].choices = [(start.isoformat(), label) for start, label in years]

    def clean_target_pct(self):
        try:
            return parse_percentage(self.cleaned_data["target_pct"], decimal_places=1)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
