"""Forms of the publishing pages. Each renders in GOV.UK markup with {{ form }}."""

from datetime import date

from django import forms

from .calculations import period_label

MONTHS_OFFERED = 24


def month_choices(today, published=()):
    """The last MONTHS_OFFERED months and any older month already published
    (so that it can be corrected), newest first: [('2025-01', 'January 2025'), …]."""
    index = today.year * 12 + today.month - 1
    months = {date(i // 12, i % 12 + 1, 1) for i in range(index, index - MONTHS_OFFERED, -1)}
    months |= {month for month in published if month <= today}
    return [(m.isoformat()[:7], period_label(m.isoformat()[:7])) for m in sorted(months, reverse=True)]


class MonthForm(forms.Form):
    month = forms.ChoiceField(
        label="Month",
        help_text="The scorecard shows each indicator's latest approved figure as at the end of this month.",
        error_messages={
            "required": "Choose the month to publish.",
            "invalid_choice": "Choose one of the months listed.",
        },
    )

    def __init__(self, *args, today, published=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(today, published)

    def clean_month(self):
        return date.fromisoformat(self.cleaned_data["month"] + "-01")


class PublishForm(MonthForm):
    correction_note = forms.CharField(
        label="What changed",
        help_text="This month has been published already. Say what this correction changes: it is shown on both "
        "scorecards, the old one and the new one.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, needs_note, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].widget = forms.HiddenInput()
        if needs_note:
            self.fields["correction_note"].required = True
            self.fields["correction_note"].error_messages["required"] = (
                "Say what changed: a month already published can only be published again as a correction."
            )
        else:
            del self.fields["correction_note"]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is it withdrawn?",
        help_text="Shown on the scorecard's public page in place of its figures, and kept on record.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter why the scorecard is withdrawn."},
    )
