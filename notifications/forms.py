from django import forms

from . import calculations
from .models import USER_KINDS, Delivery, Kind

OFF = "off"


class PreferencesForm(forms.Form):
    """One choice per kind: off, as it happens, or in the weekly digest."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        options = [
            (Delivery.IMMEDIATE, Delivery.IMMEDIATE.label),
            (Delivery.DIGEST, Delivery.DIGEST.label),
            (OFF, "Off"),
        ]
        for kind, help_text in USER_KINDS.items():
            choice = choices[kind]
            self.fields[kind] = forms.ChoiceField(
                label=Kind(kind).label,
                choices=options,
                widget=forms.RadioSelect,
                help_text=help_text,
                initial=choice.delivery if choice.enabled else OFF,
            )

    def chosen(self):
        """{kind: (enabled, delivery)}"""
        out = {}
        for kind in USER_KINDS:
            value = self.cleaned_data[kind]
            out[kind] = (value != OFF, Delivery.IMMEDIATE if value == OFF else value)
        return out


class CalendarForm(forms.Form):
    due_working_day = forms.IntegerField(
        label="Returns are due on working day",
        help_text="Working days after the month ends, from 1 to 20. Weekends and England's bank holidays do not count.",
        error_messages={"required": "Enter the working day returns are due, from 1 to 20."},
    )
    notice_working_days = forms.IntegerField(
        label="Remind people this many working days before",
        help_text="From 0 (on the day) to 20.",
        min_value=0,
        max_value=20,
        error_messages={"required": "Enter how many working days' notice to give, from 0 to 20."},
    )
    pack_working_days = forms.IntegerField(
        label="The board pack goes out this many working days before the meeting",
        help_text="Owners are asked for exception commentary before then. From 0 to 20.",
        min_value=0,
        max_value=20,
        error_messages={"required": "Enter how many working days before the meeting the pack goes out, from 0 to 20."},
    )

    def clean_due_working_day(self):
        day = self.cleaned_data["due_working_day"]
        if not calculations.DUE_DAY_MIN <= day <= calculations.DUE_DAY_MAX:
            raise forms.ValidationError("The due day must be a working day from 1 to 20 after the month ends.")
        return day


class IndicatorDueDayForm(forms.Form):
    indicator = forms.CharField(widget=forms.HiddenInput)
    due_working_day = forms.IntegerField(
        label="Due on working day",
        required=False,
        help_text="Leave empty to use the area's due day.",
    )

    def clean_due_working_day(self):
        day = self.cleaned_data["due_working_day"]
        if day is not None and not calculations.DUE_DAY_MIN <= day <= calculations.DUE_DAY_MAX:
            raise forms.ValidationError("The due day must be a working day from 1 to 20 after the month ends.")
        return day


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
