from django import forms
from django.conf import settings

from .sen2 import DATASET_FILE


class Sen2UploadForm(forms.Form):
    file = forms.FileField(
        label="DfE's timeliness file",
        help_text=(
            f"{DATASET_FILE} from the “Education, health and care plans” release on explore-education-statistics, "
            "as DfE publishes it, or the release's “download all data” ZIP that holds it."
        ),
        error_messages={"required": f"Choose {DATASET_FILE} to import."},
    )
    published_on = forms.DateField(
        required=False,
        label="Date DfE published the release",
        help_text="For example 26 June 2025. Shown with the figures as their source.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the publication date as a date, for example 2025-06-26."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the largest accepted is "
                f"{settings.MAX_UPLOAD_BYTES / 1_048_576:.0f} MB. Upload {DATASET_FILE} on its own, not the whole ZIP."
            )
        return upload


class NeighboursForm(forms.Form):
    codes = forms.CharField(
        required=False,
        label="Statistical neighbour codes",
        help_text=(
            "Up to ten three-digit DfE local authority codes, separated by spaces or commas, for example 343 342 359. "
            "Leave empty to remove every neighbour."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class RankingYearForm(forms.Form):
    year = forms.TypedChoiceField(label="Calendar year", coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in reversed(years)]
