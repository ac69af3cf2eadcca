"""What the scorecard reads from the other apps: the EHCP headline (ehcp),
DfE's national figures (ehcp.benchmarks, when installed), plan status, red
risks and actions (improvement). Those apps never import performance; this
module is the one place that imports them."""

from decimal import Decimal

from django.apps import apps
from django.urls import reverse

from ehcp import selectors as ehcp_selectors
from improvement import selectors as improvement_selectors

from . import periods
from .models import IndicatorActionLink

RED_RISKS_SHOWN = 8

# The indicators whose measure DfE publishes, by the ehcp.benchmarks measure that is theirs.
DFE_MEASURES = {"EHCP20": "timeliness_20_weeks", "EHCP20R": "timeliness_20_weeks", "DTA6": "requests_6_weeks"}


def dfe_figures(*, area, code) -> dict[int, dict[str, Decimal]]:
    """DfE's published England and regional figures for the measure of the
    indicator `code` (DFE_MEASURES), by calendar year: {2024: {"england":
    Decimal, "region": Decimal}}, a series absent where DfE has none that
    year (never zero). Empty when the indicator's measure is not DfE's, or
    ehcp.benchmarks is not installed, or no release has been imported."""
    measure = DFE_MEASURES.get(code)
    if measure is None or not apps.is_installed("ehcp.benchmarks"):
        return {}
    from ehcp.benchmarks import selectors as benchmark_selectors

    if measure == "timeliness_20_weeks":  # the release's headline measure
        years = benchmark_selectors.area_benchmark(area=area).years
    else:
        years = benchmark_selectors.measure_benchmark(la_code=area.code, measure=measure, region_name=area.region).years
    figures: dict[int, dict[str, Decimal]] = {}
    for year in years:
        values = {"england": year.england_pct, "region": year.region_pct}
        if found := {series: value for series, value in values.items() if value is not None}:
            figures[year.year] = found
    return figures


def ehcp_headline(*, area, as_at=None):
    """The latest EHCP 20-week figure from the returns (of a month up to
    `as_at` when given), or None. One query."""
    if as_at is None:
        figure = ehcp_selectors.latest_figure(area=area)
    else:
        figure = ehcp_selectors.monthly_figures(area=area).filter(month__lte=as_at).order_by("-month").first()
    if figure is None:
        return None
    return {
        "month": figure.month,
        "month_name": periods.period_name(periods.MONTHLY, figure.month),
        "pct": figure.pct,
        "issued": figure.issued,
        "within": figure.within_20_weeks,
        "rolling_pct": figure.rolling_pct,
        "rolling_issued": figure.rolling_issued,
        "rolling_within": figure.rolling_within,
        "ytd_pct": figure.ytd_pct,
        "approved": figure.month_approved,
        "rolling_approved": figure.rolling_approved,
        "current": as_at is None or figure.month == as_at,
        "url": reverse("ehcp:timeliness", args=[area.code]),
    }


def plan_status(*, area):
    """The area's active plans with action counts by BRAG (improvement's contract)."""
    return improvement_selectors.plan_summaries(area=area)


def red_risks(*, area):
    """The highest open risks (score 10 or more), at most RED_RISKS_SHOWN, and how many in all."""
    risks = improvement_selectors.red_risks(area=area)
    shown = list(risks[: RED_RISKS_SHOWN + 1])
    return {
        "risks": shown[:RED_RISKS_SHOWN],
        "more": len(shown) > RED_RISKS_SHOWN,
        "url": reverse("improvement:risks", args=[area.code]),
    }


def action_choices(*, area):
    return improvement_selectors.action_choices(area=area)


def linked_actions(*, indicator):
    """The improvement actions that aim to move the indicator. One query."""
    links = IndicatorActionLink.objects.filter(indicator=indicator).select_related(
        "action", "action__plan", "action__plan__local_area"
    )
    return [link.action for link in links.order_by("action__plan__name", "action__sort_key")]
