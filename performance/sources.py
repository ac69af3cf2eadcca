"""Where a computed indicator's values come from: a small registry of named
sources.

An indicator is either *entered* (its owner types or uploads its values) or
*computed*: `Indicator.computed_source` names one of the sources registered
here, and the recompute (performance.computed.computed_indicators_sync, after
every EHCP recompute and nightly) fills its values; nobody types them.

A source is read-only: it reads the other apps through their selectors (ehcp
and improvement never import performance) and returns plain figures. Adding a
measure is adding an entry: `register(ComputedSource(...))` below, or from
another module of performance imported by PerformanceConfig.ready.

Each source says:
- `key`: its name, stored on the indicator (`ehcp.decisions_6_weeks`);
- `label`: what the indicator page says ("Decisions to assess within 6 weeks");
- `origin`: where it is computed from, in words ("case records");
- `unit` and `frequency` it gives (an indicator must have the same);
- `figures(area)`: {period start: Figure} for every period it has a figure;
  or, with `inputs`, `figures(inputs(area))`: sources sharing one `inputs`
  (the six cohort measures read the same cohort totals) read them once a run;
- `updated(area)`: when its inputs were last computed (or None);
- `url_name`: the page where its inputs are shown (reversed with the area code);
- `targets(area)`: where the target is set with the source itself (the EHCP
  year-end target), [(applies from, value)]; None when the target is the
  indicator's own (set on the scorecard);
- `polarity`: which direction is better, where the measure fixes it (the
  statutory timeline's steps); an indicator taking the source must agree.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from . import calculations, periods


@dataclass(frozen=True)
class Figure:
    value: Decimal
    numerator: int | None = None
    denominator: int | None = None
    approved: bool = True


@dataclass(frozen=True)
class ComputedSource:
    key: str
    label: str
    origin: str
    unit: str
    frequency: str
    figures: Callable[[object], dict[date, Figure]]
    updated: Callable[[object], datetime | None]
    url_name: str = ""
    targets: Callable[[object], list] | None = None
    inputs: Callable[[object], object] | None = None
    polarity: str | None = None
    # Where one area's figures come from, where that depends on the area (a
    # timeline step: its case records or its monthly returns); else `origin`.
    origin_of: Callable[[object], str] | None = None

    def figures_for(self, area, memo):
        """{period: Figure} for `area`, reading shared inputs once per `memo` (a dict kept for one run)."""
        if self.inputs is None:
            if self.figures not in memo:
                memo[self.figures] = self.figures(area)
            return memo[self.figures]
        if self.inputs not in memo:
            memo[self.inputs] = self.inputs(area)
        return self.figures(memo[self.inputs])

    @property
    def choice_label(self):
        return f"{self.label} (computed from {self.origin})"

    def describe(self, area=None):
        """'computed from case records' (the indicator page adds when): for
        `area`, what its figures come from, where that depends on the area."""
        if area is not None and self.origin_of is not None:
            return f"computed from {self.origin_of(area)}"
        return f"computed from {self.origin}"


REGISTRY: dict[str, ComputedSource] = {}


def register(source: ComputedSource) -> ComputedSource:
    if source.key in REGISTRY:
        raise ValueError(f"A computed source {source.key!r} is registered already.")
    if source.unit not in (calculations.PERCENT, calculations.COUNT, calculations.WEEKS, calculations.DAYS,
                           calculations.RATE):  # fmt: skip
        raise ValueError(f"{source.key}: unknown unit {source.unit!r}.")
    REGISTRY[source.key] = source
    return source


def get(key):
    """The source named `key`, or None for an entered indicator ('') or a name no longer registered."""
    return REGISTRY.get(key) if key else None


def choices():
    """(key, label) for forms, entered first."""
    return [("", "Entered by its owner (typed or uploaded)")] + [
        (s.key, s.choice_label) for s in sorted(REGISTRY.values(), key=lambda s: s.key)
    ]


def percent_figure(numerator, denominator, approved=True):
    """A Figure for numerator ÷ denominator × 100, one decimal place rounded
    half up; None when the denominator is 0 (no figure, never 0%)."""
    if not denominator:
        return None
    value = calculations.round_half_up(Decimal(numerator) * 100 / Decimal(denominator))
    return Figure(value=value, numerator=int(numerator), denominator=int(denominator), approved=approved)


# ---------------------------------------------------------------- EHCP (ehcp.selectors)


def _ehcp():
    from ehcp import selectors

    return selectors


def _ehcp_updated(area):
    return _ehcp().figure_refresh(area=area).computed_at


def _ehcp_targets(area):
    """The EHCP year-end 20-week targets (set on the EHCP page), as
    (applies from, value): one place for the EHCP page's target line and
    the scorecard's target."""
    return [(t.year_start, t.target_pct) for t in _ehcp().targets(area=area)]


def _returns_figures(value_name, numerator_name, denominator_name, approved_name):
    def figures(area):
        out = {}
        for figure in _ehcp().monthly_figures(area=area, source="returns"):
            value, denominator = getattr(figure, value_name), getattr(figure, denominator_name)
            if value is None or not denominator:
                continue
            out[figure.month] = Figure(
                value=value,
                numerator=getattr(figure, numerator_name),
                denominator=denominator,
                approved=bool(getattr(figure, approved_name)),
            )
        return out

    return figures


def cohort_months(area):
    """The months a case-record measure has a figure for: from the first
    month of the area's case figures to the month its cohorts are tracked to."""
    selectors = _ehcp()
    months = list(selectors.monthly_figures(area=area, source="cases").values_list("month", flat=True))
    as_of = selectors.figure_refresh(area=area).cohorts_as_of
    if not months or as_of is None:
        return [], None
    last = as_of.replace(day=1)
    return list(periods.periods_between(periods.MONTHLY, months[0], last)), as_of


def cohort_totals(area):
    """{month: totals of every cohort as at the end of the month} (as at the
    cohorts' date for its own month): the cohort page's figures, month by
    month, so that the latest is the very figure the cohort page shows."""
    selectors = _ehcp()
    months, as_of = cohort_months(area)
    out = {}
    for month in months:
        frame = selectors.cohort_counts(as_of=min(periods.month_end(month), as_of), area_ids=[area.pk])
        columns = [c for c in frame.columns if c not in ("local_area_id", "request_month")]
        out[month] = {c: int(frame[c].sum()) for c in columns}
    return out


def _cohort_percent(numerator_column, denominator_column):
    def figures(totals_by_month):
        out = {}
        for month, totals in totals_by_month.items():
            figure = percent_figure(totals[numerator_column], totals[denominator_column])
            if figure is not None:
                out[month] = figure
        return out

    return figures


def _cohort_count(column):
    def figures(totals_by_month):
        return {month: Figure(value=Decimal(totals[column])) for month, totals in totals_by_month.items()}

    return figures


EHCP_TIMELINESS = register(
    ComputedSource(
        key="ehcp.timeliness_20_weeks",
        label="EHC plans issued within 20 weeks, monthly",
        origin="the EHCP monthly returns",
        unit=calculations.PERCENT,
        frequency=periods.MONTHLY,
        figures=_returns_figures("pct", "within_20_weeks", "issued", "month_approved"),
        updated=_ehcp_updated,
        url_name="ehcp:timeliness",
        targets=_ehcp_targets,
    )
)
EHCP_TIMELINESS_ROLLING = register(
    ComputedSource(
        key="ehcp.timeliness_20_weeks_rolling",
        label="EHC plans issued within 20 weeks, rolling 12 months",
        origin="the EHCP monthly returns",
        unit=calculations.PERCENT,
        frequency=periods.MONTHLY,
        figures=_returns_figures("rolling_pct", "rolling_within", "rolling_issued", "rolling_approved"),
        updated=_ehcp_updated,
        url_name="ehcp:timeliness",
        targets=_ehcp_targets,
    )
)
# The percentages are over every request cohort followed to the month's end
# (the cohort page's totals), not over the month's own decisions: their
# labels say so. Decisions whether to assess counted by the month they were
# made, as DfE counts them, are the timeline step ehcp.step.requests_6_weeks.
COHORT_SOURCES = [
    ("ehcp.decisions_6_weeks", "Requests decided within 6 weeks, all cohorts to the month's end",
     _cohort_percent("decided_within_6_weeks", "received"), calculations.PERCENT),
    ("ehcp.ep_advice_6_weeks", "Educational psychology advice returned within 6 weeks, all cohorts to the month's end",
     _cohort_percent("ep_advice_within_6_weeks", "ep_advice"), calculations.PERCENT),
    ("ehcp.health_advice_6_weeks", "Health advice returned within 6 weeks, all cohorts to the month's end",
     _cohort_percent("health_advice_within_6_weeks", "health_advice"), calculations.PERCENT),
    ("ehcp.social_care_advice_6_weeks", "Social care advice returned within 6 weeks, all cohorts to the month's end",
     _cohort_percent("social_care_advice_within_6_weeks", "social_care_advice"), calculations.PERCENT),
    ("ehcp.assessments_open", "Assessments open at the month's end", _cohort_count("open"), calculations.COUNT),
    ("ehcp.open_beyond_20_weeks", "Assessments open beyond 20 weeks at the month's end",
     _cohort_count("open_beyond_20_weeks"), calculations.COUNT),
]  # fmt: skip
for _key, _label, _figures, _unit in COHORT_SOURCES:
    register(
        ComputedSource(
            key=_key,
            label=_label,
            origin="case records",
            unit=_unit,
            frequency=periods.MONTHLY,
            figures=_figures,
            inputs=cohort_totals,
            updated=_ehcp_updated,
            url_name="ehcp:cohorts",
        )
    )


def _requests_received(area):
    """{month: requests received in it}, each complete month from the first
    request in the case records to the month they are tracked to (that month
    only once the records reach its last day): the cohort page's "Received"
    column, 0 for a month with none."""
    selectors = _ehcp()
    received = dict(selectors.cohort_figures(area=area).values_list("request_month", "received"))
    last = selectors.last_complete_month(area=area)
    if not received or last is None:
        return {}
    months = periods.periods_between(periods.MONTHLY, min(received), last)
    return {month: Figure(value=Decimal(received.get(month, 0))) for month in months}


def _advice_in_month(service):
    """{month: Figure}: the service's advice received in each complete month,
    and how much of it came within 6 weeks of being asked (a month with none
    has no figure)."""

    def figures(area):
        last = _ehcp().last_complete_month(area=area)
        if last is None:
            return {}
        by_month = _ehcp().advice_by_month(area=area, service=service)
        return {
            month: figure
            for month, (received, within) in sorted(by_month.items())
            if month <= last and (figure := percent_figure(within, received)) is not None
        }

    return figures


for _service, _name in (("ep", "Educational psychology"), ("health", "Health"), ("social_care", "Social care")):
    register(
        ComputedSource(
            key=f"ehcp.{_service}_advice_6_weeks_in_month",
            label=f"{_name} advice received in the month within 6 weeks of being asked",
            origin="case records",
            unit=calculations.PERCENT,
            frequency=periods.MONTHLY,
            figures=_advice_in_month(_service),
            updated=_ehcp_updated,
            url_name="ehcp:cohorts",
        )
    )


REQUESTS_RECEIVED = register(
    ComputedSource(
        key="ehcp.requests_received",
        label="Requests for an EHC needs assessment received in the month",
        origin="case records",
        unit=calculations.COUNT,
        frequency=periods.MONTHLY,
        figures=_requests_received,
        updated=_ehcp_updated,
        url_name="ehcp:cohorts",
    )
)


def _step_origin(code):
    """What an area's figures of a step come from: the source step_series reads."""

    def origin_of(area):
        sources = _ehcp().step_sources(area=area, step=code)
        if not sources:
            return "case records or monthly returns (none yet)"
        return "case records" if sources[0] == "cases" else "the monthly returns"

    return origin_of


def _tribunal_appeals(area):
    """{quarter: appeals to the SEND Tribunal registered in it}: the statutory
    timeline's monthly appeals (ehcp.selectors.step_series, the numerator of
    the appeal rate) summed over each quarter whose three months it has
    (from case records, complete months only); approved when its three
    months are (returns awaiting approval make the quarter wait too)."""
    source, series = _ehcp().step_series(area, "tribunal_appeal_rate")
    last = _ehcp().last_complete_month(area=area) if source == "cases" else None
    quarters: dict[date, list[tuple[int, bool]]] = {}
    for month, row in series.items():
        if row["numerator"] is not None and (last is None or month <= last):
            quarter = periods.period_containing(periods.QUARTERLY, month)
            quarters.setdefault(quarter, []).append((row["numerator"], row["approved"]))
    return {
        quarter: Figure(value=Decimal(sum(n for n, _ in months)), approved=all(a for _, a in months))
        for quarter, months in quarters.items()
        if len(months) == 3
    }


TRIBUNAL_APPEALS = register(
    ComputedSource(
        key="ehcp.tribunal_appeals",
        label="Appeals to the SEND Tribunal registered in the quarter",
        origin="case records, or the monthly returns where the area has no case records",
        unit=calculations.COUNT,
        frequency=periods.QUARTERLY,
        figures=_tribunal_appeals,
        updated=_ehcp_updated,
        url_name="ehcp:timeline",
        polarity=calculations.LOWER,
        origin_of=_step_origin("tribunal_appeal_rate"),
    )
)


# ---------------------------------------------------------------- the statutory timeline (ehcp.timeline.STEPS)


def _step_figures(code, *, rate):
    """A timeline step's monthly figures, from case records where the area
    has them for the step, else its monthly returns (ehcp.selectors.step_series).
    A rate keeps its numerator and denominator; weeks are a mean, kept alone.
    A month of returns is approved with its return, as the 20-week figure is."""

    def figures(area):
        _source, series = _ehcp().step_series(area, code)
        out = {}
        for month, row in series.items():
            if row["pct"] is None:
                continue
            parts = {"numerator": row["numerator"], "denominator": row["denominator"]} if rate else {}
            out[month] = Figure(value=row["pct"], approved=row["approved"], **parts)
        return out

    return figures


def _register_timeline_steps():
    from ehcp.timeline import STEPS

    units = {"percent": calculations.PERCENT, "weeks": calculations.WEEKS}
    polarities = {"higher": calculations.HIGHER, "lower": calculations.LOWER}
    for step in STEPS:
        if step.code == "timeliness_20_weeks":
            continue  # ehcp.timeliness_20_weeks above: the returns' headline
        register(
            ComputedSource(
                key=f"ehcp.step.{step.code}",
                label=step.title,
                origin="case records, or the monthly returns where the area has no case records",
                unit=units[step.unit],
                frequency=periods.MONTHLY,
                figures=_step_figures(step.code, rate=step.unit == "percent"),
                updated=_ehcp_updated,
                url_name="ehcp:timeline",
                polarity=polarities[step.polarity],
                origin_of=_step_origin(step.code),
            )
        )


_register_timeline_steps()


# ---------------------------------------------------------------- improvement (its stored period counts)


def closed_period_counts(area):
    """{month: {status: actions}} over the area's active plans, from the
    counts kept when each reporting period closed (improvement's own record,
    read as its pages read it). One query."""
    from django.db.models import Sum

    from improvement.models import PeriodStatusCount

    out = {}
    rows = (
        PeriodStatusCount.objects.filter(
            period__plan__local_area=area, period__plan__is_active=True, period__closed_at__isnull=False
        )
        .values("period__month", "status")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        out.setdefault(row["period__month"], {})[row["status"]] = row["n"]
    return out


def _plan_status_counts(status):
    def figures(counts_by_month):
        return {month: Figure(value=Decimal(c.get(status, 0))) for month, c in counts_by_month.items()}

    return figures


def _plan_updated(area):
    from django.db.models import Max

    from improvement.models import ReportingPeriod

    return ReportingPeriod.objects.filter(plan__local_area=area).aggregate(at=Max("closed_at"))["at"]


for _status, _label in (("delayed", "Delayed"), ("beyond_milestone", "Beyond Milestone")):
    register(
        ComputedSource(
            key=f"improvement.actions_{_status}",
            label=f"Improvement plan actions {_label} when the period closed",
            origin="the improvement plan",
            unit=calculations.COUNT,
            frequency=periods.MONTHLY,
            figures=_plan_status_counts(_status),
            inputs=closed_period_counts,
            updated=_plan_updated,
            url_name="improvement:plan",
        )
    )
