"""Tables of the improvement app (django-tables2). They get prepared
querysets (select_related, annotations) and make no queries while rendering."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from send_board.templatetags.send_board import rag as rag_html

from . import calculations
from .models import Action, Risk


class ActionTable(tables.Table):
    code = tables.Column(order_by=("sort_key",), attrs={"td": {"class": "govuk-table__cell app-nowrap"}})
    title = tables.Column()
    area = tables.Column(
        accessor="area_of_concern__number", verbose_name="Area", order_by=("area_of_concern__number", "sort_key")
    )
    owner = tables.Column(accessor="owner", order_by=("owner_user__first_name", "owner_user__last_name", "owner_name"))
    workstream = tables.Column(accessor="workstream__name", order_by=("workstream__name",), default="–")
    milestone = tables.Column(attrs={"td": {"class": "govuk-table__cell app-nowrap"}})
    status = tables.Column(verbose_name="Status (BRAG)")
    last_update_month = tables.Column(verbose_name="Latest update", default="None yet")

    class Meta:
        model = Action
        fields = ()
        sequence = ("code", "title", "area", "owner", "workstream", "milestone", "status", "last_update_month")
        orderable = True
        empty_text = "No actions match."

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.caption = "Actions"

    def render_code(self, record):
        return format_html('<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), record.code)

    def render_milestone(self, record, value):
        text = f"{value.day} {value:%b %Y}"
        if calculations.is_past_milestone(status=record.status, milestone=value, on=self.today):
            return format_html('{} <strong class="govuk-tag govuk-tag--red app-tag-inline">Overdue</strong>', text)
        return text

    def render_status(self, record):
        return rag_html(record.brag, record.get_status_display())

    def render_last_update_month(self, value):
        return f"{value:%b %Y}"


class ActionExportTable(tables.Table):
    """The columns of export_actions, the same on the web and the command line."""

    plan = tables.Column(accessor="plan__name", verbose_name="plan")
    area_number = tables.Column(accessor="area_of_concern__number", verbose_name="area_number")
    code = tables.Column(verbose_name="code")
    title = tables.Column(verbose_name="title")
    owner = tables.Column(accessor="owner", verbose_name="owner", default="")
    workstream = tables.Column(accessor="workstream__name", verbose_name="workstream", default="")
    milestone = tables.Column(verbose_name="milestone")
    status = tables.Column(verbose_name="status")
    brag = tables.Column(accessor="brag", verbose_name="brag")

    class Meta:
        model = Action
        fields = ()
        sequence = ("plan", "area_number", "code", "title", "owner", "workstream", "milestone", "status", "brag")

    def value_milestone(self, value):
        return value.isoformat()

    def value_status(self, record):
        return record.get_status_display()


class RiskTable(tables.Table):
    reference = tables.Column(verbose_name="Ref")
    title = tables.Column()
    category = tables.Column(default="–")
    owner = tables.Column(accessor="owner", order_by=("owner_user__first_name", "owner_name"))
    likelihood = tables.Column(visible=False)
    impact = tables.Column(visible=False)
    score = tables.Column(verbose_name="Likelihood × impact", attrs={"td": {"class": "govuk-table__cell app-nowrap"}})
    band = tables.Column(accessor="band", order_by=("score",), verbose_name="Band")
    target_score = tables.Column(verbose_name="Target", default="–")
    next_review_date = tables.Column(verbose_name="Next review", default="Not set")
    status = tables.Column()

    class Meta:
        model = Risk
        fields = ()
        sequence = (
            "reference",
            "title",
            "category",
            "owner",
            "likelihood",
            "impact",
            "score",
            "band",
            "target_score",
            "next_review_date",
            "status",
        )
        orderable = True
        empty_text = "No risks recorded."

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.caption = "Risk register"

    def render_title(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("improvement:risk_detail", args=[record.local_area.code, record.pk]),
            record.title,
        )

    def value_title(self, record):
        return record.title

    def render_score(self, record):
        return f"{record.likelihood} × {record.impact} = {record.score}"

    def value_score(self, record):
        return record.score

    def render_band(self, record):
        if record.escalated:
            return format_html(
                '{}<br><span class="govuk-body-s">escalated to the board</span>', rag_html(record.rag, record.band)
            )
        return rag_html(record.rag, record.band)

    def value_band(self, record):
        return record.band

    def render_next_review_date(self, value):
        text = f"{value.day} {value:%b %Y}"
        if calculations.is_review_overdue(value, self.today):
            return format_html(
                '{} <strong class="govuk-tag govuk-tag--red app-tag-inline">Review overdue</strong>', text
            )
        return text

    def value_next_review_date(self, value):
        return value.isoformat() if value else ""
