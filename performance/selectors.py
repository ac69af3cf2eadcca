"""Reads of the scorecard. Pages read stored ratings through these and never
compute a rating on a request; each makes a fixed number of queries whatever
the number of values (the latest value of each indicator is found by a
correlated subquery on the (indicator, period) index)."""

from collections import OrderedDict, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TypedDict, overload

from django.contrib.auth.models import User
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from send_board.models import LocalArea

from . import calculations, periods
from .models import (
    Benchmark,
    Commentary,
    DashboardItem,
    DeepDiveRequest,
    EnteredValue,
    HealthService,
    Indicator,
    IndicatorEvent,
    IndicatorQuerySet,
    IndicatorValue,
    Rating,
    ReportingMonth,
    ServiceArea,
    Target,
    ValueState,
)


def expected_periods(frequency: str, month: date) -> set[date]:
    """The periods whose value a scorecard of `month` shows as current: the
    period of `frequency` containing the month, and the latest one ended by
    the month's end (the one now owed: on a December scorecard a quarterly
    indicator's Q4, on a November one its Q3)."""
    return {
        periods.period_containing(frequency, month),
        periods.latest_ended_period(frequency, periods.month_end(month)),
    }


@dataclass
class Row:
    """One indicator's line on a scorecard of `month`: its value for the
    month (or the period of its frequency containing it), else its latest
    earlier value, marked not updated; with its stored rating (the RAG
    against the target in force for the value's own period)."""

    indicator: Indicator
    value: IndicatorValue | None
    rating: Rating | None
    approved_only: bool = False
    commentary: Commentary | None = None
    deep_dive: DeepDiveRequest | None = None
    month: date | None = None
    entered: EnteredValue | None = None

    @property
    def is_current(self) -> bool:
        """True when the value is of the period the month asks for (always, without a month)."""
        if self.value is None:
            return False
        return self.month is None or self.value.period in expected_periods(self.indicator.frequency, self.month)

    @property
    def not_updated(self) -> bool:
        """A value of an earlier period, shown only with its period and this marker."""
        return self.value is not None and not self.is_current

    @property
    def source_text(self) -> str:
        """'computed from case records' for a computed indicator, else ''."""
        source = self.indicator.source
        if source is None:
            return ""
        return source.describe(self.indicator.area if source.origin_of else None)  # the area only where it matters

    @property
    def entered_difference(self) -> Decimal | None:
        """The computed value − the value entered for the same period, or None."""
        if self.entered is None or self.value is None:
            return None
        return self.value.value - self.entered.value

    @property
    def differs(self) -> bool:
        """True when the entered figure differs from the computed one by more
        than the indicator's tolerance (any difference without one)."""
        difference = self.entered_difference
        if difference is None:
            return False
        tolerance = self.rating.tolerance if self.rating and self.rating.tolerance is not None else 0
        return abs(difference) > tolerance

    @property
    def entered_text(self) -> str:
        return calculations.format_value(self.entered.value, self.indicator.unit) if self.entered else ""

    @property
    def rag(self) -> str:
        return self.rating.rag if self.rating else calculations.GREY

    @property
    def is_rated(self) -> bool:
        """False while the value's rating is still being computed."""
        return self.value is None or self.rating is not None

    @property
    def value_text(self) -> str:
        return calculations.format_value(self.value.value if self.value else None, self.indicator.unit)

    @property
    def period_name(self) -> str:
        return self.value.period_name if self.value else ""

    @property
    def period_code(self) -> str:
        return self.value.period_code if self.value else ""

    @property
    def target_text(self) -> str:
        if self.rating is None or self.rating.target is None:
            return "–"
        return calculations.format_value(self.rating.target, self.indicator.unit)

    @property
    def has_previous(self) -> bool:
        if self.rating is None or self.rating.previous_value is None:
            return False
        return self.rating.previous_approved or not self.approved_only

    @property
    def previous_text(self) -> str:
        if self.rating is None or not self.has_previous:
            return "–"
        return calculations.format_value(self.rating.previous_value, self.indicator.unit)

    @property
    def change_text(self) -> str:
        if self.rating is None or not self.has_previous:
            return "–"
        return self.rating.change_text

    @property
    def direction(self) -> str:
        return self.rating.direction if self.rating is not None and self.has_previous else ""

    @property
    def is_exception(self) -> bool:
        return self.rating is not None and self.rating.is_exception

    @property
    def exception_reasons(self) -> list[str]:
        reasons: list[str] = []
        if self.rating is None:
            return reasons
        if self.rating.rag == calculations.RED:
            reasons.append("Red against target")
        if self.rating.worsening_run >= calculations.EXCEPTION_RUN:
            reasons.append(f"Worsening {self.rating.worsening_run} periods running")
        return reasons

    def benchmark(self, series: str) -> dict[str, str] | None:
        """(value text, difference text, word) for one benchmark series, or None."""
        if self.rating is None or getattr(self.rating, series) is None:
            return None
        difference = getattr(self.rating, f"{series}_difference")
        return {
            "value": calculations.format_value(getattr(self.rating, series), self.indicator.unit),
            "difference": calculations.format_change(
                None if difference is None else abs(difference), self.rating.change_unit
            ),
            "word": calculations.comparison_word(difference, self.indicator.polarity),
        }

    @property
    def england(self) -> dict[str, str] | None:
        return self.benchmark("england")

    @property
    def region(self) -> dict[str, str] | None:
        return self.benchmark("region")

    @property
    def neighbours(self) -> dict[str, str] | None:
        return self.benchmark("neighbours")


def month_of(period: date | str) -> date:
    """A scorecard's as-at month from a date or 'YYYY-MM'."""
    if isinstance(period, date):
        return period.replace(day=1)
    return periods.parse_period(period, periods.MONTHLY)


def latest_rows(*, indicators: IndicatorQuerySet, as_at: date | None = None, approved_only: bool = False) -> list[Row]:
    """Rows for an Indicator queryset: each indicator's latest value (of a
    period starting by the `as_at` month, when given: the month's own, or
    its frequency's period containing it, or else an earlier one that the
    row marks not updated) with its stored rating, and the figure entered
    for the same period of a computed indicator. Three queries."""
    listed = list(
        indicators.select_related("owner", "area").with_latest_value_id(period_start=as_at, approved_only=approved_only)
    )
    ids = [i.latest_value_id for i in listed if i.latest_value_id]
    values: dict[int, IndicatorValue] = {}
    if ids:
        values = {v.pk: v for v in IndicatorValue.objects.filter(pk__in=ids).select_related("rating")}
    rows: list[Row] = []
    for indicator in listed:
        value = values.get(indicator.latest_value_id)
        if value is not None:
            value.indicator = indicator
        rating = getattr(value, "rating", None) if value is not None else None
        rows.append(Row(indicator=indicator, value=value, rating=rating, approved_only=approved_only, month=as_at))
    _attach_entered(rows)
    return rows


def _attach_entered(rows: Sequence[Row]) -> None:
    """One query: the entered figure beside each computed row's value."""
    wanted = [(r, r.value) for r in rows if r.value is not None and r.indicator.computed_source]
    if not wanted:
        return
    entered = {
        (e.indicator_id, e.period): e
        for e in EnteredValue.objects.filter(
            indicator_id__in=[r.indicator.pk for r, _value in wanted], period__in={v.period for _row, v in wanted}
        )
    }
    for row, value in wanted:
        row.entered = entered.get((row.indicator.pk, value.period))


def _attach_commentary_and_deep_dives(rows: list[Row]) -> list[Row]:
    """Two queries: the commentary for each row's period, and open deep dives."""
    indicator_ids = [r.indicator.pk for r in rows]
    if not indicator_ids:
        return rows
    wanted = {(r.indicator.pk, r.value.period) for r in rows if r.value}
    commentaries: dict[tuple[int, date], Commentary] = {}
    if wanted:
        for commentary in Commentary.objects.filter(
            indicator_id__in=indicator_ids, period__in={p for _i, p in wanted}
        ).select_related("written_by"):
            commentaries[(commentary.indicator_id, commentary.period)] = commentary
    deep_dives = {
        d.indicator_id: d
        for d in DeepDiveRequest.objects.filter(indicator_id__in=indicator_ids, cleared_at__isnull=True).select_related(
            "requested_by"
        )
    }
    for row in rows:
        if row.value:
            row.commentary = commentaries.get((row.indicator.pk, row.value.period))
        row.deep_dive = deep_dives.get(row.indicator.pk)
    return rows


def dashboard_rows(*, area: LocalArea, as_at: date | None = None) -> list[Row]:
    """The strategic dashboard's KPIs in the lead's order (as at the end of
    the `as_at` month when given: a past board meeting's figures)."""
    indicators = Indicator.objects.filter(dashboard_item__area=area).order_by("dashboard_item__position")
    return latest_rows(indicators=indicators, as_at=as_at)


def dashboard_choices(*, area: LocalArea) -> list[tuple[Indicator, int | None]]:
    """(indicator, position or None) for every indicator of the area, for the lead's form."""
    positions = dict(DashboardItem.objects.filter(area=area).values_list("indicator_id", "position"))
    return [(i, positions.get(i.pk)) for i in Indicator.objects.filter(area=area).order_by("service_area", "code")]


def group_by_service(rows: Iterable[Row]) -> OrderedDict[ServiceArea, list[Row]]:
    """OrderedDict {ServiceArea: [rows]} in the ServiceArea order, empty areas left out."""
    grouped: OrderedDict[ServiceArea, list[Row]] = OrderedDict((service, []) for service in ServiceArea)
    for row in rows:
        grouped[ServiceArea(row.indicator.service_area)].append(row)
    return OrderedDict((s, r) for s, r in grouped.items() if r)


def scorecard(*, area: LocalArea, as_at: date | None = None) -> OrderedDict[ServiceArea, list[Row]]:
    """Every indicator of the area with its latest value, grouped by service area."""
    rows = latest_rows(indicators=Indicator.objects.filter(area=area).order_by("service_area", "code"), as_at=as_at)
    return group_by_service(rows)


def service_scorecard(*, area: LocalArea, service_area: str, as_at: date | None = None) -> list[Row]:
    """One service area's indicators, with commentary and deep dive flags."""
    rows = latest_rows(
        indicators=Indicator.objects.filter(area=area, service_area=service_area).order_by("code"), as_at=as_at
    )
    return _attach_commentary_and_deep_dives(rows)


def health_waits(rows: Iterable[Row]) -> OrderedDict[HealthService, list[Row]]:
    """Sefton's health waiting-times block from scorecard rows: OrderedDict
    {HealthService: [rows]} for the measures that name a health service."""
    grouped: OrderedDict[HealthService, list[Row]] = OrderedDict((service, []) for service in HealthService)
    for row in rows:
        if row.indicator.health_service:
            grouped[HealthService(row.indicator.health_service)].append(row)
    return OrderedDict((s, r) for s, r in grouped.items() if r)


def exception_rows(*, area: LocalArea, as_at: date | None = None) -> list[Row]:
    """Reporting by exception for the month `as_at`: indicators red, or
    worsening three periods running, and any with a deep dive requested;
    worst first."""
    rows = latest_rows(indicators=Indicator.objects.filter(area=area).order_by("code"), as_at=as_at)
    rows = _attach_commentary_and_deep_dives(rows)
    chosen = [r for r in rows if r.is_exception or r.deep_dive]
    order = {calculations.RED: 0, calculations.AMBER: 1, calculations.GREEN: 2, calculations.GREY: 3}
    return sorted(
        chosen, key=lambda r: (not r.is_exception, order[r.rag], -(r.rating.worsening_run if r.rating else 0))
    )


def stale_count(*, area: LocalArea) -> int:
    """How many of the area's indicators are waiting for their ratings."""
    return Indicator.objects.filter(area=area, ratings_stale_since__isnull=False).count()


def last_rated(rows: Iterable[Row]) -> datetime | None:
    """When the newest of these rows' ratings was stored (no query)."""
    return max((r.rating.computed_at for r in rows if r.rating), default=None)


# ---------------------------------------------------------------- one indicator


@dataclass
class IndicatorDetail:
    indicator: Indicator
    history: list[IndicatorValue] = field(default_factory=list)  # with .rating_or_none, oldest first
    targets: list[Target] = field(default_factory=list)
    benchmarks: list[Benchmark] = field(default_factory=list)
    events: list[IndicatorEvent] = field(default_factory=list)
    commentaries: list[Commentary] = field(default_factory=list)
    deep_dive: DeepDiveRequest | None = None
    past_deep_dives: list[DeepDiveRequest] = field(default_factory=list)

    @property
    def latest(self) -> IndicatorValue | None:
        return self.history[-1] if self.history else None

    @property
    def latest_row(self) -> Row:
        latest = self.latest
        return Row(indicator=self.indicator, value=latest, rating=getattr(latest, "rating", None) if latest else None)


EVENTS_SHOWN = 200


def indicator_detail(*, indicator: Indicator) -> IndicatorDetail:
    """Everything the indicator page shows, in a fixed number of queries."""
    history = list(indicator.values.select_related("rating", "entered_by", "approved_by").order_by("period"))
    for value in history:
        value.indicator = indicator
        value.rating_or_none = getattr(value, "rating", None)
    deep_dives = list(indicator.deep_dives.select_related("requested_by", "cleared_by"))
    return IndicatorDetail(
        indicator=indicator,
        history=history,
        targets=list(indicator.targets.select_related("created_by").order_by("-applies_from")),
        benchmarks=list(indicator.benchmarks.order_by("-period", "series")),
        events=list(indicator.events.select_related("user")[:EVENTS_SHOWN]),
        commentaries=list(indicator.commentaries.select_related("written_by").order_by("-period")[:24]),
        deep_dive=next((d for d in deep_dives if d.is_open), None),
        past_deep_dives=[d for d in deep_dives if not d.is_open],
    )


def indicator_headline(*, indicator: Indicator, month: date) -> Row:
    """The indicator's figure as the scorecard for `month` shows it (the same
    latest_rows): what its page leads with, so that the two never differ.
    Three queries."""
    return latest_rows(indicators=Indicator.objects.filter(pk=indicator.pk), as_at=month)[0]


def indicator_by_code(*, area: LocalArea, code: str) -> Indicator:
    return Indicator.objects.select_related("owner", "area").get(area=area, code=code.upper())


# ---------------------------------------------------------------- data due and approvals


@dataclass
class DueItem:
    indicator: Indicator
    period: date
    value: IndicatorValue | None
    owed_count: int = 1  # how many periods this indicator owes in all

    @property
    def status(self) -> str:
        return "Draft not submitted" if self.value else "Not entered"

    @property
    def period_name(self) -> str:
        return self.indicator.period_name(self.period)

    @property
    def period_code(self) -> str:
        return self.indicator.period_code(self.period)


def default_due_month(today: date | None = None) -> date:
    """The month whose values are being collected now: the last complete month."""
    today = today or timezone.localdate()
    return periods.previous_period(periods.MONTHLY, today.replace(day=1))


def reporting_month(*, area: LocalArea, today: date | None = None) -> date:
    """The month the area's pages report on by default: the last complete
    month; but while an area with an "as at" month (the demo's, whose data
    ends on a date) has no value for any period of the month now owed or
    later, its as-at month, so that nothing reads overdue merely because
    the clock moved on. Two queries at most."""
    due = default_due_month(today)
    as_at = ReportingMonth.objects.filter(area=area).values_list("month", flat=True).first()
    if as_at is None or as_at >= due:
        return due
    if IndicatorValue.objects.filter(indicator__area=area, period_end__gte=due).exists():
        return due
    return as_at


def as_at_month(*, area: LocalArea, today: date | None = None) -> date | None:
    """The area's as-at month while its pages report on it instead of the
    month now owed (see reporting_month), else None: the kernel's area_today."""
    month = reporting_month(area=area, today=today)
    return month if month < default_due_month(today) else None


def reporting_month_reason(*, area: LocalArea, month: date) -> str:
    """The words a page shows when it reports on an as-at month, or ''."""
    clock = ReportingMonth.objects.filter(area=area, month=month).first()
    return clock.reason if clock else ""


def owed_periods(frequency: str, first: date | None, due: date, have: Collection[date]) -> list[date]:
    """The periods of `frequency` owed, oldest first: from `first` (the
    indicator's first value, or `due` without one) to `due`, those not in
    `have` (periods with a value beyond a draft). Pure."""
    start = min(first, due) if first else due
    return [p for p in periods.periods_between(frequency, start, due) if p not in have]


def data_due(*, area: LocalArea, month: date, owner: User | None = None) -> list[DueItem]:
    """The values still owed for the reporting `month`, every period of
    them: for each entered indicator (computed ones fill themselves), each
    period of its frequency from its first value to the latest period ended
    by the end of the month that has no value or only a draft; oldest first
    within an indicator, each item carrying how many the indicator owes.
    Two queries, three when a draft is owed: the values are read as
    (indicator, period, state) tuples, and only the drafts as rows (an
    area's history is thousands of values; the lead's open items read it
    for each area and two months). Ordered by owner, then code, then period."""
    chosen = Indicator.objects.filter(area=area, computed_source="").select_related("owner", "area")
    if owner is not None:
        chosen = chosen.filter(owner=owner)
    indicators = list(
        chosen.order_by(F("owner__first_name").asc(nulls_last=True), F("owner__username").asc(nulls_last=True), "code")
    )
    cutoff = periods.month_end(month)
    due = {i.pk: periods.latest_ended_period(i.frequency, cutoff) for i in indicators}
    by_pk = {i.pk: i for i in indicators}
    held = IndicatorValue.objects.filter(indicator__in=list(by_pk), period_end__lte=cutoff)
    first: dict[int, date] = {}
    have: defaultdict[int, set[date]] = defaultdict(set)
    any_draft = False
    for indicator_id, period, state in held.values_list("indicator_id", "period", "state"):
        first[indicator_id] = min(period, first.get(indicator_id, period))
        if state == ValueState.DRAFT:
            any_draft = True
        else:
            have[indicator_id].add(period)
    drafts: dict[tuple[int, date], IndicatorValue] = {}
    for value in held.filter(state=ValueState.DRAFT) if any_draft else ():
        value.indicator = by_pk[value.indicator_id]
        drafts[(value.indicator_id, value.period)] = value
    items: list[DueItem] = []
    for indicator in indicators:
        owed = owed_periods(indicator.frequency, first.get(indicator.pk), due[indicator.pk], have[indicator.pk])
        for period in owed:
            draft = drafts.get((indicator.pk, period))
            items.append(DueItem(indicator=indicator, period=period, value=draft, owed_count=len(owed)))
    return items


def data_due_count(*, area: LocalArea, month: date, owner: User | None = None) -> int:
    return len(data_due(area=area, month=month, owner=owner))


def _awaiting_approval(area: LocalArea) -> QuerySet[IndicatorValue]:
    """The entered values submitted and not yet approved. A computed
    indicator's unapproved value is not among them: it is approved with the
    records it comes from (an EHCP return on the EHCP pages), never here."""
    return IndicatorValue.objects.filter(
        indicator__area=area, indicator__computed_source="", state=ValueState.SUBMITTED
    )


def awaiting_approval(*, area: LocalArea) -> list[IndicatorValue]:
    return list(
        _awaiting_approval(area)
        .select_related("indicator", "indicator__area", "submitted_by", "entered_by")
        .order_by("indicator__code", "period")
    )


def awaiting_approval_count(*, area: LocalArea) -> int:
    return _awaiting_approval(area).count()


def rag_counts(rows: Iterable[Row]) -> OrderedDict[str, int]:
    counts = OrderedDict(
        (rag, 0) for rag in (calculations.GREEN, calculations.AMBER, calculations.RED, calculations.GREY)
    )
    for row in rows:
        counts[row.rag] += 1
    return counts


def indicator_list(*, area: LocalArea) -> list[Indicator]:
    """The area's indicators for the management list, with value counts."""
    return list(
        Indicator.objects.filter(area=area)
        .select_related("owner", "area")
        .annotate(
            value_count=Count("values", distinct=True),
            submitted_count=Count("values", filter=Q(values__state=ValueState.SUBMITTED), distinct=True),
        )
        .order_by("service_area", "code")
    )


# ---------------------------------------------------------------- for exports and publishing


@overload
def _shown(value: None, unit: str) -> None: ...
@overload
def _shown(value: Decimal, unit: str) -> Decimal: ...
def _shown(value: Decimal | None, unit: str) -> Decimal | None:
    return calculations.shown(value, unit)


class HistoryPoint(TypedDict):
    """One period of a scorecard row's history."""

    period: str
    value: Decimal
    numerator: int | None
    denominator: int | None
    target: Decimal | None


class ScorecardRow(TypedDict):
    """One indicator of `scorecard_rows`: the scorecard as plain data."""

    code: str
    name: str
    description: str
    unit: str
    polarity: str
    service_area: str
    frequency: str
    period: str
    period_end: date | None
    current: bool
    source: str
    entered: Decimal | None
    differs: bool
    not_disclosive: bool
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    target: Decimal | None
    rag: str
    previous: Decimal | None
    change: Decimal | None
    change_unit: str
    direction: str
    commentary: str
    benchmarks: dict[str, Decimal | None]
    benchmark_sources: dict[str, str]
    history: list[HistoryPoint]


def scorecard_rows(
    *, area: LocalArea, period: date | str, publishable_only: bool = False, approved_only: bool = False
) -> list[ScorecardRow]:
    """The scorecard as plain data, as at the month `period` (a date or
    'YYYY-MM'): for each indicator its value for the month (or its
    frequency's period containing it), else its latest earlier value with
    `current` False (shown only with its own period and "not updated").
    One dict per indicator, ordered by service area (in
    ServiceArea's order) then code, with keys code, name, description, unit, polarity, service_area
    (label), frequency, period (the value's period code, '' without one),
    period_end (its last day, None without one), value,
    numerator, denominator, target, rag, previous, change, change_unit,
    direction, commentary, benchmarks {england, region, neighbours}, their
    benchmark_sources {series: source} and history [{period, value,
    numerator, denominator, target}] oldest first.

    Values are as shown: whole for counts, else one decimal place (Decimals).
    With approved_only, draft and submitted values appear nowhere: not as the
    value, not as `previous` (no change then), not in the history. Five queries.
    This is what `manage.py export_scorecard` writes.
    """
    month = month_of(period)
    indicators = Indicator.objects.filter(area=area).order_by("service_area", "code")
    if publishable_only:
        indicators = indicators.filter(publishable=True)
    rows = _attach_commentary_and_deep_dives(
        latest_rows(indicators=indicators, as_at=month, approved_only=approved_only)
    )
    order = {service.value: n for n, service in enumerate(ServiceArea)}
    rows.sort(key=lambda r: (order[r.indicator.service_area], r.indicator.code))
    # Only what a history shows: who entered and approved each value, and
    # when, would cost most of the time of loading a long history.
    history_values = (
        IndicatorValue.objects.filter(indicator__in=[r.indicator.pk for r in rows], period__lte=month)
        .select_related("rating")
        .only("indicator_id", "period", "value", "numerator", "denominator", "state", "rating__target")
    )
    if approved_only:
        history_values = history_values.filter(state=ValueState.APPROVED)
    histories: dict[int, list[IndicatorValue]] = {}
    for value in history_values.order_by("period"):
        histories.setdefault(value.indicator_id, []).append(value)
    # Where each comparator of a row's period comes from (the benchmark's source).
    shown_periods = {row.value.period for row in rows if row.value}
    sources: dict[tuple[int, object], dict[str, str]] = {}
    for indicator_id, series, period, source in Benchmark.objects.filter(
        indicator__in=[r.indicator.pk for r in rows], period__in=shown_periods
    ).values_list("indicator_id", "series", "period", "source"):
        sources.setdefault((indicator_id, period), {})[series] = source
    out: list[ScorecardRow] = []
    for row in rows:
        indicator, rating = row.indicator, row.rating
        unit = indicator.unit
        out.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "description": indicator.description,
                "unit": unit,
                "polarity": indicator.polarity,
                "service_area": indicator.get_service_area_display(),
                "frequency": indicator.frequency,
                "period": row.period_code,
                "period_end": row.value.period_end if row.value else None,
                "current": row.is_current,
                "source": row.source_text,
                "entered": _shown(row.entered.value, unit) if row.entered else None,
                "differs": row.differs,
                "not_disclosive": indicator.not_disclosive,
                "value": _shown(row.value.value, unit) if row.value else None,
                "numerator": row.value.numerator if row.value else None,
                "denominator": row.value.denominator if row.value else None,
                "target": _shown(rating.target, unit) if rating and rating.target is not None else None,
                "rag": row.rag,
                "previous": _shown(rating.previous_value, unit) if rating and row.has_previous else None,
                "change": rating.change if rating and row.has_previous else None,
                "change_unit": calculations.CHANGE_UNITS[unit],
                "direction": row.direction,
                "commentary": row.commentary.text if row.commentary else "",
                "benchmarks": {
                    series: _shown(getattr(rating, series), unit) if rating else None
                    for series in calculations.SERIES_NAMES
                },
                "benchmark_sources": sources.get((indicator.pk, row.value.period), {}) if row.value else {},
                "history": [
                    {
                        "period": periods.period_code(indicator.frequency, v.period),
                        "value": _shown(v.value, unit),
                        "numerator": v.numerator,
                        "denominator": v.denominator,
                        "target": _shown(v.rating.target, unit)
                        if getattr(v, "rating", None) and v.rating.target is not None
                        else None,
                    }
                    for v in histories.get(indicator.pk, [])
                ],
            }
        )
    return out


# ---------------------------------------------------------------- computed indicators


@dataclass
class SourceInfo:
    """What a computed indicator's page says of its source."""

    label: str
    text: str  # "computed from case records"
    updated: datetime | None
    url: str


def source_info(*, indicator: Indicator) -> SourceInfo | None:
    """The source of a computed indicator (None when entered). One query at most."""
    from django.urls import NoReverseMatch, reverse

    source = indicator.source
    if source is None:
        return None
    try:
        url = reverse(source.url_name, args=[indicator.area.code]) if source.url_name else ""
    except NoReverseMatch:
        url = ""
    return SourceInfo(
        label=source.label, text=source.describe(indicator.area), updated=source.updated(indicator.area), url=url
    )


@dataclass
class ReconciliationRow:
    period: date
    period_name: str
    computed: Decimal | None
    entered: Decimal | None
    entered_parts: str
    computed_parts: str
    difference: Decimal | None
    differs: bool
    unit: str

    @property
    def computed_text(self) -> str:
        """'73', '41.7%', '38.0 weeks': as the indicator page shows its values."""
        return calculations.format_value(self.computed, self.unit)

    @property
    def entered_text(self) -> str:
        return calculations.format_value(self.entered, self.unit)

    @property
    def difference_text(self) -> str:
        """'4', '-49.7 percentage points', '-2.0 weeks'; '–' for none."""
        if self.difference is not None and self.unit == calculations.PERCENT:
            return f"{calculations.shown(self.difference, self.unit)} percentage points"
        return calculations.format_value(self.difference, self.unit)


def indicator_reconciliation(*, indicator: Indicator) -> list[ReconciliationRow]:
    """Entered against computed figures, period by period (every period
    with either), newest first, with the difference (computed − entered,
    in the indicator's unit) and whether it is beyond the tolerance of the
    target in force for that period. Three queries."""
    computed = {v.period: v for v in indicator.values.select_related("rating")}
    entered = {e.period: e for e in indicator.entered_values.all()}
    targets = list(indicator.targets.order_by("applies_from"))
    rows: list[ReconciliationRow] = []
    for period in sorted(computed.keys() | entered.keys(), reverse=True):
        value, typed = computed.get(period), entered.get(period)
        difference = value.value - typed.value if value is not None and typed is not None else None
        in_force = (
            calculations.target_in_force([(t.applies_from, t.value, t.tolerance) for t in targets], period)
            if targets
            else None
        )
        tolerance = in_force[1] if in_force and in_force[1] is not None else 0
        rows.append(
            ReconciliationRow(
                period=period,
                period_name=indicator.period_name(period),
                computed=value.value if value is not None else None,
                entered=typed.value if typed is not None else None,
                computed_parts=_parts(value),
                entered_parts=_parts(typed),
                difference=difference,
                differs=difference is not None and abs(difference) > tolerance,
                unit=indicator.unit,
            )
        )
    return rows


def _parts(figure: IndicatorValue | EnteredValue | None) -> str:
    if figure is None or figure.numerator is None or figure.denominator is None:
        return ""
    return f"{figure.numerator} of {figure.denominator}"
