from django import forms

from send_board.parsing import parse_month

from .models import ALL_SECTIONS, Section


class PackRequestForm(forms.Form):
    """Ask for a board pack: the as-at month, the meeting, the sections."""

    month = forms.CharField(
        label="Figures as at the end of",
        help_text="The month, such as 2020-11 or November 2020.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=None,
        required=False,
        empty_label="No particular meeting",
        help_text=(
            "The board meeting the pack is for. Its decisions and action log section shows the meeting before it."
        ),
    )
    sections = forms.MultipleChoiceField(
        label="Sections",
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave out any the board does not need; the choice is remembered for next time.",
        error_messages={
            "required": "Choose at least one section for the pack.",
            "invalid_choice": "Unknown section %(value)s. The sections are: " + ", ".join(ALL_SECTIONS) + ".",
        },
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
