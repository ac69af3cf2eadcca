"""Reads of the EHCP app.

Pages read stored figures only (never recompute on a request); the
recompute service reads entries through the *_counts functions here, which
aggregate in the database per area and month with the engine's own rules
(calculations.TWENTY_WEEKS_DAYS, SIX_WEEKS_DAYS) and are tested to agree
with the engine's case-level functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

import pandas as pd
from django.db.models import Case, DateField, F, Max, Q, Sum, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from . import calculations, timeline
from .expressions import CountRows, DaysBetween, MedianOf, MonthStart
from .models import (
    NO_PLAN_DECISION,
    AdviceService,
    CaseImport,
    CaseRecord,
    CohortFigure,
    FigureRefresh,
    FigureSource,
    MonthlyFigure,
    MonthlyReturn,
    ReturnStatus,
    StepFigure,
    TimelinessTarget,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from send_board.models import LocalArea

    from .models import ReturnEvent

# ---------------------------------------------------------------- stored figures (the contract)


def monthly_figures(*, area: LocalArea, source: str = FigureSource.RETURNS) -> QuerySet[MonthlyFigure]:
    """An area's stored figures for one source, oldest month first."""
    return MonthlyFigure.objects.filter(local_area=area, source=source).order_by("month")


def latest_figure(*, area: LocalArea, source: str = FigureSource.RETURNS) -> MonthlyFigure | None:
    """The newest stored figure of an area for one source, or None."""
    return MonthlyFigure.objects.filter(local_area=area, source=source).order_by("-month").first()


def figure_sources(*, area: LocalArea) -> list[FigureSource]:
    """The sources with stored figures for the area, returns first."""
    present = set(MonthlyFigure.objects.filter(local_area=area).values_list("source", flat=True).distinct())
    return [source for source in FigureSource if source in present]


def cohort_figures(*, area: LocalArea) -> QuerySet[CohortFigure]:
    return CohortFigure.objects.filter(local_area=area).order_by("request_month")


def figure_refresh(*, area: LocalArea) -> FigureRefresh:
    """The area's refresh state (an unsaved, not-pending one if none yet)."""
    return FigureRefresh.objects.filter(local_area=area).first() or FigureRefresh(local_area=area)


def targets(*, area: LocalArea) -> QuerySet[TimelinessTarget]:
    return TimelinessTarget.objects.filter(local_area=area).select_related("set_by").order_by("year_start")


# ---------------------------------------------------------------- entries


def monthly_returns(*, area: LocalArea) -> QuerySet[MonthlyReturn]:
    return MonthlyReturn.objects.for_area(area).with_people().order_by("-month")


def return_for_area(*, area: LocalArea, pk: int) -> MonthlyReturn | None:
    """The return `pk` of `area`, or None (views answer 404)."""
    return MonthlyReturn.objects.for_area(area).with_people().filter(pk=pk).first()


def return_events(*, monthly_return: MonthlyReturn) -> QuerySet[ReturnEvent]:
    return monthly_return.events.select_related("user").order_by("at", "pk")


def existing_return(*, area: LocalArea, month: date) -> MonthlyReturn | None:
    return MonthlyReturn.objects.filter(local_area=area, month=month).first()


def case_imports(*, area: LocalArea) -> QuerySet[CaseImport]:
    return CaseImport.objects.filter(local_area=area).select_related("imported_by").order_by("-imported_at")


def case_records(*, area: LocalArea) -> QuerySet[CaseRecord]:
    return CaseRecord.objects.for_area(area).order_by("-request_date", "reference")


# ---------------------------------------------------------------- counts for the recompute


def _in_areas(queryset: QuerySet[Any], area_ids: Iterable[int] | None) -> QuerySet[Any]:
    return queryset if area_ids is None else queryset.filter(local_area_id__in=area_ids)


def return_counts(*, area_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """Monthly returns as the engine's input: local_area_id, month, issued,
    within_20_weeks, exceptions, approved, and the timeline fields
    (timeline.RETURN_FIELDS, None where not entered)."""
    columns = ["local_area_id", "month", "issued", "within_20_weeks", "exceptions", "status", *timeline.RETURN_FIELDS]
    rows = _in_areas(MonthlyReturn.objects.all(), area_ids).values_list(*columns)
    frame = pd.DataFrame.from_records(list(rows.order_by()), columns=columns)
    frame["approved"] = frame["status"] == ReturnStatus.APPROVED
    return frame.drop(columns="status")


def cohort_dates(*, area_ids: Iterable[int], today: date) -> dict[int, date]:
    """{area id: the date its cohorts are tracked to}: the latest date in its
    imported case records (an extract taken on 31 December knows nothing of
    January), or today for cases that came otherwise; never after today."""
    latest = dict(
        CaseImport.objects.filter(local_area_id__in=area_ids, data_to__isnull=False)
        .values("local_area_id")
        .annotate(latest=Max("data_to"))
        .values_list("local_area_id", "latest")
    )
    return {area_id: min(latest.get(area_id, today), today) for area_id in area_ids}


def case_counts_by_final_month(*, area_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """calculations.cases_by_final_month, aggregated by the database:
    local_area_id, month, issued, within_20_weeks, exceptions."""
    on_time = Q(days_to_final__lte=calculations.TWENTY_WEEKS_DAYS)
    headline = Q(exception=False)
    rows = (
        _in_areas(CaseRecord.objects.filter(final_date__isnull=False), area_ids)
        .alias(days_to_final=DaysBetween("final_date", "request_date"))
        .values("local_area_id", month=F("final_month"))
        .annotate(
            issued=CountRows(filter=headline),
            within_20_weeks=CountRows(filter=headline & on_time),
            exceptions=CountRows(filter=Q(exception=True)),
            over_52_weeks=CountRows(filter=headline & Q(days_to_final__gt=calculations.FIFTY_TWO_WEEKS_DAYS)),
            days_to_issue=Sum("days_to_final", filter=headline, default=0),
            median_days=MedianOf("days_to_final", filter=headline),
        )
        .order_by()
        .values_list("local_area_id", "month", *FINAL_MONTH_COLUMNS)
    )
    return pd.DataFrame.from_records(list(rows), columns=["local_area_id", "month", *FINAL_MONTH_COLUMNS])


FINAL_MONTH_COLUMNS = ["issued", "within_20_weeks", "exceptions", "over_52_weeks", "days_to_issue", "median_days"]


def _by_month(queryset: QuerySet[Any], date_expression: Any, counts: Mapping[str, Any]) -> pd.DataFrame:
    """(local_area_id, month, *counts) rows grouped by the month of `date_expression`."""
    rows = (
        queryset.alias(event_month=MonthStart(date_expression))
        .values("local_area_id", month=F("event_month"))
        .annotate(**counts)
        .order_by()
        .values_list("local_area_id", "month", *counts)
    )
    frame = pd.DataFrame.from_records(list(rows), columns=["local_area_id", "month", *counts])
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    return frame


def advice_by_month(*, area: LocalArea, service: str) -> dict[date, tuple[int, int]]:
    """{month: (advice of `service` received in the month, of it how much came
    within 6 weeks of being asked)} from the area's case records, for every
    month some came (calculations.ADVICE_SERVICES names the services). One query."""
    if service not in calculations.ADVICE_SERVICES:
        raise ValueError(f"Unknown advice service {service!r}: one of {', '.join(calculations.ADVICE_SERVICES)}.")
    received, asked = f"{service}_advice_received", f"{service}_advice_requested"
    frame = _by_month(
        CaseRecord.objects.filter(local_area=area, **{f"{received}__isnull": False}).alias(
            days=DaysBetween(received, asked)
        ),
        received,
        {"received": CountRows(), "within": CountRows(filter=Q(days__lte=calculations.SIX_WEEKS_DAYS))},
    )
    return {
        month: (int(got), int(within))
        for month, got, within in frame[["month", "received", "within"]].itertuples(index=False)
    }


@dataclass(frozen=True)
class AdviceMonth:
    """One complete month's advice: for each service (calculations.ADVICE_SERVICES
    order), (advice received in the month, of it within 6 weeks of being
    asked, the percentage or None)."""

    month: date
    services: tuple[tuple[int, int, Decimal | None], ...]


def last_complete_month(*, area: LocalArea) -> date | None:
    """The last month the area's case records are complete for: the month
    they are tracked to (FigureRefresh.cohorts_as_of) once they reach its last
    day, else the month before; None without case records. One query."""
    as_of = figure_refresh(area=area).cohorts_as_of
    if as_of is None:
        return None
    month = as_of.replace(day=1)
    reached_its_end = as_of + timedelta(days=1) == calculations.add_months(month, 1)
    return month if reached_its_end else calculations.add_months(month, -1)


def advice_months(*, area: LocalArea, months: int = 12) -> list[AdviceMonth]:
    """The last `months` complete months of advice received, newest first, as
    services report it (advice_by_month): the figures the scorecard's advice
    indicators take from the case records, up to last_complete_month. Empty
    without case records. Four queries."""
    complete = last_complete_month(area=area)
    if complete is None:
        return []
    by_service = [advice_by_month(area=area, service=service) for service in calculations.ADVICE_SERVICES]
    rows = []
    for back in range(months):
        month = calculations.add_months(complete, -back)
        counts = [service.get(month, (0, 0)) for service in by_service]
        rows.append(
            AdviceMonth(
                month=month,
                services=tuple((got, within, calculations.percent(within, got)) for got, within in counts),
            )
        )
    return rows


def _no_plan_date() -> Case:
    return Case(
        When(assessment_outcome="no_plan", then=F("outcome_date")),
        When(assessment_outcome="", closed_reason="not_issued", then=F("closed_date")),
        output_field=DateField(),
    )


def step_counts(
    *, area_ids: Iterable[int] | None, as_of: Mapping[int, date], final_counts: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """The monthly counts of every stored step (calculations.*_by_month,
    aggregated by the database): {step code: frame of local_area_id, month,
    numerator, denominator} ("over_52_weeks" and "mean_weeks_to_issue" come
    from case_counts_by_final_month instead). `as_of` is {area id: date},
    for the reviews found overdue; `area_ids` None means every area.
    `final_counts` (case_counts_by_final_month's frame, when the caller has
    it) saves counting the plans issued again."""
    cases = _in_areas(CaseRecord.objects.all(), area_ids)
    counts = {}
    decisions = _by_month(
        cases.filter(decision__in=["assess", "refuse"], decision_date__isnull=False).alias(
            days=DaysBetween("decision_date", "request_date")
        ),
        "decision_date",
        {
            "numerator": CountRows(filter=Q(days__lte=calculations.SIX_WEEKS_DAYS)),
            "denominator": CountRows(),
            "refused": CountRows(filter=Q(decision="refuse")),
        },
    )
    counts["requests_6_weeks"] = decisions[["local_area_id", "month", "numerator", "denominator"]]
    no_plan = cases.filter(NO_PLAN_DECISION).alias(no_plan_date=_no_plan_date()).filter(no_plan_date__isnull=False)
    counts["no_plan_16_weeks"] = _by_month(
        no_plan.alias(days=DaysBetween("no_plan_date", "request_date")),
        "no_plan_date",
        {"numerator": CountRows(filter=Q(days__lte=calculations.NO_PLAN_DAYS)), "denominator": CountRows()},
    )
    held = _by_month(
        cases.filter(review_due_date__isnull=False),
        "review_due_date",
        {"numerator": CountRows(filter=Q(last_review_meeting__lte=F("review_due_date"))), "denominator": CountRows()},
    )
    overdue = [
        _by_month(
            cases.filter(local_area_id__in=areas, next_review_due__lte=day),
            "next_review_due",
            {"denominator": CountRows()},
        ).assign(numerator=0)
        for day, areas in areas_by_date(as_of).items()
    ]
    counts["reviews_on_time"] = _summed_counts([held, *overdue])
    counts["reviews_4_weeks"] = _by_month(
        cases.filter(review_decision_date__isnull=False).alias(
            days=DaysBetween("review_decision_date", "last_review_meeting")
        ),
        "last_review_meeting",
        {"numerator": CountRows(filter=Q(days__lte=calculations.REVIEW_DECISION_DAYS)), "denominator": CountRows()},
    )
    counts["phase_transfers"] = _phase_transfer_counts(cases, as_of)
    if final_counts is None:
        final_counts = case_counts_by_final_month(area_ids=area_ids)
    plans = final_counts.assign(
        month=pd.to_datetime(final_counts["month"]).dt.date,
        denominator=final_counts["issued"] + final_counts["exceptions"],
    )
    appealable = [
        decisions[["local_area_id", "month", "refused"]].rename(columns={"refused": "denominator"}),
        counts["no_plan_16_weeks"][["local_area_id", "month", "denominator"]],
        plans[["local_area_id", "month", "denominator"]],
        _by_month(cases.filter(tribunal_date__isnull=False), "tribunal_date", {"numerator": CountRows()}),
    ]
    counts["tribunal_appeal_rate"] = _summed_counts(appealable)
    return counts


def areas_by_date(as_of: Mapping[int, date]) -> dict[date, list[int]]:
    """{area id: date} → {date: [area ids]}: the areas that one query per date serves."""
    groups: dict[date, list[int]] = {}
    for area_id, day in as_of.items():
        groups.setdefault(day, []).append(area_id)
    return groups


def _summed_counts(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    frames = [f.reindex(columns=["local_area_id", "month", "numerator", "denominator"]).fillna(0) for f in frames]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=["local_area_id", "month", "numerator", "denominator"])
    both = pd.concat(frames, ignore_index=True)
    summed = both.groupby(["local_area_id", "month"], sort=True)[["numerator", "denominator"]].sum().reset_index()
    summed = summed[(summed["numerator"] > 0) | (summed["denominator"] > 0)].reset_index(drop=True)
    return summed.astype({"numerator": "int64", "denominator": "int64"})


def _phase_transfer_counts(cases: QuerySet[Any], as_of: Mapping[int, date]) -> pd.DataFrame:
    """Transfers by area and transfer year, on time when amended by the
    deadline (calculations.phase_transfer_deadline), in the deadline's
    month, once the deadline is on or before the area's `as_of` date."""
    rows = (
        cases.filter(phase_transfer_year__isnull=False)
        .alias(
            amended_year=ExtractYear("amended_plan_date"),
            amended_month=ExtractMonth("amended_plan_date"),
            amended_day=ExtractDay("amended_plan_date"),
        )
        .values("local_area_id", "phase_transfer_year", "phase_transfer_post16")
        .annotate(
            numerator=CountRows(
                filter=Q(amended_year__lt=F("phase_transfer_year"))
                | Q(amended_year=F("phase_transfer_year"), phase_transfer_post16=True, amended_month__lte=3)
                | Q(amended_year=F("phase_transfer_year"), phase_transfer_post16=False, amended_month__lt=2)
                | Q(
                    amended_year=F("phase_transfer_year"),
                    phase_transfer_post16=False,
                    amended_month=2,
                    amended_day__lte=calculations.PHASE_TRANSFER_DEADLINE[1],
                )
            ),
            denominator=CountRows(),
        )
        .order_by()
        .values_list("local_area_id", "phase_transfer_year", "phase_transfer_post16", "numerator", "denominator")
    )
    frame = pd.DataFrame.from_records(
        [
            (area_id, calculations.phase_transfer_deadline(year, post16).replace(day=1), on_time, due)
            for area_id, year, post16, on_time, due in rows
            if area_id in as_of and calculations.phase_transfer_deadline(year, post16) <= as_of[area_id]
        ],
        columns=["local_area_id", "month", "numerator", "denominator"],
    )
    return _summed_counts([frame])


COHORT_COUNT_COLUMNS = [c for c in calculations.COHORT_COLUMNS if c != "open"]


def cohort_counts_query(*, as_of: date, area_ids: Iterable[int] | None = None) -> QuerySet[Any, Any]:
    """The query behind cohort_counts: rows of local_area_id, request_month and
    COHORT_COUNT_COLUMNS ("open" is what is left: received − issued − closed)."""
    six_weeks = calculations.SIX_WEEKS_DAYS
    # Written without negations: NOT on nullable columns makes PostgreSQL's filters twice as long.
    issued = Q(final_date__lte=as_of)
    no_plan_yet = Q(final_date__isnull=True) | Q(final_date__gt=as_of)
    refused = Q(decision="refuse", decision_date__lte=as_of, closed_date__isnull=True)
    closed = Q(closed_date__lte=as_of) | refused
    not_closed = (Q(closed_date__isnull=True) | Q(closed_date__gt=as_of)) & (
        ~Q(decision="refuse") | Q(decision_date__gt=as_of) | Q(closed_date__isnull=False)
    )
    closed_without_plan = no_plan_yet & closed
    still_open = no_plan_yet & not_closed
    counts = {
        "received": CountRows(),
        "decided_within_6_weeks": CountRows(filter=Q(decision_date__lte=as_of, days_to_decision__lte=six_weeks)),
        "plans_issued": CountRows(filter=issued),
        "issued_within_20_weeks": CountRows(filter=issued & Q(days_to_final__lte=calculations.TWENTY_WEEKS_DAYS)),
        "closed_without_plan": CountRows(filter=closed_without_plan),
        "open_beyond_20_weeks": CountRows(
            filter=still_open & Q(request_date__lt=as_of - timedelta(days=calculations.TWENTY_WEEKS_DAYS))
        ),
    }
    aliases = {
        "days_to_decision": DaysBetween("decision_date", "request_date"),
        "days_to_final": DaysBetween("final_date", "request_date"),
    }
    for service in calculations.ADVICE_SERVICES:
        aliases[f"{service}_days"] = DaysBetween(f"{service}_advice_received", f"{service}_advice_requested")
        # A received date implies a requested one (a check constraint of CaseRecord).
        arrived = Q(**{f"{service}_advice_received__lte": as_of})
        counts[f"{service}_advice"] = CountRows(filter=arrived)
        counts[f"{service}_advice_within_6_weeks"] = CountRows(
            filter=arrived & Q(**{f"{service}_days__lte": six_weeks})
        )
    no_plan_by_outcome = Q(assessment_outcome="no_plan", outcome_date__lte=as_of)
    no_plan_by_closing = Q(assessment_outcome="", closed_reason="not_issued", closed_date__lte=as_of)
    aliases["days_to_outcome"] = DaysBetween("outcome_date", "request_date")
    aliases["days_to_closed"] = DaysBetween("closed_date", "request_date")
    no_plan_days = calculations.NO_PLAN_DAYS
    counts["decided"] = CountRows(filter=Q(decision_date__lte=as_of))
    counts["no_plan_decisions"] = CountRows(filter=no_plan_by_outcome | no_plan_by_closing)
    counts["no_plan_within_16_weeks"] = CountRows(
        filter=(no_plan_by_outcome & Q(days_to_outcome__lte=no_plan_days))
        | (no_plan_by_closing & Q(days_to_closed__lte=no_plan_days))
    )
    counts["mediations"] = CountRows(filter=Q(mediation_date__lte=as_of))
    counts["appeals"] = CountRows(filter=Q(tribunal_date__lte=as_of))
    assert list(counts) == COHORT_COUNT_COLUMNS
    return (
        _in_areas(CaseRecord.objects.filter(request_date__lte=as_of), area_ids)
        .alias(**aliases)
        .values("local_area_id", "request_month")
        .annotate(**counts)
        .order_by()
        .values_list("local_area_id", "request_month", *COHORT_COUNT_COLUMNS)
    )


def cohort_counts(*, as_of: date, area_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """calculations.cohorts as at `as_of`, aggregated by the database."""
    columns = ["local_area_id", "request_month", *COHORT_COUNT_COLUMNS]
    frame = pd.DataFrame.from_records(list(cohort_counts_query(as_of=as_of, area_ids=area_ids)), columns=columns)
    frame["open"] = frame["received"] - frame["plans_issued"] - frame["closed_without_plan"]
    return frame[["local_area_id", "request_month", *calculations.COHORT_COLUMNS]]


CASE_FRAME_COLUMNS = [
    "reference",
    "request_date",
    "decision_date",
    "decision",
    "final_date",
    "exception",
    "closed_date",
    *[f"{s}_advice_{e}" for s in calculations.ADVICE_SERVICES for e in ("requested", "received")],
    "closed_reason",
    *timeline.CASE_COLUMNS,
]
CASE_FRAME_DATES = {"last_review_meeting", "review_decision_date"}


def case_frame(*, area: LocalArea) -> pd.DataFrame:
    """One area's case records, one row each, for the engine's case-level
    functions (dates as datetime64, NaT when absent)."""
    rows = CaseRecord.objects.for_area(area).order_by().values_list(*CASE_FRAME_COLUMNS)
    frame = pd.DataFrame.from_records(list(rows), columns=CASE_FRAME_COLUMNS)
    for column in CASE_FRAME_COLUMNS:
        if column.endswith(("_date", "_requested", "_received")) or column in CASE_FRAME_DATES:
            frame[column] = pd.to_datetime(frame[column])
    frame["exception"] = frame["exception"].astype(bool)
    return frame


# ---------------------------------------------------------------- what the pages show


@dataclass(frozen=True)
class TimelinessOverview:
    """Everything the timeliness page shows, from stored figures (four queries)."""

    area: LocalArea
    source: str
    sources: list[FigureSource]
    figures: list[MonthlyFigure]
    refresh: FigureRefresh
    targets: list[TimelinessTarget]
    trajectory: calculations.Trajectory | None
    year_start_month: date | None
    year_label: str
    # The last day the page leads with (send_board.registry.area_today): later figures stay in the table.
    up_to: date | None = None

    def _led(self) -> list[MonthlyFigure]:
        return [f for f in self.figures if self.up_to is None or f.month <= self.up_to]

    @property
    def latest(self) -> MonthlyFigure | None:
        led = self._led()
        return led[-1] if led else None

    @property
    def latest_rolling(self) -> MonthlyFigure | None:
        return next((f for f in reversed(self._led()) if f.rolling_issued is not None), None)

    @property
    def later(self) -> MonthlyFigure | None:
        """The last figure, when it comes after the month the page leads with."""
        return self.figures[-1] if self.figures and self.figures[-1] is not self.latest else None

    @property
    def source_label(self) -> str:
        return FigureSource(self.source).label

    def target_for(self, month: date) -> Decimal | None:
        start = calculations.year_start_of(month, self.area.year_start)
        in_force = [t for t in self.targets if t.year_start <= start]
        return in_force[-1].target_pct if in_force else None

    @property
    def target_line(self) -> list[Decimal | None]:
        return [self.target_for(f.month) for f in self.figures]


def timeliness_overview(
    *, area: LocalArea, source: str | None = None, as_at: date | None = None, up_to: date | None = None
) -> TimelinessOverview:
    """The stored figures of `source` (default: returns if any, else cases),
    with the year to date and the trajectory to the year-end target; with
    `as_at` (a month), only the figures of months up to it, as a board pack
    for that month shows them. With `up_to` (a day), every figure, but the
    latest, its year to date and the trajectory are those of the last month
    on or before it (the month the area's other pages report on)."""
    sources = figure_sources(area=area)
    if source not in sources:
        source = sources[0] if sources else FigureSource.RETURNS
    stored = monthly_figures(area=area, source=source)
    if as_at is not None:
        stored = stored.filter(month__lte=as_at)
    figures = list(stored) if sources else []
    area_targets = list(TimelinessTarget.objects.filter(local_area=area).order_by("year_start"))
    overview = TimelinessOverview(
        area=area,
        source=source,
        sources=sources,
        figures=figures,
        refresh=figure_refresh(area=area),
        targets=area_targets,
        trajectory=None,
        year_start_month=None,
        year_label="",
        up_to=up_to,
    )
    latest = overview.latest
    if latest is None:
        return overview
    start = calculations.year_start_of(latest.month, area.year_start)
    recent = [f for f in figures if f.month <= latest.month and calculations.months_between(f.month, latest.month) <= 3]
    trajectory = calculations.trajectory(
        target_pct=overview.target_for(latest.month),
        ytd_issued=latest.ytd_issued,
        ytd_within=latest.ytd_within,
        months_elapsed=calculations.months_between(start, latest.month),
        recent_issued=sum(f.issued for f in recent),
        recent_within=sum(f.within_20_weeks for f in recent),
    )
    return replace(
        overview,
        trajectory=trajectory,
        year_start_month=start,
        year_label=calculations.year_label(start, area.year_start),
    )


@dataclass(frozen=True)
class CohortOverview:
    cohorts: list[CohortFigure]
    refresh: FigureRefresh
    since: date | None
    summary: dict[str, int | Decimal | None]
    advice: list[tuple[str, int, int, Decimal | None]]
    as_of: date | None  # the date the cohorts are tracked to


def cohort_overview(*, area: LocalArea, since: date | None = None, as_of: date | None = None) -> CohortOverview:
    """The cohorts and their totals from `since`: the stored ones (as at the
    last recompute's FigureRefresh.cohorts_as_of), or, for an `as_of` before
    that date, the counts as at `as_of`, by the query the recompute stores
    them from (cohort_counts), so that a board pack for an earlier month has
    the cohorts of its month's end."""
    refresh = figure_refresh(area=area)
    columns = ["request_month", *calculations.COHORT_COLUMNS]
    if as_of is None or refresh.cohorts_as_of is None or refresh.cohorts_as_of <= as_of:
        cohorts = list(cohort_figures(area=area))
        frame = pd.DataFrame.from_records([{c: getattr(f, c) for c in columns} for f in cohorts], columns=columns)
        as_of = refresh.cohorts_as_of
    else:
        frame = cohort_counts(as_of=as_of, area_ids=[area.pk])[columns].sort_values("request_month")
        cohorts = [CohortFigure(local_area=area, **row) for row in frame.to_dict("records")]
    return CohortOverview(
        cohorts=cohorts,
        refresh=refresh,
        since=since,
        summary=calculations.cohort_summary(frame, since=since),
        advice=[
            (AdviceService(service).label, received, within, pct)
            for service, received, within, pct in calculations.advice_timeliness(frame, since=since)
        ],
        as_of=as_of,
    )


@dataclass(frozen=True)
class ReconciliationOverview:
    rows: list[dict[str, Any]]  # calculations.reconcile's columns
    has_returns: bool
    has_cases: bool
    refresh: FigureRefresh

    @property
    def differing(self) -> list[dict[str, Any]]:
        return [row for row in self.rows if not row["agrees"]]

    @property
    def largest_difference(self) -> dict[str, Any] | None:
        return max(
            self.differing, key=lambda row: abs(row["issued_difference"]) + abs(row["within_difference"]), default=None
        )


def reconciliation_overview(*, area: LocalArea) -> ReconciliationOverview:
    """Returns against case records, month by month (two queries)."""
    figures = list(
        MonthlyFigure.objects.filter(local_area=area)
        .order_by("month")
        .values("source", "month", "issued", "within_20_weeks")
    )
    by_source = {
        source: pd.DataFrame.from_records(
            [f for f in figures if f["source"] == source], columns=["source", "month", "issued", "within_20_weeks"]
        )
        for source in FigureSource.values
    }
    returns, cases = by_source[FigureSource.RETURNS], by_source[FigureSource.CASES]
    rows = calculations.reconcile(returns, cases).to_dict("records") if len(returns) and len(cases) else []
    return ReconciliationOverview(
        rows=rows, has_returns=bool(len(returns)), has_cases=bool(len(cases)), refresh=figure_refresh(area=area)
    )


# ---------------------------------------------------------------- the statutory timeline (the contract)


class StepMonth(TypedDict):
    """One month of a step's series (step_series)."""

    numerator: int | None
    denominator: int | None
    pct: Decimal | None
    rolling_numerator: int | None
    rolling_denominator: int | None
    rolling_pct: Decimal | None
    ytd_numerator: int | None
    ytd_denominator: int | None
    ytd_pct: Decimal | None
    median_weeks: Decimal | None
    approved: bool  # the month's figure: a month of returns awaits its return's approval
    rolling_approved: bool  # every month of the rolling window approved


class StepCohort(TypedDict):
    """One request month of a step tracked by cohort (step_cohorts)."""

    request_month: date
    received: int
    numerator: int
    denominator: int
    pct: Decimal | None


def step_sources(*, area: LocalArea, step: str) -> list[FigureSource]:
    """The sources with stored figures for a step, the one its pages lead
    with first: case records for every step but the 20-week headline, which
    leads with the returns where there are any, as the EHCP page and the
    scorecard do (figure_sources), so that no page gives a second figure
    for the same month."""
    code = timeline.step(step).stored
    if code is None:
        return figure_sources(area=area)
    present = set(StepFigure.objects.filter(local_area=area, step=code).values_list("source", flat=True).distinct())
    return [source for source in (FigureSource.CASES, FigureSource.RETURNS) if source in present]


def step_series(area: LocalArea, step: str, source: str | None = None) -> tuple[str | None, dict[date, StepMonth]]:
    """One step's monthly series for an area: (source, {month: {"numerator",
    "denominator", "pct", "rolling_numerator", "rolling_denominator",
    "rolling_pct", "ytd_numerator", "ytd_denominator", "ytd_pct",
    "median_weeks", "approved", "rolling_approved"}}), oldest month first. `pct` is the step's figure: a
    percentage, or weeks for mean_weeks_to_issue (timeline.STEPS gives each
    step's title, unit and polarity). `source` defaults to the first of
    step_sources (case records where the area has them for the step, else
    its monthly returns; for the 20-week step, the returns first); the
    source used is returned with the series. An empty series when neither."""
    definition = timeline.step(step)
    sources = step_sources(area=area, step=step)
    source = source if source in sources else (sources[0] if sources else None)
    if source is None:
        return None, {}
    if definition.stored is None:
        return source, {
            f.month: {
                "numerator": f.within_20_weeks,
                "denominator": f.issued,
                "pct": f.pct,
                "rolling_numerator": f.rolling_within,
                "rolling_denominator": f.rolling_issued,
                "rolling_pct": f.rolling_pct,
                "ytd_numerator": f.ytd_within,
                "ytd_denominator": f.ytd_issued,
                "ytd_pct": f.ytd_pct,
                "median_weeks": None,
                "approved": f.month_approved,
                "rolling_approved": f.rolling_approved,
            }
            for f in monthly_figures(area=area, source=source)
        }
    rows = StepFigure.objects.filter(local_area=area, step=definition.stored, source=source).order_by("month")
    return source, {
        f.month: {
            "numerator": f.numerator,
            "denominator": f.denominator,
            "pct": f.value,
            "rolling_numerator": f.rolling_numerator,
            "rolling_denominator": f.rolling_denominator,
            "rolling_pct": f.rolling_value,
            "ytd_numerator": f.ytd_numerator,
            "ytd_denominator": f.ytd_denominator,
            "ytd_pct": f.ytd_value,
            "median_weeks": f.median_weeks,
            "approved": f.month_approved,
            "rolling_approved": f.rolling_approved,
        }
        for f in rows
    }


@dataclass(frozen=True)
class TimelineRow:
    """One step on the statutory-timeline page: its latest month, rolling 12
    months and year to date (None where there is no figure)."""

    step: timeline.Step
    source: str | None
    month: date | None
    this_month: StepMonth | None
    rolling: StepMonth | None
    series: dict[date, StepMonth]
    later: date | None = None  # the last month with a figure, when after `month`

    @property
    def source_label(self) -> str:
        return FigureSource(self.source).label if self.source else ""


def timeline_overview(*, area: LocalArea, up_to: date | None = None) -> list[TimelineRow]:
    """One TimelineRow per step of timeline.STEPS (two queries per step):
    each step's last month on or before `up_to` (a day; None: its last)."""
    rows: list[TimelineRow] = []
    for definition in timeline.STEPS:
        source, series = step_series(area, definition.code)
        led = sorted((m for m in series if up_to is None or m <= up_to), reverse=True)
        month = led[0] if led else None
        last = max(series, default=None)
        latest = series[month] if month is not None else None
        rolling_month = next((m for m in led if series[m]["rolling_denominator"] is not None), None)
        rows.append(
            TimelineRow(
                step=definition,
                source=source,
                month=month,
                this_month=latest,
                rolling=series[rolling_month] if rolling_month else None,
                series=series,
                later=last if last != month else None,
            )
        )
    return rows


def step_cohorts(*, area: LocalArea, step: str) -> list[StepCohort] | None:
    """The step tracked by request month (timeline.COHORT_COLUMNS), as at
    the last recompute: [{"request_month", "received", "numerator",
    "denominator", "pct"}], oldest first; None for a step not tracked so."""
    columns = timeline.COHORT_COLUMNS.get(step)
    if columns is None:
        return None
    numerator, denominator = columns
    rows = cohort_figures(area=area).values("request_month", "received", numerator, denominator)
    return [
        {
            "request_month": row["request_month"],
            "received": row["received"],
            "numerator": row[numerator],
            "denominator": row[denominator],
            "pct": calculations.rate_series(pd.Series([row[numerator]]), pd.Series([row[denominator]]))[0],
        }
        for row in rows
    ]
