"""Tables of the scorecard pages (django-tables2, GOV.UK template). They get
prepared rows (selectors.Row, values with their ratings) and make no queries
while rendering."""

import django_tables2 as tables
from django.utils.html import format_html

from send_board.templatetags.send_board import rag as rag_html

from . import calculations, periods

NUMERIC = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
}
NOWRAP = {"td": {"class": "govuk-table__cell app-nowrap"}}


def _link(url, text):
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


def _change(row):
    if not row.has_previous:
        return "–"
    direction = row.direction
    return (
        format_html('{}<br><span class="govuk-body-s">{}</span>', row.change_text, direction)
        if direction
        else row.change_text
    )


def _rag(row):
    if not row.is_rated:
        return "Being rated"
    if row.indicator.is_neutral:
        return rag_html("grey", "Context")
    return rag_html(row.rag)


class ScorecardTable(tables.Table):
    """A scorecard: an indicator per row with its latest value and stored rating."""

    indicator = tables.Column(accessor="indicator__name", verbose_name="Indicator")
    period = tables.Column(accessor="period_name", verbose_name="Period of the figure", attrs=NOWRAP)
    value = tables.Column(accessor="value_text", verbose_name="Figure", attrs=NUMERIC)
    target = tables.Column(accessor="target_text", verbose_name="Target", attrs=NUMERIC)
    rag = tables.Column(accessor="rag", verbose_name="Rating")
    change = tables.Column(accessor="change_text", verbose_name="Change from prior period")

    class Meta:
        orderable = False
        empty_text = "No indicators yet."

    def __init__(self, rows, *, caption, **kwargs):
        super().__init__(rows, **kwargs)
        self.caption = caption

    def render_indicator(self, record):
        return format_html(
            '{}<br><span class="govuk-body-s app-muted">{}</span>',
            _link(record.indicator.get_absolute_url(), record.indicator.name),
            record.indicator.code,
        )

    def render_period(self, record):
        return _period(record)

    def render_value(self, record):
        return _value(record)

    def render_rag(self, record):
        return _rag(record)

    def render_change(self, record):
        return _change(record)


def _period(record):
    if not record.period_name:
        return "No value yet"
    if record.not_updated:
        return format_html(
            '{}<br><strong class="govuk-tag govuk-tag--yellow perf-not-updated">Not updated</strong>',
            record.period_name,
        )
    return record.period_name


def _value(record):
    """The figure; a computed one says so, and is flagged when the figure
    entered for the same period differs by more than the tolerance."""
    if record.value is None:
        return record.value_text
    if record.differs:
        return format_html(
            '{}<br><span class="govuk-body-s"><strong class="govuk-tag govuk-tag--orange">Differs</strong> '
            "entered {}</span>",
            record.value_text,
            record.entered_text,
        )
    return record.value_text


class ServiceScorecardTable(ScorecardTable):
    """A service's scorecard adds the benchmarks and the owner."""

    england = tables.Column(accessor="england", verbose_name="England", empty_values=())
    owner = tables.Column(accessor="indicator__owner", verbose_name="Owner", default="–")

    class Meta(ScorecardTable.Meta):
        sequence = ("indicator", "period", "value", "target", "rag", "change", "england", "owner")

    def render_england(self, record):
        comparison = record.england
        if comparison is None:
            return "–"
        detail = f"{comparison['difference']} {comparison['word']}" if comparison["word"] else ""
        return format_html('{}<br><span class="govuk-body-s">{}</span>', comparison["value"], detail)

    def render_owner(self, value):
        return value.get_full_name() or value.username


class HealthWaitsTable(tables.Table):
    """One service of the health waiting-times block."""

    measure = tables.Column(accessor="indicator__measure_label", verbose_name="Measure")
    value = tables.Column(accessor="value_text", verbose_name="Latest", attrs=NUMERIC)
    change = tables.Column(accessor="change_text", verbose_name="Change")
    rag = tables.Column(accessor="rag", verbose_name="Rating")

    class Meta:
        orderable = False

    def __init__(self, rows, *, caption, **kwargs):
        super().__init__(rows, **kwargs)
        self.caption = caption

    def render_measure(self, record):
        return _link(record.indicator.get_absolute_url(), record.indicator.measure_label)

    def render_value(self, record):
        if not record.value:
            return "No value yet"
        period = periods.period_short_name(record.indicator.frequency, record.value.period)
        if record.not_updated:
            period = f"{period}, not updated"
        return format_html('{}<br><span class="govuk-body-s perf-muted">{}</span>', record.value_text, period)

    def render_change(self, record):
        return _change(record)

    def render_rag(self, record):
        return _rag(record)


class HistoryTable(tables.Table):
    """Every value of one indicator with its stored rating: the chart's data."""

    period = tables.Column(verbose_name="Period", attrs=NOWRAP)
    value = tables.Column(verbose_name="Value", attrs=NUMERIC)
    parts = tables.Column(verbose_name="Of", empty_values=(), attrs=NUMERIC)
    target = tables.Column(verbose_name="Target", empty_values=(), attrs=NUMERIC)
    rag = tables.Column(verbose_name="Rating", empty_values=())
    change = tables.Column(verbose_name="Change", empty_values=())
    england = tables.Column(verbose_name="England", empty_values=(), attrs=NUMERIC)
    region = tables.Column(verbose_name="Region", empty_values=(), attrs=NUMERIC)
    neighbours = tables.Column(verbose_name="Statistical neighbours", empty_values=(), attrs=NUMERIC)
    state = tables.Column(verbose_name="State")

    class Meta:
        orderable = False
        empty_text = "No values yet."

    def __init__(self, values, *, indicator, caption, links=False, **kwargs):
        super().__init__(values, **kwargs)
        self.indicator = indicator
        self.caption = caption
        self.links = links
        if not indicator.has_parts:
            self.columns.hide("parts")
        for series in calculations.SERIES_NAMES:
            if not any(getattr(v.rating_or_none, series, None) is not None for v in values):
                self.columns.hide(series)

    def _rating(self, record):
        return record.rating_or_none

    def render_period(self, record):
        name = periods.period_short_name(self.indicator.frequency, record.period)
        return _link(record.get_absolute_url(), name) if self.links else name

    def render_value(self, record):
        return calculations.format_value(record.value, self.indicator.unit)

    def render_parts(self, record):
        if record.numerator is None:
            return "–"
        return f"{record.numerator:,} of {record.denominator:,}"

    def render_target(self, record):
        rating = self._rating(record)
        return (
            calculations.format_value(rating.target, self.indicator.unit)
            if rating and rating.target is not None
            else "–"
        )

    def render_rag(self, record):
        rating = self._rating(record)
        return rag_html(rating.rag) if rating else "Being rated"

    def render_change(self, record):
        rating = self._rating(record)
        if rating is None or rating.previous_value is None:
            return "–"
        return f"{rating.change_text} {rating.direction}".strip()

    def _benchmark(self, record, series):
        rating = self._rating(record)
        value = getattr(rating, series, None) if rating else None
        return calculations.format_value(value, self.indicator.unit) if value is not None else "–"

    def render_england(self, record):
        return self._benchmark(record, "england")

    def render_region(self, record):
        return self._benchmark(record, "region")

    def render_neighbours(self, record):
        return self._benchmark(record, "neighbours")

    def render_state(self, record):
        return record.get_state_display()


class DataDueTable(tables.Table):
    indicator = tables.Column(accessor="indicator__name", verbose_name="Indicator")
    owner = tables.Column(accessor="indicator__owner", verbose_name="Owner", default="Nobody yet")
    period = tables.Column(accessor="period_name", verbose_name="Value owed for", attrs=NOWRAP)
    status = tables.Column(verbose_name="Status")
    action = tables.Column(verbose_name="Action", empty_values=())

    class Meta:
        orderable = False
        empty_text = "Nothing is owed: every value for this period is in."

    def __init__(self, items, *, caption, enter_url, **kwargs):
        super().__init__(items, **kwargs)
        self.caption = caption
        self.enter_url = enter_url  # callable(item) → url or None

    def render_indicator(self, record):
        return format_html(
            '{}<br><span class="govuk-body-s app-muted">{} · {}</span>',
            _link(record.indicator.get_absolute_url(), record.indicator.name),
            record.indicator.code,
            record.indicator.get_frequency_display(),
        )

    def render_owner(self, value):
        return value.get_full_name() or value.username

    def render_action(self, record):
        url = self.enter_url(record)
        if not url:
            return "–"
        verb = "Finish and submit" if record.value else "Enter value"
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> for {} {}</span></a>',
            url,
            verb,
            record.indicator.code,
            record.period_name,
        )


class IndicatorListTable(tables.Table):
    code = tables.Column(verbose_name="Code", attrs=NOWRAP)
    name = tables.Column(verbose_name="Indicator")
    service_area = tables.Column(verbose_name="Service area")
    unit = tables.Column(verbose_name="Unit")
    polarity = tables.Column(verbose_name="Better when")
    frequency = tables.Column(verbose_name="Frequency")
    owner = tables.Column(verbose_name="Owner", default="Nobody yet")
    publishable = tables.BooleanColumn(verbose_name="May be published", yesno="Yes,No")
    value_count = tables.Column(verbose_name="Values", attrs=NUMERIC)

    class Meta:
        orderable = False
        empty_text = "No indicators are defined yet."

    def __init__(self, indicators, **kwargs):
        super().__init__(indicators, **kwargs)
        self.caption = "Indicators"

    def render_name(self, record):
        return _link(record.get_absolute_url(), record.name)

    def render_polarity(self, record):
        return {"higher": "Higher", "lower": "Lower", "neutral": "Neither (context)"}[record.polarity]

    def render_owner(self, value):
        return value.get_full_name() or value.username
