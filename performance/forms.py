"""Forms of the scorecard pages. Numbers are typed as text and parsed with
send_board.parsing so that '3,492' and '45.0' both work; the rules about what
may be saved live in services (called by the views), whose ValidationErrors
land on these forms' fields."""

from functools import partial

from django import forms

from send_board.fields import ParsedField, TextField
from send_board.parsing import field_limits, parse_bool, parse_count, parse_decimal
from send_board.versioning import VersionField

from . import periods, services, sources
from .models import (
    BenchmarkSeries,
    Frequency,
    HealthService,
    IndicatorValue,
    Polarity,
    ServiceArea,
    Unit,
    code_validator,
)
from .services import MAX_DASHBOARD_KPIS, ValueInput

NUMBER_ATTRS = {"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}
WHOLE_ATTRS = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-10"}


class NumberField(ParsedField):
    """A decimal typed as text ('45.0', '3,492'); blank is None. Bounded as a
    value's database field is (every figure field here has the same digits)."""

    def __init__(self, *, whole=False, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs=WHOLE_ATTRS if whole else NUMBER_ATTRS))
        parse = parse_count if whole else parse_decimal
        limits = field_limits(IndicatorValue, "numerator" if whole else "value")
        super().__init__(parse=partial(parse, **limits), **kwargs)


class PeriodField(forms.CharField):
    """A period in the indicator's notation (2024-07, 2024-Q2, 2024-T1, 2024)."""

    def __init__(self, *, frequency, **kwargs):
        self.frequency = frequency
        kwargs.setdefault("help_text", f"Write {periods.NOTATION_HELP[frequency]}.")
        kwargs.setdefault("error_messages", {"required": f"Give the period as {periods.NOTATION_HELP[frequency]}."})
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in ("", None):
            return None
        try:
            return periods.parse_period(text, self.frequency)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class StartField(forms.CharField):
    """The date a target applies from, in any period notation or as a date."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "The first period it applies to: a month (2024-04), a term (2024-T3), a year (2024) or a date."
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in ("", None):
            return None
        try:
            return periods.parse_period_start(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class IndicatorForm(forms.Form):
    """Wirral's indicator definition template."""

    code = forms.CharField(max_length=20, help_text="Up to 20 capital letters or digits, such as EHCP20.")
    name = TextField(max_length=200, what="name", error_messages={"required": "Give the indicator's name."})
    description = forms.CharField(
        label="Description for the public",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it measures, in plain English, for parents and carers.",
    )
    service_area = forms.ChoiceField(choices=ServiceArea.choices, widget=forms.RadioSelect)
    health_service = forms.ChoiceField(
        label="Health service (for the health waiting-times block)",
        choices=[("", "Not a health waiting-time measure"), *HealthService.choices],
        required=False,
    )
    owner = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Nobody yet", help_text="The officer who supplies its values."
    )
    source_system = TextField(
        max_length=120, what="source system", required=False, help_text="Where the data is recorded."
    )
    numerator_definition = forms.CharField(
        label="How the numerator is counted", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    denominator_definition = forms.CharField(
        label="How the denominator is counted", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    unit = forms.ChoiceField(choices=Unit.choices, widget=forms.RadioSelect)
    polarity = forms.ChoiceField(choices=Polarity.choices, widget=forms.RadioSelect)
    frequency = forms.ChoiceField(choices=Frequency.choices, widget=forms.RadioSelect)
    publishable = forms.BooleanField(label="May be published", required=False)
    computed_source = forms.ChoiceField(
        label="Where its values come from",
        choices=(),
        required=False,
        widget=forms.RadioSelect,
        help_text="A computed indicator is filled by SEND Board from its source; nobody types its values.",
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["computed_source"].choices = sources.choices()
        self.fields["computed_source"].initial = ""


class IndicatorCreateForm(IndicatorForm):
    target = NumberField(help_text="In the indicator's unit. Leave blank for a neutral (context) indicator.")
    target_from = StartField(label="Target applies from", required=False)
    tolerance = NumberField(help_text="How far short of the target is still amber (points for a percentage).")

    def clean(self):
        """The first target's rules (services.target_problems, which
        indicator_create applies too), once its three fields could be read."""
        data = super().clean()
        if {"target", "target_from", "tolerance"} & self.errors.keys():
            return data
        problems = services.target_problems(
            polarity=data.get("polarity"),
            unit=data.get("unit"),
            target=data.get("target"),
            target_from=data.get("target_from"),
            tolerance=data.get("tolerance"),
            source=sources.get(data.get("computed_source") or ""),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data


def choice(text, choices_class, column):
    """A TextChoices value from its value or label, in any letter case."""
    wanted = " ".join(str(text).strip().lower().replace("_", " ").replace("-", " ").split())
    for value, label in choices_class.choices:
        if wanted in {value.replace("-", " "), label.lower()}:
            return value
    allowed = ", ".join(v for v in choices_class.values if v)
    raise ValueError(f"'{text}' is not a known {column.replace('_', ' ')}: use one of {allowed}.")


def _indicator_code(text):
    code = text.upper()
    try:
        code_validator(code)
    except forms.ValidationError as error:
        raise ValueError(error.messages[0]) from None
    return code


def _choice_field(choices_class, column, *, required=True):
    return ParsedField(parse=partial(choice, choices_class=choices_class, column=column), blank="", required=required)


class IndicatorRowForm(IndicatorCreateForm):
    """A row of an indicators upload: the web form's fields and rules, read
    as a spreadsheet is written: choices by value or label in any letter
    case, yes/no, the owner by username, the computed source by name. The
    computed source's shape is checked here (the web form offers only sources,
    and indicator_create checks their shape)."""

    code = ParsedField(parse=_indicator_code, error_messages={"required": code_validator.message})
    description = forms.CharField(required=False)
    service_area = _choice_field(ServiceArea, "service_area")
    health_service = _choice_field(HealthService, "health_service", required=False)
    unit = _choice_field(Unit, "unit")
    polarity = _choice_field(Polarity, "polarity")
    frequency = _choice_field(Frequency, "frequency")
    publishable = ParsedField(parse=parse_bool, blank=False, required=False)
    computed_source = forms.CharField(required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, members=None, **kwargs)
        self.fields["owner"] = ParsedField(parse=partial(self.owner_of, owners), required=False)

    @staticmethod
    def owner_of(owners, username):
        try:
            return owners[username.lower()]
        except KeyError:
            raise ValueError(f"No user '{username}' has a role in this area.") from None

    def clean(self):
        data = super().clean()
        if {"unit", "frequency", "polarity", "computed_source"} & self.errors.keys():
            return data
        problems = services.source_shape_problems(
            computed_source=data["computed_source"],
            unit=data["unit"],
            frequency=data["frequency"],
            polarity=data["polarity"],
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data


class IndicatorEditForm(IndicatorForm):
    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        if indicator.values.exists():
            for name in ("unit", "frequency"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Fixed: the indicator has values in these terms."


def indicator_initial(indicator):
    return {
        name: getattr(indicator, name)
        for name in IndicatorForm.base_fields
        if name != "owner" and hasattr(indicator, name)
    } | {"owner": indicator.owner_id}


class TargetForm(forms.Form):
    applies_from = StartField(
        label="Applies from", error_messages={"required": "A target needs the date it applies from."}
    )
    value = NumberField(label="Target", required=True, error_messages={"required": "Enter the target."})
    tolerance = NumberField(help_text="How far short of the target is still amber, in the indicator's unit.")

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].help_text = f"In {indicator.get_unit_display().lower()}."


class BenchmarkForm(forms.Form):
    series = forms.ChoiceField(choices=BenchmarkSeries.choices, widget=forms.RadioSelect, label="Benchmark")
    period = forms.CharField()
    value = NumberField(required=True, error_messages={"required": "Enter the benchmark's value."})
    source = forms.CharField(max_length=200, required=False, help_text="For example: DfE SEN2 2025.")

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"] = PeriodField(frequency=indicator.frequency)


class ValueForm(forms.Form):
    """A value for one period. The numerator and denominator show only for
    percentages and rates; the value may be left blank when they are given."""

    period = forms.CharField()
    value = NumberField()
    numerator = NumberField(whole=True)
    denominator = NumberField(whole=True)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="Anything a reader should know."
    )
    version = VersionField()

    def __init__(self, *args, indicator, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["period"] = PeriodField(frequency=indicator.frequency, disabled=editing)
        unit = indicator.get_unit_display().lower()
        if indicator.has_parts:
            self.fields[
                "value"
            ].help_text = (
                f"{indicator.get_unit_display()}. Leave blank to have it worked out from the numerator and denominator."
            )
            self.fields["numerator"].help_text = indicator.numerator_definition or "The count that meets the measure."
            self.fields["denominator"].help_text = indicator.denominator_definition or "The count it is out of."
        else:
            self.fields["value"].help_text = f"In {unit}."
            del self.fields["numerator"]
            del self.fields["denominator"]

    def entry(self):
        return self.entry_of(self.cleaned_data)

    @staticmethod
    def entry_of(data):
        return ValueInput(
            period=data["period"],
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            note=data.get("note", "").strip(),
        )


class ValueRowForm(ValueForm):
    """A row of a values upload: the web form's fields for the row's
    indicator, with the numerator and denominator always read (a value
    without parts that gives them is refused by services.value_problems)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.setdefault("numerator", NumberField(whole=True))
        self.fields.setdefault("denominator", NumberField(whole=True))


class ReopenForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Kept in the change history.")


class CommentaryForm(forms.Form):
    period = forms.CharField()
    text = forms.CharField(
        label="Commentary",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the figure shows, why, and what is being done.",
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"] = PeriodField(frequency=indicator.frequency)


class DeepDiveRequestForm(forms.Form):
    reason = forms.CharField(
        label="What the board wants to understand",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class DeepDiveClearForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="For example: heard at the December board.",
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="CSV or Excel (.xlsx) file")


class ValuesUploadForm(UploadForm):
    approve = forms.BooleanField(
        label="Approve these values now", required=False, help_text="Otherwise they are saved as submitted."
    )

    def __init__(self, *args, can_approve, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_approve:
            del self.fields["approve"]


class DashboardForm(forms.Form):
    """One optional position per indicator: blank leaves it off the dashboard."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {}
        for indicator, position in choices:
            name = f"position_{indicator.pk}"
            self.indicators[name] = indicator
            self.fields[name] = forms.IntegerField(
                label=f"{indicator.code} {indicator.name}",
                required=False,
                min_value=1,
                max_value=99,
                initial=position,
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
            )

    def clean(self):
        chosen = [(v, name) for name, v in self.cleaned_data.items() if name.startswith("position_") and v]
        positions = [v for v, _ in chosen]
        if len(set(positions)) != len(positions):
            raise forms.ValidationError("Two indicators have the same position: give each its own number.")
        if len(chosen) > MAX_DASHBOARD_KPIS:
            raise forms.ValidationError(f"Choose at most {MAX_DASHBOARD_KPIS} KPIs.")
        self.cleaned_data["ordered_ids"] = [self.indicators[name].pk for _v, name in sorted(chosen)]
        return self.cleaned_data


class DisclosureForm(forms.Form):
    """A performance lead's decision that an indicator's small numbers identify nobody."""

    not_disclosive = forms.BooleanField(
        label="Publish this indicator without small-number suppression",
        required=False,
        help_text="Only for figures that cannot identify a child, such as a timeliness rate DfE itself "
        "publishes unsuppressed.",
    )
    reason = forms.CharField(
        label="Why its small numbers identify nobody",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept in the indicator's history and shown on the area's public page.",
    )


class MonthForm(forms.Form):
    """The reporting month of a page (GET)."""

    month = forms.CharField(
        label="Month",
        required=False,
        help_text="Such as 2024-07.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        try:
            return periods.parse_period(text, periods.MONTHLY)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class ActionLinkForm(forms.Form):
    actions = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Improvement actions that aim to move this indicator",
    )

    def __init__(self, *args, actions, linked, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda a: f"{a.plan.name} {a.code}: {a.title}"
        self.fields["actions"].initial = [a.pk for a in linked]
