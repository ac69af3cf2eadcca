"""django-tables2 tables. Each gets its rows already fetched (a list or a
prepared queryset) and makes no query while rendering. HTML shows '–' for
no figure; CSV/XLSX exports carry an empty cell and the bare number."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from send_board.glossary import in_sentence

from . import calculations
from .models import FigureSource, ReturnStatus

NUMERIC = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
}
STATUS_TAGS = {
    ReturnStatus.DRAFT: "govuk-tag--grey",
    ReturnStatus.SUBMITTED: "govuk-tag--blue",
    ReturnStatus.APPROVED: "govuk-tag--green",
}


class NumberColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        super().__init__(*args, **kwargs)


class PercentColumn(NumberColumn):
    def render(self, value):
        return f"{value}%"

    def value(self, value):
        return value


class FlagColumn(tables.Column):
    """A yes or no shown as a tag, exported as a word: `yes` and `no` are each
    (tag text, tag colour, export word)."""

    def __init__(self, *args, yes, no, **kwargs):
        super().__init__(*args, **kwargs)
        self.yes, self.no = yes, no

    def render(self, value):
        text, colour, _word = self.yes if value else self.no
        return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)

    def value(self, value):
        return (self.yes if value else self.no)[2]


def approval_column():
    """A month's figure approved (its return approved) or awaiting approval."""
    return FlagColumn(
        verbose_name="Status",
        yes=("Approved", "green", "approved"),
        no=("Awaiting approval", "grey", "awaiting approval"),
    )


class MonthColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "govuk-table__cell ehcp-nowrap"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value:%b %Y}"

    def value(self, value):
        return f"{value:%Y-%m}"


class TimelinessTable(tables.Table):
    """Stored MonthlyFigures of one area and source."""

    month = MonthColumn(verbose_name="Month")
    issued = NumberColumn(verbose_name="Plans issued")
    within_20_weeks = NumberColumn(verbose_name="Within 20 weeks")
    pct = PercentColumn(verbose_name="% within 20 weeks")
    rolling_issued = NumberColumn(verbose_name="Rolling 12 months issued")
    rolling_within = NumberColumn(verbose_name="Rolling within 20 weeks")
    rolling_pct = PercentColumn(verbose_name="Rolling 12 months %")
    ytd_pct = PercentColumn(verbose_name="Year to date %")
    exceptions = NumberColumn(verbose_name="Exception plans")
    month_approved = approval_column()

    class Meta:
        attrs = {"id": "timeliness-table"}
        order_by = "-month"
        empty_text = "No figures yet."

    def __init__(self, *args, caption="", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption


class ReturnTable(tables.Table):
    month = tables.Column(verbose_name="Month")
    issued = NumberColumn(verbose_name="Plans issued")
    within_20_weeks = NumberColumn(verbose_name="Within 20 weeks")
    pct = PercentColumn(verbose_name="% within 20 weeks", accessor="pct", orderable=False)
    exceptions = NumberColumn(verbose_name="Exception plans")
    status = tables.Column(verbose_name="Status")
    updated_at = tables.DateTimeColumn(verbose_name="Last changed", format="j M Y, H:i")

    class Meta:
        attrs = {"id": "returns-table"}
        order_by = "-month"
        empty_text = "No returns have been entered yet."

    def __init__(self, *args, area_code, caption="", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption
        self.area_code = area_code

    def render_month(self, value, record):
        url = reverse("ehcp:return_detail", kwargs={"code": self.area_code, "pk": record.pk})
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, f"{value:%B %Y}")

    def render_status(self, value, record):
        return format_html(
            '<strong class="govuk-tag {}">{}</strong>', STATUS_TAGS[record.status], record.get_status_display()
        )


class CohortTable(tables.Table):
    request_month = MonthColumn(verbose_name="Requests received in")
    received = NumberColumn(verbose_name="Received")
    decided_within_6_weeks = NumberColumn(verbose_name="Decided within 6 weeks")
    plans_issued = NumberColumn(verbose_name="Plans issued")
    issued_within_20_weeks = NumberColumn(verbose_name="Issued within 20 weeks")
    on_time_pct = PercentColumn(verbose_name="% of plans on time", empty_values=(), orderable=False)
    closed_without_plan = NumberColumn(verbose_name="Closed without a plan")
    open = NumberColumn(verbose_name="Still open")
    open_beyond_20_weeks = NumberColumn(verbose_name="Open beyond 20 weeks")

    class Meta:
        attrs = {"id": "cohort-table"}
        order_by = "-request_month"
        empty_text = "No case records yet."

    def __init__(self, *args, caption="", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption

    def render_on_time_pct(self, record):
        pct = calculations.percent(record.issued_within_20_weeks, record.plans_issued)
        return "–" if pct is None else f"{pct}%"

    def value_on_time_pct(self, record):
        return calculations.percent(record.issued_within_20_weeks, record.plans_issued)


class ReconciliationTable(tables.Table):
    month = MonthColumn(verbose_name="Month")
    returns_issued = NumberColumn(verbose_name="Returns issued")
    returns_within = NumberColumn(verbose_name="Returns within")
    returns_pct = PercentColumn(verbose_name="Returns %")
    cases_issued = NumberColumn(verbose_name="Cases issued")
    cases_within = NumberColumn(verbose_name="Cases within")
    cases_pct = PercentColumn(verbose_name="Cases %")
    issued_difference = NumberColumn(verbose_name="Issued difference")
    within_difference = NumberColumn(verbose_name="Within difference")
    points_difference = NumberColumn(verbose_name="Points difference")
    agrees = FlagColumn(verbose_name="Agree?", yes=("Agree", "green", "yes"), no=("Differ", "orange", "no"))

    class Meta:
        attrs = {"id": "reconciliation-table"}
        order_by = "-month"
        empty_text = "No month has both a return and case records."

    def __init__(self, *args, caption="", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption

    def render_issued_difference(self, value):
        return f"{value:+d}" if value else "0"

    def render_within_difference(self, value):
        return f"{value:+d}" if value else "0"

    def render_points_difference(self, value):
        return f"{value:+}" if value else "0.0"

    def value_issued_difference(self, value):
        return value

    def value_within_difference(self, value):
        return value

    def value_points_difference(self, value):
        return value


class CaseRecordTable(tables.Table):
    reference = tables.Column(verbose_name="Reference")
    request_date = tables.DateColumn(verbose_name="Request received", format="j M Y")
    decision = tables.Column(verbose_name="Decision")
    final_date = tables.DateColumn(verbose_name="Final plan", format="j M Y")
    closed_date = tables.DateColumn(verbose_name="Closed without plan", format="j M Y")
    exception = tables.BooleanColumn(verbose_name="Exception", yesno="Yes,No")
    assessment_outcome = tables.Column(verbose_name="Outcome")
    last_review_meeting = tables.DateColumn(verbose_name="Last review meeting", format="j M Y")
    review_decision_date = tables.DateColumn(verbose_name="Review decision", format="j M Y")
    phase_transfer_year = tables.Column(verbose_name="Phase transfer")
    tribunal = tables.BooleanColumn(verbose_name="Appeal", yesno="Yes,No")

    class Meta:
        attrs = {"id": "case-table"}
        order_by = "-request_date"
        empty_text = "No case records have been imported."

    def __init__(self, *args, caption="", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption


class ValueColumn(NumberColumn):
    """A step's figure: a percentage, or weeks (the table's `unit`)."""

    def render(self, value, table):
        return f"{value}%" if table.unit == "percent" else f"{value} weeks"

    def value(self, value):
        return value


class StepTable(tables.Table):
    """One step's monthly series (selectors.step_series rows, with `month`)."""

    month = MonthColumn(verbose_name="Month")
    numerator = NumberColumn(verbose_name="On time")
    denominator = NumberColumn(verbose_name="All")
    pct = ValueColumn(verbose_name="Figure")
    rolling_numerator = NumberColumn(verbose_name="Rolling 12 months on time")
    rolling_denominator = NumberColumn(verbose_name="Rolling 12 months all")
    rolling_pct = ValueColumn(verbose_name="Rolling 12 months")
    ytd_pct = ValueColumn(verbose_name="Year to date")
    median_weeks = NumberColumn(verbose_name="Median weeks")
    approved = approval_column()

    class Meta:
        attrs = {"id": "step-table"}
        order_by = "-month"
        empty_text = "No figures yet."

    def __init__(self, *args, caption="", unit="percent", labels=("On time", "All"), source=None, **kwargs):
        # Median weeks only for time to issue; a status only for returns (case records have no approval).
        excluded = [] if unit == "weeks" else ["median_weeks"]
        if source != FigureSource.RETURNS:
            excluded.append("approved")
        super().__init__(*args, exclude=excluded, **kwargs)
        self.caption = caption
        self.unit = unit
        self.columns["numerator"].column.verbose_name = labels[0]
        self.columns["denominator"].column.verbose_name = labels[1]
        self.columns["rolling_numerator"].column.verbose_name = f"Rolling 12 months: {in_sentence(labels[0])}"
        self.columns["rolling_denominator"].column.verbose_name = f"Rolling 12 months: {in_sentence(labels[1])}"
