"""The board pack's sections, each read through the selectors its page uses.

A section is a plain dict for its template (packs/pdf/_<key>.html): `key`,
`title`, `empty` (a sentence saying why there is nothing to show, or "") and
what the section shows; `charts` lists the Plotly figures to draw, each with
its alternative text, caption and the id of the table that carries its
figures. Nothing here computes a figure: every number comes from the same
selector (and the same stored figures) as the page named in `page`, as at
the end of the pack's month (the cohorts of an earlier month than the
stored ones' are counted as at its end by ehcp's cohort_overview).
"""

from dataclasses import dataclass, replace
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ehcp import charts as ehcp_charts
from ehcp import selectors as ehcp_selectors
from ehcp.benchmarks import charts as benchmark_charts
from ehcp.benchmarks import selectors as benchmark_selectors
from improvement import charts as improvement_charts
from improvement import selectors as improvement_selectors
from improvement.models import EVIDENCE_RAG, EvidenceStatus
from performance import calculations, selectors
from performance import charts as performance_charts
from send_board.templatetags.send_board import RAG_WORDS

from .models import Section

TIMELINESS_MONTHS = 13


@dataclass
class Chart:
    """A chart to draw: `svg` is set when drawn, else the table says it all."""

    figure: object
    alt: str
    caption: str
    table_id: str
    svg: str | None = None


def month_words(month):
    return f"{month:%B %Y}"


def month_end(month):
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _section(key, **data):
    return {"key": key, "title": Section(key).label, "empty": "", "charts": [], **data}


def tolerance_text(rating, unit):
    """A tolerance is in the indicator's own unit: points for a percentage."""
    if rating is None or rating.tolerance is None:
        return "–"
    if unit == calculations.PERCENT:
        return f"{calculations.shown(rating.tolerance, unit)} points"
    return calculations.format_value(rating.tolerance, unit)


# ---------------------------------------------------------------- by exception


def exceptions(*, area, as_at, **_):
    """Reporting by exception (performance:exceptions): red or worsening three
    periods running, and deep dives; a red without commentary says so."""
    rows = selectors.exception_rows(area=area, as_at=as_at)
    items = [
        {
            "row": row,
            "tolerance": tolerance_text(row.rating, row.indicator.unit),
            "commentary_missing": row.rag == calculations.RED and row.commentary is None,
        }
        for row in rows
    ]
    empty = (
        ""
        if items
        else (
            f"No exceptions as at {month_words(as_at)}: no indicator is red, none has worsened three periods "
            "running, and no deep dive is requested."
        )
    )
    page = reverse("performance:exceptions", args=[area.code])
    return _section(Section.EXCEPTIONS, items=items, empty=empty, page=page)


# ---------------------------------------------------------------- scorecard


def scorecard(*, area, as_at, **_):
    """Every indicator grouped by service area, as the scorecard page (?month=) shows it."""
    grouped = selectors.scorecard(area=area, as_at=as_at)
    rows = [row for group in grouped.values() for row in group]
    with_value = [row for row in rows if row.value is not None]
    groups = [
        {"service": service.label, "rows": service_rows, "counts": selectors.rag_counts(service_rows)}
        for service, service_rows in grouped.items()
    ]
    counts = selectors.rag_counts(rows)
    section = _section(
        Section.SCORECARD,
        groups=groups,
        counts=counts,
        page=reverse("performance:scorecard", args=[area.code]) + f"?month={as_at:%Y-%m}",
    )
    if not rows:
        section["empty"] = f"No indicators are defined for {area.name}."
    elif not with_value:
        section["empty"] = f"No indicator has a figure for a period ended by {month_words(as_at)}."
    else:
        section["charts"].append(
            Chart(
                figure=performance_charts.rag_summary_figure(counts, title="Indicators by rating"),
                alt=(
                    "Bar chart of the number of indicators by rating: "
                    + ", ".join(f"{RAG_WORDS.get(rag, rag)} {n}" for rag, n in counts.items())
                    + "."
                ),
                caption=f"Indicators by rating as at {month_words(as_at)}",
                table_id="scorecard-counts",
            )
        )
    return section


# ---------------------------------------------------------------- EHCP


def ehcp(*, area, as_at, **_):
    """The EHCP page's chart and table for the 13 months to the as-at month,
    year to date and trajectory, the statutory timeline page's table (each
    step's last month to the as-at month), cohorts, and the national position."""
    overview = ehcp_selectors.timeliness_overview(area=area, as_at=as_at)
    figures = overview.figures[-TIMELINESS_MONTHS:]
    cohorts = ehcp_selectors.cohort_overview(area=area, as_of=month_end(as_at))
    benchmark = _benchmark_to(benchmark_selectors.area_benchmark(area=area), as_at)
    years = benchmark.years
    national = benchmark_selectors.timeline_positions(area=area, up_to_year=_last_year_over(as_at))
    steps = ehcp_selectors.timeline_overview(area=area, up_to=month_end(as_at))
    section = _section(
        Section.EHCP,
        overview=overview,
        figures=figures,
        rows=[{"figure": f, "target": overview.target_for(f.month)} for f in figures],
        latest=overview.latest,
        latest_rolling=overview.latest_rolling,
        cohorts=cohorts,
        cohorts_as_of=cohorts.as_of,
        has_cohorts=bool(cohorts.cohorts),
        benchmark=benchmark,
        benchmark_years=list(reversed(years)),
        benchmark_latest=years[-1] if years else None,
        timeline=[(row, national.get(row.step.code)) for row in steps],
        page=reverse("ehcp:timeliness", args=[area.code]),
    )
    if not figures:
        section["empty"] = f"No EHCP 20-week figures for {area.name} for a month up to {month_words(as_at)}."
        return section
    section["charts"].append(
        Chart(
            figure=ehcp_charts.timeliness_chart(
                months=[f.month for f in figures],
                pct=[f.pct for f in figures],
                rolling_pct=[f.rolling_pct for f in figures],
                approved=[f.month_approved for f in figures],
                targets=[overview.target_for(f.month) for f in figures],
                area_name=area.name,
            ),
            alt=(
                f"Bar chart of the percentage of EHC plans issued within 20 weeks each month from "
                f"{month_words(figures[0].month)} to {month_words(figures[-1].month)}, excluding exceptions, with the "
                f"rolling 12-month percentage as a line and the year-end target as a dashed line. "
                f"{month_words(figures[-1].month)}: {_pct(figures[-1].pct)} in the month, "
                f"{_pct(figures[-1].rolling_pct)} over 12 months."
            ),
            caption=f"EHC plans issued within 20 weeks, {area.name}, by month",
            table_id="ehcp-table",
        )
    )
    if years:
        section["charts"].append(
            Chart(
                figure=benchmark_charts.benchmark_trend(benchmark, area.name),
                alt=(
                    f"Line chart of the percentage of new EHC plans issued within 20 weeks by calendar year, for "
                    f"{area.name}, its region, England and its statistical neighbours (DfE's published figures)."
                ),
                caption="How the area compares nationally, by calendar year",
                table_id="benchmark-table",
            )
        )
    return section


def _benchmark_to(benchmark, as_at):
    """The benchmark with only the years a pack for the month can know: DfE's
    SEN2 years are calendar years, so a year counts once it has ended by the
    end of the pack's month (2024 in a pack as at December 2024, not in one
    as at June 2024), as the December rolling 12 months covers the same plans."""
    return replace(benchmark, years=[y for y in benchmark.years if y.year <= _last_year_over(as_at)])


def _last_year_over(as_at):
    """The last calendar year over by the end of the month `as_at`."""
    return as_at.year if as_at.month == 12 else as_at.year - 1


def _pct(value):
    return "no figure" if value is None else f"{value}%"


# ---------------------------------------------------------------- improvement plan


def plan(*, area, **_):
    """Each active plan's overview (programme status this period against the
    previous, areas with BRAG) and its actions behind schedule, as the plan's
    overview and area pages show them."""
    plans = []
    for summary in improvement_selectors.plan_summaries(area=area):
        overview = improvement_selectors.plan_overview(plan=summary["plan"])
        behind = []
        for area_row in overview.areas:
            page = improvement_selectors.area_page(
                area=area_row.area, period=overview.current, periods=overview.periods
            )
            behind.extend(page.behind)
        behind.sort(key=lambda row: row["action"].sort_key)
        chart = None
        if overview.series:
            chart = Chart(
                figure=improvement_charts.status_over_periods(
                    [(p.label, counts) for p, counts in overview.series], improvement_selectors.STATUS_LABELS
                ),
                alt=(
                    f"Stacked bar chart of the {summary['name']}'s actions by status in each reporting period, "
                    f"from {overview.series[0][0].label} to {overview.series[-1][0].label}."
                ),
                caption=f"{summary['name']}: actions by status over the reporting periods",
                table_id=f"plan-{summary['plan'].pk}-status",
            )
        plans.append({"summary": summary, "overview": overview, "behind": behind, "chart": chart})
    section = _section(
        Section.PLAN,
        plans=plans,
        charts=[p["chart"] for p in plans if p["chart"]],
        page=reverse("improvement:plan", args=[area.code]),
    )
    if not plans:
        section["empty"] = f"{area.name} has no active improvement plan."
    return section


# ---------------------------------------------------------------- risks


def risks(*, area, today, **_):
    """The risk register page's heat map and table, the escalated (very high)
    risks and the reviews overdue."""
    overview = improvement_selectors.risk_overview(area=area, today=today)
    section = _section(Section.RISKS, overview=overview, page=reverse("improvement:risks", args=[area.code]))
    if not overview.open_risks:
        section["empty"] = f"{area.name}'s risk register has no open risk."
        return section
    section["charts"].append(
        Chart(
            figure=improvement_charts.risk_heat_map(overview.grid),
            alt=(
                "A five by five grid of likelihood against impact; each cell shows how many open risks have that "
                f"score. {len(overview.open_risks)} open risks: "
                + ", ".join(f"{n} {label.lower()}" for label, n in overview.bands.items())
                + "."
            ),
            caption="Open risks by likelihood and impact",
            table_id="heat-map-table",
        )
    )
    return section


# ---------------------------------------------------------------- decisions and action log


def decisions(*, area, as_at, meeting, **_):
    """The previous meeting's decisions and its action log, open items first."""
    before = meeting.held_on if meeting is not None else month_end(as_at) + timedelta(days=1)
    previous = improvement_selectors.previous_meeting(area=area, before=before)
    section = _section(Section.DECISIONS, previous=previous, page=reverse("improvement:decisions", args=[area.code]))
    if previous is None:
        when = f"{meeting.held_on.day} {meeting.held_on:%B %Y}" if meeting else f"the end of {month_words(as_at)}"
        section["empty"] = f"No board meeting of {area.name} is recorded before {when}."
        return section
    record = improvement_selectors.meeting_record(meeting=previous)
    section.update(record=record, log=record.log_open_first)
    return section


# ---------------------------------------------------------------- inspection readiness


def readiness(*, area, **_):
    """The evidence library's counts by status and every item not yet complete."""
    items, counts = improvement_selectors.readiness_summary(area=area)
    rows = [(status, label, n, EVIDENCE_RAG[status]) for status, label, n in counts]
    section = _section(
        Section.READINESS,
        counts=rows,
        total=len(items),
        incomplete=[item for item in items if item.status != EvidenceStatus.COMPLETE],
        page=reverse("improvement:readiness", args=[area.code]),
    )
    if not items:
        section["empty"] = f"{area.name}'s evidence library has no items."
        return section
    section["charts"].append(
        Chart(
            figure=improvement_charts.readiness_bars([(label, n, rag) for _s, label, n, rag in rows]),
            alt="Bar chart of the number of evidence items in each status: "
            + ", ".join(f"{label} {n}" for _s, label, n, _r in rows)
            + ".",
            caption="Evidence items by status",
            table_id="readiness-counts",
        )
    )
    return section


BUILDERS = {
    Section.EXCEPTIONS: exceptions,
    Section.SCORECARD: scorecard,
    Section.EHCP: ehcp,
    Section.PLAN: plan,
    Section.RISKS: risks,
    Section.DECISIONS: decisions,
    Section.READINESS: readiness,
}


def build(key, *, area, as_at, meeting=None, today=None):
    """One section's data, read through its page's selectors."""
    return BUILDERS[Section(key)](area=area, as_at=as_at, meeting=meeting, today=today or timezone.localdate())
