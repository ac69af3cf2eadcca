"""Forms of the improvement app. They turn text into values; the services
decide what may be saved (and their ValidationErrors come back onto the form).
A ServiceForm takes its fields and labels from its model, as a ModelForm would,
but is a plain Form: it never validates or changes the model instance, which
the service validates (constraints included) and saves."""

from functools import partial

from django import forms
from django.contrib.auth import get_user_model
from django.forms import formset_factory
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.models import fields_for_model, model_to_dict

from send_board.fields import ParsedField, TextField
from send_board.forms import add_validation_error
from send_board.parsing import field_limits, parse_count, parse_date, parse_month, plan_window
from send_board.versioning import VersionField

from .models import (
    Action,
    ActionLogItem,
    ActionStatus,
    ActionUpdate,
    AreaOfConcern,
    AreaReview,
    AreaStatus,
    DecisionOption,
    EvidenceItem,
    Meeting,
    MeetingBody,
    Plan,
    PlanKind,
    ReportingPeriod,
    Risk,
    SupportReceived,
    Workstream,
    action_code_validator,
)

LIKELIHOOD_CHOICES = [
    (1, "1 – rare"),
    (2, "2 – unlikely"),
    (3, "3 – possible"),
    (4, "4 – likely"),
    (5, "5 – almost certain"),
]
IMPACT_CHOICES = [
    (1, "1 – negligible"),
    (2, "2 – minor"),
    (3, "3 – moderate"),
    (4, "4 – major"),
    (5, "5 – severe"),
]


def _plan_date(text):
    return parse_date(text, plan_window())


def number_field(model, label):
    """A whole number within the model field's range, read as the actions
    import reads an area number (the same parser, so the same message)."""
    return ParsedField(
        parse=partial(parse_count, **field_limits(model, "number")),
        label=label,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )


def date_field(label, *, required=True, help_text="", error_messages=None):
    """A date read by the kernel's parser, within a plan's plausible window,
    as the actions import reads it."""
    return ParsedField(
        parse=_plan_date,
        label=label,
        required=required,
        error_messages=error_messages,
        help_text=help_text or "For example, 2022-06-30 or 30/06/2022.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def text_field(model, name, *, what, required=False, required_message=None):
    """Text within the model field's length, read by the kernel's parser (blank is '')."""
    return TextField(
        what=what,
        required=required,
        error_messages={"required": required_message} if required_message else None,
        **field_limits(model, name),
    )


def parse_status(text):
    """'beyond milestone', 'Beyond Milestone', 'BEYOND_MILESTONE' → 'beyond_milestone'."""
    key = " ".join(str(text).replace("_", " ").split()).lower()
    for value, label in ActionStatus.choices:
        if key in (label.lower(), value.replace("_", " ")):
            return value
    raise ValueError(
        f"'{text}' is not an action status: use one of {', '.join(label for _, label in ActionStatus.choices)}."
    )


def score_field(name, choices):
    return forms.TypedChoiceField(
        label=name.capitalize(),
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Choose the {name}, from 1 to 5.",
            "invalid_choice": f"The {name} is scored from 1 to 5.",
        },
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full = user.get_full_name()
        return f"{full} ({user.username})" if full else user.username


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        full = user.get_full_name()
        return f"{full} ({user.username})" if full else user.username


def people_of(area):
    return (
        get_user_model()
        .objects.filter(memberships__local_area=area, is_active=True)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


class ServiceFormMetaclass(DeclarativeFieldsMetaclass):
    """Fields from `Meta` (model, fields, widgets, labels, help_texts,
    error_messages, field_classes) in the order of `Meta.fields`, as
    ModelForm's metaclass makes them; declared fields replace or follow them."""

    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        meta = getattr(new_class, "Meta", None)
        if meta is not None:
            fields = fields_for_model(
                meta.model,
                fields=meta.fields,
                widgets=getattr(meta, "widgets", None),
                labels=getattr(meta, "labels", None),
                help_texts=getattr(meta, "help_texts", None),
                error_messages=getattr(meta, "error_messages", None),
                field_classes=getattr(meta, "field_classes", None),
            )
            fields.update(new_class.declared_fields)
            new_class.base_fields = fields
        return new_class


class ServiceForm(forms.Form, metaclass=ServiceFormMetaclass):
    """A form whose fields come from `Meta.model` and whose initial values
    come from `instance`, which it only reads: the service validates the whole
    object (constraints included, with its own messages) and saves it."""

    def __init__(self, *args, instance=None, initial=None, **kwargs):
        self.instance = instance if instance is not None else self.Meta.model()
        values = model_to_dict(self.instance, fields=self.Meta.fields)
        super().__init__(*args, initial={**values, **(initial or {})}, **kwargs)

    def service_values(self, *names):
        names = names or [n for n in self.fields if n in self.cleaned_data]
        return {name: self.cleaned_data[name] for name in names}

    def open_at_version(self):
        """The hidden version: the instance's, or 0 for a new one (send_board/versioning.py)."""
        self.initial.setdefault("version", self.instance.version if self.instance.pk else 0)

    def add_service_errors(self, error):
        """Put a service's ValidationError on the form (unknown fields go to the top)."""
        add_validation_error(self, error)


class PlanForm(ServiceForm):
    approved_on = date_field("Approval date", required=False)
    target_completion = date_field("Target completion date", required=False)

    class Meta:
        model = Plan
        fields = ["name", "slug", "kind", "description", "approved_on", "target_completion", "is_active"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["kind"].choices = PlanKind.choices
        self.fields["slug"].help_text = "Used in web addresses. Leave blank to make one from the name."

    def clean(self):
        data = super().clean()
        approved, target = data.get("approved_on"), data.get("target_completion")
        if approved and target and target < approved:
            self.add_error("target_completion", "The target completion date must be after the approval date.")
        return data


class WorkstreamForm(ServiceForm):
    class Meta:
        model = Workstream
        fields = ["name", "description", "lead_user", "lead_name", "members"]
        field_classes = {"lead_user": PersonChoiceField, "members": PeopleChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_user"].queryset = people_of(area)
        self.fields["members"].queryset = people_of(area)
        self.fields["members"].help_text = "Members may update the workstream's actions and risks."


class AreaForm(ServiceForm):
    number = number_field(AreaOfConcern, "Number")
    bau_date = date_field("Moved to business as usual on", required=False, help_text="Only when moved to BAU.")

    class Meta:
        model = AreaOfConcern
        fields = [
            "number",
            "title",
            "inspection_wording",
            "lead_user",
            "lead_name",
            "workstream",
            "status",
            "bau_date",
            "bau_agreed_by",
            "publishable",
            "public_summary",
        ]
        field_classes = {"lead_user": PersonChoiceField}
        widgets = {
            "status": forms.RadioSelect,
            "inspection_wording": forms.Textarea(attrs={"rows": 3}),
            "public_summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_user"].queryset = people_of(plan.local_area)
        self.fields["workstream"].queryset = Workstream.objects.filter(local_area=plan.local_area)
        self.fields["status"].choices = AreaStatus.choices


class ActionForm(ServiceForm):
    title = text_field(Action, "title", what="title", required=True, required_message="Enter the action's title.")
    milestone = date_field(
        "Milestone date", error_messages={"required": "Enter the milestone date, such as 2022-06-30 or 30/06/2022."}
    )
    version = VersionField()

    class Meta:
        model = Action
        fields = [
            "code",
            "title",
            "description",
            "area_of_concern",
            "workstream",
            "owner_user",
            "owner_name",
            "milestone",
            "status",
            "reason",
            "mitigation",
        ]
        field_classes = {"owner_user": PersonChoiceField}
        labels = {"area_of_concern": "Area of concern"}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "reason": "Required when the status is Delayed or Beyond Milestone.",
            "mitigation": "Required when the status is Delayed or Beyond Milestone.",
        }
        error_messages = {
            "code": {"required": "Enter the action's code, such as 1.1.a."},
        }

    CONFIRM = "confirm_milestone"

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.open_at_version()
        self.fields["area_of_concern"].queryset = plan.areas.order_by("number")
        self.fields["workstream"].queryset = Workstream.objects.filter(local_area=plan.local_area)
        self.fields["owner_user"].queryset = people_of(plan.local_area)
        if self.data.get(self.CONFIRM):
            self.ask_to_confirm_milestone()

    def ask_to_confirm_milestone(self):
        """Show the 'the milestone is right' checkbox (after the service's warning)."""
        if self.CONFIRM not in self.fields:
            self.fields[self.CONFIRM] = forms.BooleanField(
                label="The milestone date is right",
                required=False,
                help_text="Tick to save a milestone dated before the plan's approval.",
            )

    @property
    def milestone_confirmed(self):
        return bool(self.cleaned_data.get(self.CONFIRM))


class ActionRowForm(forms.Form):
    """A row of an actions import: the action's code, title and milestone
    read by ActionForm's own fields, its area of concern's number by
    AreaForm's, its status by label or value; the owner and workstream by
    name. The rules between fields are the service's (services.actions_import)."""

    area_number = AreaForm.base_fields["number"]
    area_title = text_field(
        AreaOfConcern, "title", what="area title", required=True, required_message="Enter the area of concern's title."
    )
    # The form field of Action.code, with the model's own validators: the web
    # form leaves those to action_save's full_clean, which has no row to name.
    code = Action._meta.get_field("code").formfield(
        validators=[action_code_validator],
        error_messages=ActionForm.base_fields["code"].error_messages,
    )
    title = ActionForm.base_fields["title"]
    owner = text_field(Action, "owner_name", what="owner")
    workstream = text_field(Workstream, "name", what="workstream")
    milestone = ActionForm.base_fields["milestone"]
    status = ParsedField(
        parse=parse_status,
        error_messages={
            "required": f"Enter the status: one of {', '.join(label for _, label in ActionStatus.choices)}."
        },
    )
    reason = forms.CharField(required=False)
    mitigation = forms.CharField(required=False)


class ActionUpdateForm(ServiceForm):
    period = forms.ModelChoiceField(
        queryset=ReportingPeriod.objects.none(),
        label="Reporting period",
        empty_label=None,
        error_messages={"invalid_choice": "Choose an open reporting period of this plan."},
    )
    version = VersionField()

    class Meta:
        model = ActionUpdate
        fields = [
            "period",
            "status",
            "progress",
            "evidence_of_impact",
            "next_steps",
            "reason",
            "mitigation",
            "risks_issues",
        ]
        widgets = {
            "status": forms.RadioSelect,
            "progress": forms.Textarea(attrs={"rows": 5}),
            "evidence_of_impact": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
            "risks_issues": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "progress": "What has been done this period.",
            "evidence_of_impact": "What has changed for children, young people and families, with figures.",
            "reason": "Required when the status is Delayed or Beyond Milestone.",
            "mitigation": "Required when the status is Delayed or Beyond Milestone.",
        }

    def __init__(self, *args, open_periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_at_version()
        self.fields["period"].queryset = ReportingPeriod.objects.filter(pk__in=[p.pk for p in open_periods])
        self.fields["status"].choices = ActionStatus.choices
        self.fields["status"].error_messages["required"] = "Choose the action's status."


class AreaReviewForm(ServiceForm):
    class Meta:
        model = AreaReview
        fields = ["evidence_of_impact", "key_next_steps"]
        widgets = {
            "evidence_of_impact": forms.Textarea(attrs={"rows": 5}),
            "key_next_steps": forms.Textarea(attrs={"rows": 6}),
        }


class SupportForm(ServiceForm):
    class Meta:
        model = SupportReceived
        fields = ["activity", "provider", "impact"]
        widgets = {"activity": forms.Textarea(attrs={"rows": 3}), "impact": forms.Textarea(attrs={"rows": 3})}


class PeriodForm(ServiceForm):
    month = forms.CharField(
        label="Month",
        help_text="The month the period reports on, e.g. 2024-11 or November 2024. One period per month.",
        max_length=20,
    )
    starts_on = date_field("Start date")
    ends_on = date_field("End date", help_text="Milestones on or before this date are due in the period.")

    class Meta:
        model = ReportingPeriod
        fields = ["month", "label", "kind", "starts_on", "ends_on"]
        widgets = {"kind": forms.RadioSelect}

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


# The risk's fields a person sets: the form's, and those services.risk_save
# writes and compares for a concurrent edit.
RISK_FIELDS = (
    "reference",
    "title",
    "description",
    "category",
    "owner_user",
    "owner_name",
    "workstream",
    "likelihood",
    "impact",
    "mitigation",
    "target_score",
    "status",
    "next_review_date",
)


class RiskForm(ServiceForm):
    likelihood = score_field("likelihood", LIKELIHOOD_CHOICES)
    impact = score_field("impact", IMPACT_CHOICES)
    next_review_date = date_field("Next review date", required=False)
    version = VersionField()

    class Meta:
        model = Risk
        fields = list(RISK_FIELDS)
        field_classes = {"owner_user": PersonChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_at_version()
        self.fields["reference"].required = False
        self.fields["reference"].help_text = "e.g. R7. Leave blank for the next number."
        self.fields["owner_user"].queryset = people_of(area)
        self.fields["workstream"].queryset = Workstream.objects.filter(local_area=area)
        self.fields["target_score"].error_messages["max_value"] = "The target score is at most 25 (5 × 5)."
        self.fields["target_score"].error_messages["min_value"] = "The target score is at least 1."


class RiskReviewForm(forms.Form):
    reviewed_on = date_field("Date of the review")
    likelihood = score_field("likelihood", LIKELIHOOD_CHOICES)
    impact = score_field("impact", IMPACT_CHOICES)
    notes = forms.CharField(label="Review notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    mitigation = forms.CharField(
        label="Mitigation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave blank to keep the current mitigation.",
    )
    next_review_date = date_field("Next review date", required=False)

    add_service_errors = ServiceForm.add_service_errors


class MeetingForm(ServiceForm):
    held_on = date_field("Date")

    class Meta:
        model = Meeting
        fields = ["body", "workstream", "title", "held_on", "attendees", "apologies", "observers", "notes"]
        widgets = {
            "body": forms.RadioSelect,
            "attendees": forms.Textarea(attrs={"rows": 6}),
            "apologies": forms.Textarea(attrs={"rows": 3}),
            "observers": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].queryset = Workstream.objects.filter(local_area=area)
        self.fields["body"].choices = MeetingBody.choices


class DecisionForm(forms.Form):
    title = forms.CharField(max_length=300, help_text="e.g. 'EHCP recovery options'.")
    summary = forms.CharField(label="What was considered", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    resolution = forms.CharField(
        label="What the board resolved", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()

    add_service_errors = ServiceForm.add_service_errors


class OptionForm(forms.Form):
    number = number_field(DecisionOption, "Option number")
    title = forms.CharField(max_length=300, label="Option")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    benefits = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    risks = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    adopted = forms.BooleanField(required=False, label="Adopted")
    reason = forms.CharField(
        required=False,
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why it was, or was not, adopted. Required when not adopted.",
    )


OptionFormSet = formset_factory(OptionForm, extra=2, min_num=1, validate_min=True)


class LogItemForm(ServiceForm):
    due = date_field("Due date", required=False)

    class Meta:
        model = ActionLogItem
        fields = ["item", "owner_user", "owner_name", "due", "status", "completed_at", "update"]
        field_classes = {"owner_user": PersonChoiceField}
        widgets = {
            "item": forms.Textarea(attrs={"rows": 2}),
            "status": forms.RadioSelect,
            "update": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = people_of(area)
        self.fields["completed_at"].queryset = Meeting.objects.filter(local_area=area)
        self.fields["completed_at"].help_text = "For a completed item: the meeting that heard it was done."


class EvidenceForm(ServiceForm):
    class Meta:
        model = EvidenceItem
        fields = ["title", "category", "status", "owner_user", "owner_name", "notes"]
        field_classes = {"owner_user": PersonChoiceField}
        widgets = {"status": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = people_of(area)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet of actions",
        help_text="CSV or .xlsx with the columns of the template. Nothing is saved unless every row is right.",
        error_messages={"required": "Choose a CSV or .xlsx file to upload."},
    )

    CONFIRM = "confirm_milestones"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data.get(self.CONFIRM):
            self.ask_to_confirm_milestones()

    def ask_to_confirm_milestones(self):
        if self.CONFIRM not in self.fields:
            self.fields[self.CONFIRM] = forms.BooleanField(
                label="These milestone dates are right",
                required=False,
                help_text="Tick, choose the file again and upload to save milestones dated before the plan's approval.",
            )

    @property
    def milestones_confirmed(self):
        return bool(self.cleaned_data.get(self.CONFIRM))
